import { tenantOf, type TenantTx } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { StockMovementKind } from "@/lib/generated/prisma/client";
import { formatQuantity } from "@/lib/money/format-money";

export interface Movement {
  locationId: string;
  partId: string;
  kind: StockMovementKind;
  /** signed thousandths: positive into stock, negative out */
  quantityMilli: number;
  unitCostMinor?: number | null;
  jobLineId?: string | null;
  purchaseOrderLineId?: string | null;
  note?: string | null;
  userId: string;
}

/** The most a balance may hold: StockLevel.onHandMilli is a 4-byte integer (2,147,483.647 units). */
export const MAX_ON_HAND_MILLI = 2_000_000_000;

/** Thrown when a movement would take stock below zero; nothing has changed. */
export class NotEnoughStock extends AppError {
  constructor(readonly onHandMilli: number, what: string) {
    super("CONFLICT", `Only ${formatQuantity(onHandMilli)} of ${what} in stock here: nothing was changed.`);
  }
}

/**
 * Appends one movement to the ledger and moves the running balance by the same
 * amount, in the caller's transaction. The balance changes by one conditional
 * UPDATE (onHand + q >= 0): Postgres re-checks the condition against the row as
 * the competing transaction left it, so two technicians fitting the last unit
 * cannot both succeed, and the StockLevel_not_negative check backs it up.
 * Callers take row locks in the order purchase order, job line, stock level,
 * and write the audit entry last.
 */
export async function moveStock(tx: TenantTx, movement: Movement, what = "this part"): Promise<{ onHandMilli: number }> {
  const organizationId = tenantOf(tx);
  const { locationId, partId, quantityMilli } = movement;
  if (quantityMilli > 0) {
    // The first delivery of a part at a location opens its balance; racing first deliveries both land.
    await tx.stockLevel.createMany({ data: [{ organizationId, locationId, partId, onHandMilli: 0 }], skipDuplicates: true });
  }
  // Bounded above as well, so a balance that would overflow the column is a clear refusal, not a database error.
  const [level] = await tx.stockLevel.updateManyAndReturn({
    where: { locationId, partId, onHandMilli: { gte: -quantityMilli, lte: MAX_ON_HAND_MILLI - quantityMilli } },
    data: { onHandMilli: { increment: quantityMilli } },
    select: { onHandMilli: true },
  });
  if (!level && quantityMilli > 0) {
    throw new AppError("VALIDATION_FAILED", `That would put more than ${formatQuantity(MAX_ON_HAND_MILLI)} of ${what} in stock here: nothing was changed.`);
  }
  if (!level) {
    const current = await tx.stockLevel.findFirst({ where: { locationId, partId }, select: { onHandMilli: true } });
    throw new NotEnoughStock(current?.onHandMilli ?? 0, what);
  }
  await tx.stockMovement.create({
    data: {
      organizationId, locationId, partId, kind: movement.kind, quantityMilli,
      unitCostMinor: movement.unitCostMinor ?? null, jobLineId: movement.jobLineId ?? null,
      purchaseOrderLineId: movement.purchaseOrderLineId ?? null, note: movement.note ?? null, userId: movement.userId,
    },
  });
  return { onHandMilli: level.onHandMilli };
}
