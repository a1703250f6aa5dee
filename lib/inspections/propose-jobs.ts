import { audit } from "@/lib/audit/audit";
import { withTenant, type TenantTx } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { InspectionItem } from "@/lib/generated/prisma/client";
import { actorOf, type OrgContext } from "@/lib/org/context";
import { authorize } from "@/lib/rbac";
import { shareRepairOrder } from "@/lib/repair-orders/row-locks";
import { EDITABLE } from "@/lib/repair-orders/status";
import { lockInspection, visibleItem } from "./inspection-access";
import { formatMeasurement } from "./measurement";

type ProposableItem = Pick<InspectionItem, "id" | "label" | "rating" | "measurementMilli" | "measurementUnit" | "proposedJobId">;

/** "Front brake pads — 2 mm (RED)" */
export function proposedJobTitle(item: ProposableItem): string {
  const measured = item.measurementMilli === null ? "" : ` — ${formatMeasurement(item.measurementMilli, item.measurementUnit)}`;
  return `${item.label.slice(0, 150)}${measured} (${item.rating})`;
}

export const needsWork = (item: ProposableItem) => (item.rating === "AMBER" || item.rating === "RED") && item.proposedJobId === null;

/**
 * Each amber or red item not yet proposed becomes a job waiting for the
 * customer's approval, linked back to the item so it is proposed only once.
 * The job has no lines: the advisor prices it. A link still out showed the
 * estimate without this work, so it stops working (as a price change does):
 * the customer is never asked about a job with no price behind it.
 * Call under the repair order's share lock and the inspection's update lock.
 */
export async function proposeJobs(tx: TenantTx, ctx: OrgContext, repairOrderId: string, items: readonly ProposableItem[]) {
  const proposed = items.filter(needsWork);
  if (proposed.length === 0) return [];
  let position = await tx.job.count({ where: { repairOrderId } });
  const jobs = [];
  for (const item of proposed) {
    position += 1;
    const job = await tx.job.create({ data: { organizationId: ctx.orgId, repairOrderId, position, title: proposedJobTitle(item) } });
    await tx.inspectionItem.update({ where: { organizationId_id: { organizationId: ctx.orgId, id: item.id } }, data: { proposedJobId: job.id } });
    await audit(tx, actorOf(ctx), "job.create", { type: "Job", id: job.id }, { repairOrderId, inspectionItemId: item.id, title: job.title });
    jobs.push(job);
  }
  await tx.approvalLink.updateMany({ where: { repairOrderId, usedAt: null, revokedAt: null }, data: { revokedAt: new Date() } });
  return jobs;
}

/** The advisor's or technician's "add to the estimate" on one amber or red item, before the inspection is complete. */
export async function proposeJobForItem(ctx: OrgContext, itemId: string) {
  await authorize(ctx, "inspection.update");
  await authorize(ctx, "repairOrder.update");
  return withTenant(ctx.orgId, async (tx) => {
    const found = await visibleItem(tx, ctx, itemId);
    const status = await shareRepairOrder(tx, ctx.orgId, found.inspection.repairOrderId);
    if (!EDITABLE.has(status)) throw new AppError("CONFLICT", "This repair order can no longer change.");
    await lockInspection(tx, ctx.orgId, found.inspectionId, "update");
    // Read again under the lock: a second click, or the inspection completing, may have proposed it already.
    const item = await tx.inspectionItem.findFirstOrThrow({ where: { id: found.id } });
    if (item.rating !== "AMBER" && item.rating !== "RED") {
      throw new AppError("VALIDATION_FAILED", "Only amber and red items become jobs.", { fields: { rating: "Rate the item amber or red first." } });
    }
    if (item.proposedJobId) return { created: false, jobId: item.proposedJobId };
    const [job] = await proposeJobs(tx, ctx, found.inspection.repairOrderId, [item]);
    return { created: true, jobId: job!.id };
  });
}
