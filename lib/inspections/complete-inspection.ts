import { audit } from "@/lib/audit/audit";
import { withTenant } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { actorOf, type OrgContext } from "@/lib/org/context";
import { authorize } from "@/lib/rbac";
import { shareRepairOrder } from "@/lib/repair-orders/row-locks";
import { EDITABLE } from "@/lib/repair-orders/status";
import { lockInspection, visibleInspection } from "./inspection-access";
import { proposeJobs } from "./propose-jobs";

/**
 * Completes an inspection once every item is rated, and proposes a job on the
 * repair order for each amber or red item not proposed yet. From then on the
 * results are fixed: they are what the customer sees with the estimate.
 */
export async function completeInspection(ctx: OrgContext, inspectionId: string) {
  await authorize(ctx, "inspection.update");
  await authorize(ctx, "repairOrder.update");
  return withTenant(ctx.orgId, async (tx) => {
    const inspection = await visibleInspection(tx, ctx, inspectionId);
    const orderStatus = await shareRepairOrder(tx, ctx.orgId, inspection.repairOrderId);
    if (!EDITABLE.has(orderStatus)) throw new AppError("CONFLICT", "This repair order can no longer change.");
    if ((await lockInspection(tx, ctx.orgId, inspection.id, "update")) !== "IN_PROGRESS") {
      throw new AppError("CONFLICT", "This inspection was already completed.");
    }
    const items = await tx.inspectionItem.findMany({ where: { inspectionId: inspection.id }, orderBy: { position: "asc" } });
    const unrated = items.filter((item) => item.rating === null);
    if (unrated.length > 0) {
      throw new AppError("VALIDATION_FAILED", `Rate every item first: ${unrated.length} left (${unrated.slice(0, 3).map((item) => item.label).join(", ")}${unrated.length > 3 ? ", …" : ""}).`, {
        fields: Object.fromEntries(unrated.map((item) => [`rating.${item.id}`, "Rate this item."])),
      });
    }
    await tx.inspection.update({
      where: { organizationId_id: { organizationId: ctx.orgId, id: inspection.id } },
      data: { status: "COMPLETED", completedAt: new Date() },
    });
    const jobs = await proposeJobs(tx, ctx, inspection.repairOrderId, items);
    const count = (rating: string) => items.filter((item) => item.rating === rating).length;
    await audit(tx, actorOf(ctx), "inspection.complete", { type: "Inspection", id: inspection.id }, {
      repairOrderId: inspection.repairOrderId, green: count("GREEN"), amber: count("AMBER"), red: count("RED"), proposedJobs: jobs.length,
    });
    return { proposedJobs: jobs.length };
  });
}
