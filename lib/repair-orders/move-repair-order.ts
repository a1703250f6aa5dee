import { audit } from "@/lib/audit/audit";
import { withTenant, type TenantTx } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { RepairOrder, RepairOrderStatus } from "@/lib/generated/prisma/client";
import { actorOf, type OrgContext } from "@/lib/org/context";
import { authorize } from "@/lib/rbac";
import { canMove, permissionFor } from "./status";
import { isUuid } from "@/lib/ids";
import { visibleTo } from "./visibility";

const statusLabel = (status: RepairOrderStatus) => status.toLowerCase().replace(/_/g, " ");

/** Moves a repair order along its lifecycle; only legal moves, each audited. */
export async function moveRepairOrder(ctx: OrgContext, repairOrderId: string, to: RepairOrderStatus) {
  await authorize(ctx, permissionFor(to));
  return withTenant(ctx.orgId, async (tx) => {
    const order = isUuid(repairOrderId) ? await tx.repairOrder.findFirst({ where: { AND: [{ id: repairOrderId }, visibleTo(ctx)] } }) : null;
    if (!order) throw new AppError("NOT_FOUND", "That repair order was not found.");
    return applyMove(tx, ctx, order, to);
  });
}

/**
 * The move itself, inside the caller's transaction, for an order the caller
 * found visible and authorized `permissionFor(to)` on.
 */
export async function applyMove(tx: TenantTx, ctx: OrgContext, order: RepairOrder, to: RepairOrderStatus) {
  if (!canMove(order.status, to)) {
    throw new AppError("CONFLICT", `A repair order cannot go from ${statusLabel(order.status)} to ${statusLabel(to)}.`);
  }
  if (to === "INVOICED") throw new AppError("CONFLICT", "Issue the invoice to invoice a repair order.");
  // Nothing goes ahead, or out to the customer, with work they have not said yes or no to.
  if ((to === "APPROVED" || to === "READY") && (await tx.job.count({ where: { repairOrderId: order.id, approval: "PENDING" } })) > 0) {
    throw new AppError("CONFLICT", "Record the customer's decision on each job first.");
  }
  // Conditional on the status we read: two people moving the same order at once cannot both win.
  const moved = await tx.repairOrder.updateMany({ where: { id: order.id, status: order.status }, data: { status: to } });
  if (moved.count !== 1) throw new AppError("CONFLICT", "Someone else changed this repair order just now. Reload and try again.");
  await audit(tx, actorOf(ctx), "repairOrder.status", { type: "RepairOrder", id: order.id }, { number: order.number, from: order.status, to });
  return { ...order, status: to };
}
