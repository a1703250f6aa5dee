import { audit } from "@/lib/audit/audit";
import { personalChanges } from "@/lib/audit/personal-data";
import { withTenant } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { RepairOrderStatus } from "@/lib/generated/prisma/client";
import { isUuid } from "@/lib/ids";
import { actorOf, type OrgContext } from "@/lib/org/context";
import { authorize } from "@/lib/rbac";
import { applyMove } from "./move-repair-order";
import { permissionFor } from "./status";
import { visibleTo } from "./visibility";

export interface RepairOrderChanges {
  /** null clears it */
  promisedAt?: Date | null;
  concerns?: string | null;
  /** moved by the same rules as the job board */
  status?: RepairOrderStatus;
}

/** Finished or abandoned: what was promised and asked for is history now. */
const SETTLED: ReadonlySet<RepairOrderStatus> = new Set(["INVOICED", "CLOSED", "CANCELLED"]);

/**
 * Changes a repair order's promised time and concerns and/or moves its status,
 * in one transaction: either everything asked for happens, or nothing does.
 * Each part is audited as it would be on its own.
 */
export async function updateRepairOrder(ctx: OrgContext, repairOrderId: string, changes: RepairOrderChanges) {
  const fields = {
    ...(changes.promisedAt !== undefined ? { promisedAt: changes.promisedAt } : {}),
    ...(changes.concerns !== undefined ? { concerns: changes.concerns } : {}),
  };
  const editsFields = Object.keys(fields).length > 0;
  if (editsFields) await authorize(ctx, "repairOrder.update");
  if (changes.status) await authorize(ctx, permissionFor(changes.status));
  return withTenant(ctx.orgId, async (tx) => {
    let order = isUuid(repairOrderId) ? await tx.repairOrder.findFirst({ where: { AND: [{ id: repairOrderId }, visibleTo(ctx)] } }) : null;
    if (!order) throw new AppError("NOT_FOUND", "That repair order was not found.");
    if (editsFields) {
      if (SETTLED.has(order.status)) throw new AppError("CONFLICT", `Repair order ${order.number} is ${order.status.toLowerCase()}: it can no longer be changed.`);
      const changed = await tx.repairOrder.updateMany({ where: { id: order.id, status: order.status }, data: fields });
      if (changed.count !== 1) throw new AppError("CONFLICT", "Someone else changed this repair order just now. Reload and try again.");
      await audit(tx, actorOf(ctx), "repairOrder.update", { type: "RepairOrder", id: order.id }, {
        number: order.number,
        // The customer's words about their car: sealed with their key, shredded at erasure.
        ...(await personalChanges(tx, order.customerId, order, fields, ["concerns"])),
      });
      order = { ...order, ...fields };
    }
    if (changes.status && changes.status !== order.status) order = await applyMove(tx, ctx, order, changes.status);
    return order;
  });
}
