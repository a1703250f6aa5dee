import { withTenant } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { isUuid } from "@/lib/ids";
import type { OrgContext } from "@/lib/org/context";
import { authorize } from "@/lib/rbac";
import { ORDER_WORK, PRICING_SELECT, withTotals } from "./order-summary";
import { visibleTo } from "./visibility";

/** One repair order the member may see, with its work and totals; anything else is "not found". */
export async function getRepairOrder(ctx: OrgContext, repairOrderId: string) {
  await authorize(ctx, "repairOrder.read");
  const found = isUuid(repairOrderId)
    ? await withTenant(ctx.orgId, async (tx, global) => {
        const order = await tx.repairOrder.findFirst({ where: { AND: [{ id: repairOrderId }, visibleTo(ctx)] }, include: ORDER_WORK });
        if (!order) return null;
        return withTotals(order, await global.organization.findUniqueOrThrow({ where: { id: ctx.orgId }, select: PRICING_SELECT }));
      })
    : null;
  if (!found) throw new AppError("NOT_FOUND", "That repair order was not found.");
  return found;
}
