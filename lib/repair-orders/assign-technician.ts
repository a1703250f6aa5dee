import { audit } from "@/lib/audit/audit";
import { withTenant } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { RepairOrderStatus } from "@/lib/generated/prisma/client";
import { isUuid } from "@/lib/ids";
import { actorOf, type OrgContext } from "@/lib/org/context";
import { authorize, hasPermission, type Permission } from "@/lib/rbac";

/**
 * Giving out work is dispatching technicians' time, which is the front desk's
 * (timeEntry.manage: advisors and up). Technicians work on repair orders but do
 * not hand them out, not even to themselves.
 */
export const ASSIGN_TECHNICIAN_PERMISSION: Permission = "timeEntry.manage";

/** Work on these is finished or abandoned: nobody is assigned to it any more. */
const DONE: ReadonlySet<RepairOrderStatus> = new Set(["INVOICED", "CLOSED", "CANCELLED"]);

/** Assigns a repair order to a member who works on repair orders, or unassigns it (null). Audited. */
export async function assignTechnician(ctx: OrgContext, repairOrderId: string, technicianUserId: string | null) {
  await authorize(ctx, "repairOrder.update");
  await authorize(ctx, ASSIGN_TECHNICIAN_PERMISSION);
  return withTenant(ctx.orgId, async (tx) => {
    const order = isUuid(repairOrderId) ? await tx.repairOrder.findFirst({ where: { id: repairOrderId } }) : null;
    if (!order) throw new AppError("NOT_FOUND", "That repair order was not found.");
    if (technicianUserId !== null) {
      // Membership is tenant-scoped: another workshop's user simply matches no row.
      const member = isUuid(technicianUserId) ? await tx.membership.findFirst({ where: { userId: technicianUserId }, select: { role: true } }) : null;
      if (!member) {
        throw new AppError("NOT_FOUND", "That technician was not found.", { fields: { technicianUserId: "Choose a member of this workshop." } });
      }
      if (!hasPermission(member.role, "repairOrder.update")) {
        throw new AppError("VALIDATION_FAILED", "That member cannot work on repair orders.", {
          fields: { technicianUserId: "This member's role can only view repair orders." },
        });
      }
    }
    if (DONE.has(order.status)) throw new AppError("CONFLICT", `Repair order ${order.number} is ${order.status.toLowerCase()}: its work is no longer assigned.`);
    if (order.technicianUserId === technicianUserId) return order;
    // Conditional on what we read: two advisors assigning at once cannot both win silently.
    const changed = await tx.repairOrder.updateMany({
      where: { id: order.id, technicianUserId: order.technicianUserId, status: order.status },
      data: { technicianUserId },
    });
    if (changed.count !== 1) throw new AppError("CONFLICT", "Someone else changed this repair order just now. Reload and try again.");
    await audit(tx, actorOf(ctx), "repairOrder.assign", { type: "RepairOrder", id: order.id }, {
      number: order.number, from: order.technicianUserId, to: technicianUserId,
    });
    return { ...order, technicianUserId };
  });
}
