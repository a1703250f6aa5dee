import { z } from "zod";
import { audit } from "@/lib/audit/audit";
import { withTenant, type TenantTx } from "@/lib/db";
import { blankToUndefined } from "@/lib/forms/blank";
import { parseInput } from "@/lib/forms/parse-input";
import type { Prisma } from "@/lib/generated/prisma/client";
import { actorOf, type OrgContext } from "@/lib/org/context";
import { findLocation } from "@/lib/parts/stock-location";
import { authorize } from "@/lib/rbac";
import { findSupplier } from "@/lib/suppliers/find-supplier";

export const ZCreatePurchaseOrder = z.object({
  supplierId: z.string({ message: "Choose a supplier." }).min(1, "Choose a supplier."),
  locationId: z.string({ message: "Choose where it is delivered." }).min(1, "Choose where it is delivered."),
  expectedAt: z.preprocess(blankToUndefined, z.coerce.date({ message: "Enter a date." }).optional()),
  notes: z.preprocess(blankToUndefined, z.string().trim().max(2000, "Use at most 2000 characters.").optional()),
});

/**
 * Writes a draft purchase order with the workshop's next number, inside the
 * caller's transaction. The number comes from the workshop's row by UPDATE …
 * RETURNING: its row lock serializes openings, so numbers never collide, and a
 * rolled-back opening gives its number back. Does not authorize.
 */
export async function openPurchaseOrder(
  ctx: OrgContext, tx: TenantTx, global: Prisma.TransactionClient,
  input: { supplierId: string; locationId: string; expectedAt?: Date; notes?: string },
) {
  const supplier = await findSupplier(tx, input.supplierId);
  const location = await findLocation(tx, input.locationId);
  const [{ number }] = (await global.$queryRaw<Array<{ number: number }>>`
    UPDATE "Organization" SET "nextPurchaseOrderNumber" = "nextPurchaseOrderNumber" + 1
     WHERE id = ${ctx.orgId}::uuid RETURNING "nextPurchaseOrderNumber" - 1 AS number`) as [{ number: number }];
  const order = await tx.purchaseOrder.create({
    data: {
      organizationId: ctx.orgId, number, supplierId: supplier.id, locationId: location.id,
      expectedAt: input.expectedAt ?? null, notes: input.notes ?? null, createdByUserId: ctx.userId,
    },
  });
  await audit(tx, actorOf(ctx), "purchaseOrder.create", { type: "PurchaseOrder", id: order.id }, { number, supplierId: supplier.id, locationId: location.id });
  return order;
}

export async function createPurchaseOrder(ctx: OrgContext, raw: z.input<typeof ZCreatePurchaseOrder>) {
  await authorize(ctx, "purchaseOrder.manage");
  const input = parseInput(ZCreatePurchaseOrder, raw);
  return withTenant(ctx.orgId, (tx, global) => openPurchaseOrder(ctx, tx, global, input));
}
