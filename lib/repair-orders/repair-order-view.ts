import { db, withTenant } from "@/lib/db";
import type { OrgContext } from "@/lib/org/context";
import { authorize } from "@/lib/rbac";
import { lineAmounts, orderTotals, wantedLines } from "./totals";
import { repairOrderWithWork } from "./repair-order-with-work";

/** A repair order with its jobs, each line's amounts, and the totals by tax rate. */
export async function repairOrderView(ctx: OrgContext, repairOrderId: string) {
  await authorize(ctx, "repairOrder.read");
  const organization = await db().organization.findUniqueOrThrow({ where: { id: ctx.orgId } });
  const order = await withTenant(ctx.orgId, (tx) => repairOrderWithWork(tx, ctx, repairOrderId));
  const inclusive = organization.pricesIncludeTax;
  const jobs = order.jobs.map((job) => ({ ...job, lines: job.lines.map((line) => ({ ...line, amounts: lineAmounts(line, inclusive) })) }));
  return { order: { ...order, jobs }, totals: orderTotals(wantedLines(order.jobs), inclusive), currency: organization.currency, pricesIncludeTax: inclusive };
}
