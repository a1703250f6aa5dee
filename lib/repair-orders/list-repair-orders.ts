import { withTenant } from "@/lib/db";
import type { Prisma, RepairOrderStatus } from "@/lib/generated/prisma/client";
import type { OrgContext } from "@/lib/org/context";
import { afterIdWhere, keysetSlice, type KeysetPage } from "@/lib/pagination/keyset";
import { authorize } from "@/lib/rbac";
import { ORDER_WORK, PRICING_SELECT, withTotals } from "./order-summary";
import { visibleTo } from "./visibility";

export interface RepairOrderListFilter {
  status?: RepairOrderStatus;
  customerId?: string;
  vehicleId?: string;
  updatedSince?: Date;
}

/** A page of the repair orders the member may see, in id order (lib/pagination/keyset.ts), with their work and totals. */
export async function listRepairOrders(ctx: OrgContext, filter: RepairOrderListFilter, page: KeysetPage) {
  await authorize(ctx, "repairOrder.read");
  const where: Prisma.RepairOrderWhereInput[] = [...afterIdWhere(page), visibleTo(ctx)];
  if (filter.status) where.push({ status: filter.status });
  if (filter.customerId) where.push({ customerId: filter.customerId });
  if (filter.vehicleId) where.push({ vehicleId: filter.vehicleId });
  if (filter.updatedSince) where.push({ updatedAt: { gte: filter.updatedSince } });
  return withTenant(ctx.orgId, async (tx, global) => {
    const pricing = await global.organization.findUniqueOrThrow({ where: { id: ctx.orgId }, select: PRICING_SELECT });
    const rows = await tx.repairOrder.findMany({ where: { AND: where }, orderBy: { id: "asc" }, take: page.limit + 1, include: ORDER_WORK });
    const { items, nextAfterId } = keysetSlice(rows, page);
    return { items: items.map((order) => withTotals(order, pricing)), nextAfterId };
  });
}
