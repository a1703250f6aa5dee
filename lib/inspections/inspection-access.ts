import type { TenantTx } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { InspectionStatus } from "@/lib/generated/prisma/client";
import { isUuid } from "@/lib/ids";
import type { OrgContext } from "@/lib/org/context";
import { visibleTo } from "@/lib/repair-orders/visibility";

// An inspection is seen by whoever sees its repair order: a technician only on
// work assigned to them. Anything else (another workshop's id, not a UUID) is
// "not found", the same answer as for an id that never existed.

export const inspectionNotFound = () => new AppError("NOT_FOUND", "That inspection was not found.");

export async function visibleInspection(tx: TenantTx, ctx: OrgContext, inspectionId: string) {
  const inspection = isUuid(inspectionId)
    ? await tx.inspection.findFirst({ where: { id: inspectionId, repairOrder: visibleTo(ctx) } })
    : null;
  if (!inspection) throw inspectionNotFound();
  return inspection;
}

export async function visibleItem(tx: TenantTx, ctx: OrgContext, itemId: string) {
  const item = isUuid(itemId)
    ? await tx.inspectionItem.findFirst({ where: { id: itemId, inspection: { repairOrder: visibleTo(ctx) } }, include: { inspection: true } })
    : null;
  if (!item) throw new AppError("NOT_FOUND", "That inspection item was not found.");
  return item;
}

/**
 * Row lock on the inspection, taken after the repair order's (lib/repair-orders/row-locks.ts):
 * ratings and photos share it; completing and proposing jobs take it alone, so an
 * item is rated before the inspection completes or after, and a job is proposed once.
 */
export async function lockInspection(tx: TenantTx, orgId: string, inspectionId: string, mode: "share" | "update"): Promise<InspectionStatus> {
  const [row] =
    mode === "update"
      ? await tx.$queryRaw<Array<{ status: InspectionStatus }>>`
          SELECT status FROM "Inspection" WHERE "organizationId" = ${orgId}::uuid AND id = ${inspectionId}::uuid FOR UPDATE`
      : await tx.$queryRaw<Array<{ status: InspectionStatus }>>`
          SELECT status FROM "Inspection" WHERE "organizationId" = ${orgId}::uuid AND id = ${inspectionId}::uuid FOR SHARE`;
  if (!row) throw inspectionNotFound();
  return row.status;
}

/** Ratings and photos change only while the inspection is open. */
export async function assertOpen(tx: TenantTx, orgId: string, inspectionId: string) {
  if ((await lockInspection(tx, orgId, inspectionId, "share")) !== "IN_PROGRESS") {
    throw new AppError("CONFLICT", "This inspection is completed: its results can no longer change.");
  }
}
