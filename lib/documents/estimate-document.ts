import { db, withTenant } from "@/lib/db";
import { estimatedJobs, snapshotOf } from "@/lib/invoices/snapshot";
import type { OrgContext } from "@/lib/org/context";
import { authorize } from "@/lib/rbac";
import { repairOrderWithWork } from "@/lib/repair-orders/repair-order-with-work";
import type { PrintableDocument } from "./render-pdf";

/** An estimate to print: the repair order's current work (declined jobs left out), priced as of now. */
export async function estimateDocument(ctx: OrgContext, repairOrderId: string): Promise<PrintableDocument> {
  await authorize(ctx, "repairOrder.read");
  const organization = await db().organization.findUniqueOrThrow({ where: { id: ctx.orgId } });
  const order = await withTenant(ctx.orgId, (tx) => repairOrderWithWork(tx, ctx, repairOrderId));
  return { title: `Estimate ${order.number}`, date: new Date(), snapshot: snapshotOf(organization, order.billTo, order, estimatedJobs) };
}
