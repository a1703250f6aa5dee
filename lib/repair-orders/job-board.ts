import { withTenant } from "@/lib/db";
import type { RepairOrderStatus } from "@/lib/generated/prisma/client";
import type { OrgContext } from "@/lib/org/context";
import { authorize } from "@/lib/rbac";

/** The columns of the workshop floor, in the order work moves through them. */
export const BOARD_COLUMNS: RepairOrderStatus[] = ["ESTIMATE", "AWAITING_APPROVAL", "APPROVED", "IN_PROGRESS", "WAITING_PARTS", "READY"];

/** Open repair orders by status; promised-soonest first within a column. */
export async function jobBoard(ctx: OrgContext) {
  await authorize(ctx, "repairOrder.read");
  const orders = await withTenant(ctx.orgId, (tx) =>
    tx.repairOrder.findMany({
      where: { status: { in: BOARD_COLUMNS } },
      orderBy: [{ promisedAt: { sort: "asc", nulls: "last" } }, { number: "asc" }],
      take: 500,
      include: {
        vehicle: { select: { registration: true, vin: true, make: true, model: true } },
        customer: { select: { displayName: true } },
      },
    }),
  );
  return BOARD_COLUMNS.map((status) => ({ status, orders: orders.filter((order) => order.status === status) }));
}
