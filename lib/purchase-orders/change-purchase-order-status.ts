import { audit } from "@/lib/audit/audit";
import { withTenant } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { actorOf, type OrgContext } from "@/lib/org/context";
import { authorize } from "@/lib/rbac";
import { lockDraft, lockPurchaseOrder, STATUS_LABEL } from "./lock-purchase-order";

/**
 * Sends a draft to the supplier: from here its lines are fixed and it only
 * takes deliveries. Repair order lines waiting for it move from needed to ordered.
 */
export async function markPurchaseOrderOrdered(ctx: OrgContext, purchaseOrderId: string) {
  await authorize(ctx, "purchaseOrder.manage");
  return withTenant(ctx.orgId, async (tx) => {
    const order = await lockDraft(tx, purchaseOrderId);
    const lines = await tx.purchaseOrderLine.findMany({ where: { purchaseOrderId: order.id }, select: { jobLineId: true } });
    if (lines.length === 0) throw new AppError("CONFLICT", `Purchase order ${order.number} has no lines: add the parts to order first.`);
    const jobLineIds = lines.flatMap((line) => (line.jobLineId ? [line.jobLineId] : []));
    if (jobLineIds.length > 0) {
      await tx.jobLine.updateMany({ where: { id: { in: jobLineIds }, partStatus: "NEEDED" }, data: { partStatus: "ORDERED" } });
    }
    await tx.purchaseOrder.update({ where: { organizationId_id: { organizationId: ctx.orgId, id: order.id } }, data: { status: "ORDERED", orderedAt: new Date() } });
    await audit(tx, actorOf(ctx), "purchaseOrder.status", { type: "PurchaseOrder", id: order.id }, { number: order.number, from: "DRAFT", to: "ORDERED" });
  });
}

/**
 * Cancels a draft, or an order sent but with nothing received yet (a delivery
 * already on the shelf cannot be cancelled). Lines waiting for it are needed again.
 */
export async function cancelPurchaseOrder(ctx: OrgContext, purchaseOrderId: string) {
  await authorize(ctx, "purchaseOrder.manage");
  return withTenant(ctx.orgId, async (tx) => {
    const order = await lockPurchaseOrder(tx, purchaseOrderId);
    const received = await tx.purchaseOrderLine.count({ where: { purchaseOrderId: order.id, receivedMilli: { gt: 0 } } });
    if ((order.status !== "DRAFT" && order.status !== "ORDERED") || received > 0) {
      throw new AppError("CONFLICT", `Purchase order ${order.number} is ${STATUS_LABEL[order.status]}: only a draft, or an order with nothing received, can be cancelled.`);
    }
    const lines = await tx.purchaseOrderLine.findMany({ where: { purchaseOrderId: order.id }, select: { jobLineId: true } });
    const jobLineIds = lines.flatMap((line) => (line.jobLineId ? [line.jobLineId] : []));
    if (jobLineIds.length > 0) {
      await tx.jobLine.updateMany({ where: { id: { in: jobLineIds }, partStatus: "ORDERED" }, data: { partStatus: "NEEDED" } });
    }
    await tx.purchaseOrder.update({ where: { organizationId_id: { organizationId: ctx.orgId, id: order.id } }, data: { status: "CANCELLED" } });
    await audit(tx, actorOf(ctx), "purchaseOrder.status", { type: "PurchaseOrder", id: order.id }, { number: order.number, from: order.status, to: "CANCELLED" });
  });
}
