import { audit } from "@/lib/audit/audit";
import { withTenant } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { isUuid } from "@/lib/ids";
import { actorOf, type OrgContext } from "@/lib/org/context";
import { authorize } from "@/lib/rbac";
import { EDITABLE } from "@/lib/repair-orders/status";

const notFound = () => new AppError("NOT_FOUND", "That recommendation was not found.");

/**
 * Work the customer declined or put off last time, added back on this visit:
 * the old job's lines are copied at their old prices onto a new pending job,
 * which the customer approves again.
 */
export async function takeUpRecommendation(ctx: OrgContext, recommendationId: string, repairOrderId: string) {
  await authorize(ctx, "repairOrder.update");
  await authorize(ctx, "invoice.create");
  return withTenant(ctx.orgId, async (tx) => {
    const recommendation = isUuid(recommendationId) ? await tx.recommendation.findFirst({ where: { id: recommendationId } }) : null;
    const order = isUuid(repairOrderId) ? await tx.repairOrder.findFirst({ where: { id: repairOrderId } }) : null;
    if (!recommendation || !order) throw notFound();
    if (recommendation.vehicleId !== order.vehicleId) throw new AppError("VALIDATION_FAILED", "That recommendation is for another vehicle.");
    if (recommendation.status !== "OPEN") throw new AppError("CONFLICT", "That recommendation was already dealt with.");
    if (!EDITABLE.has(order.status)) throw new AppError("CONFLICT", `Repair order ${order.number} can no longer change.`);
    const source = await tx.job.findFirstOrThrow({ where: { id: recommendation.sourceJobId }, include: { lines: { orderBy: { createdAt: "asc" } } } });
    const position = (await tx.job.count({ where: { repairOrderId: order.id } })) + 1;
    const job = await tx.job.create({ data: { organizationId: ctx.orgId, repairOrderId: order.id, position, title: recommendation.title } });
    await tx.jobLine.createMany({
      data: source.lines.map((line) => ({
        organizationId: ctx.orgId, jobId: job.id, kind: line.kind, description: line.description, quantityMilli: line.quantityMilli,
        unitPriceMinor: line.unitPriceMinor, unitCostMinor: line.unitCostMinor, taxRateBp: line.taxRateBp,
        technicianUserId: null, partStatus: line.kind === "PART" ? ("NEEDED" as const) : null,
      })),
    });
    const taken = await tx.recommendation.updateMany({ where: { id: recommendation.id, status: "OPEN" }, data: { status: "ADDED", addedToRepairOrderId: order.id } });
    if (taken.count !== 1) throw new AppError("CONFLICT", "That recommendation was already dealt with.");
    await audit(tx, actorOf(ctx), "recommendation.add", { type: "Recommendation", id: recommendation.id }, { repairOrderId: order.id, jobId: job.id });
    return job;
  });
}

/** The customer does not want it any more: it stops coming back. */
export async function dismissRecommendation(ctx: OrgContext, recommendationId: string) {
  await authorize(ctx, "repairOrder.update");
  await authorize(ctx, "invoice.create");
  return withTenant(ctx.orgId, async (tx) => {
    const dismissed = isUuid(recommendationId)
      ? await tx.recommendation.updateMany({ where: { id: recommendationId, status: "OPEN" }, data: { status: "DISMISSED" } })
      : { count: 0 };
    if (dismissed.count !== 1) throw notFound();
    await audit(tx, actorOf(ctx), "recommendation.dismiss", { type: "Recommendation", id: recommendationId });
  });
}
