import { db, withTenant } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { isUuid } from "@/lib/ids";
import { estimatedJobs, snapshotOf } from "@/lib/invoices/snapshot";
import type { OrgContext } from "@/lib/org/context";
import { authorize } from "@/lib/rbac";
import { visibleTo } from "@/lib/repair-orders/visibility";
import type { PrintableDocument } from "./render-pdf";

/** An estimate to print: the repair order's current work (declined jobs left out), priced as of now. */
export async function estimateDocument(ctx: OrgContext, repairOrderId: string): Promise<PrintableDocument> {
  await authorize(ctx, "repairOrder.read");
  const organization = await db().organization.findUniqueOrThrow({ where: { id: ctx.orgId } });
  const order = await withTenant(ctx.orgId, (tx) =>
    isUuid(repairOrderId)
      ? tx.repairOrder.findFirst({
          where: { AND: [{ id: repairOrderId }, visibleTo(ctx)] },
          include: { vehicle: true, billTo: true, jobs: { orderBy: { position: "asc" }, include: { lines: { orderBy: { createdAt: "asc" } } } } },
        })
      : Promise.resolve(null),
  );
  if (!order) throw new AppError("NOT_FOUND", "That repair order was not found.");
  return { title: `Estimate ${order.number}`, date: new Date(), snapshot: snapshotOf(organization, order.billTo, order, estimatedJobs) };
}
