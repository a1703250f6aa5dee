import { withTenant } from "@/lib/db";
import type { OrgContext } from "@/lib/org/context";
import { can } from "@/lib/rbac";

/**
 * What the repair order page shows around the work: the customer's decisions
 * with their evidence, the link last sent, the invoices, and work recommended
 * on earlier visits of the same car that is still open.
 */
export async function repairOrderExtras(ctx: OrgContext, order: { id: string; vehicleId: string }) {
  return withTenant(ctx.orgId, async (tx) => {
    const [decisions, link, invoices, recommendations] = await Promise.all([
      tx.jobDecision.findMany({ where: { repairOrderId: order.id }, orderBy: { decidedAt: "asc" }, include: { job: { select: { title: true } } } }),
      tx.approvalLink.findFirst({ where: { repairOrderId: order.id }, orderBy: { createdAt: "desc" } }),
      can(ctx, "invoice.read")
        ? tx.invoice.findMany({ where: { repairOrderId: order.id }, orderBy: { issuedAt: "asc" }, select: { id: true, kind: true, number: true, grossMinor: true, issuedAt: true } })
        : Promise.resolve([]),
      tx.recommendation.findMany({ where: { vehicleId: order.vehicleId, status: "OPEN", sourceRepairOrderId: { not: order.id } }, orderBy: { createdAt: "desc" } }),
    ]);
    return { decisions, link, invoices, recommendations };
  });
}
