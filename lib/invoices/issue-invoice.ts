import { audit } from "@/lib/audit/audit";
import { withTenant } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { Prisma } from "@/lib/generated/prisma/client";
import { actorOf, type OrgContext } from "@/lib/org/context";
import { authorize } from "@/lib/rbac";
import { repairOrderWithWork } from "@/lib/repair-orders/repair-order-with-work";
import { takeInvoiceNumber } from "./invoice-numbers";
import { snapshotOf } from "./snapshot";

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Issues the invoice for a repair order that is ready: a numbered snapshot of
 * the billable work, the bill-to customer, the car and the workshop, which no
 * one can change afterwards (corrections are credit notes). The order moves to
 * INVOICED in the same transaction.
 */
export async function issueInvoice(ctx: OrgContext, repairOrderId: string) {
  await authorize(ctx, "invoice.issue");
  return withTenant(ctx.orgId, async (tx, global) => {
    const order = await repairOrderWithWork(tx, ctx, repairOrderId);
    if (order.status !== "READY") throw new AppError("CONFLICT", `Repair order ${order.number} must be ready for collection before it is invoiced.`);
    if (order.jobs.some((job) => job.approval === "PENDING")) throw new AppError("CONFLICT", "Record the customer's decision on each job first.");
    // The workshop row is read (and locked) by taking the number, so settings cannot shift under the snapshot.
    const number = await takeInvoiceNumber(global, ctx.orgId, "INVOICE");
    const organization = await global.organization.findUniqueOrThrow({ where: { id: ctx.orgId } });
    const snapshot = snapshotOf(organization, order.billTo, order);
    if (snapshot.jobs.length === 0) throw new AppError("CONFLICT", "There is nothing to invoice on this repair order.");
    const moved = await tx.repairOrder.updateMany({ where: { id: order.id, status: "READY" }, data: { status: "INVOICED" } });
    if (moved.count !== 1) throw new AppError("CONFLICT", "Someone else changed this repair order just now. Reload and try again.");
    const issuedAt = new Date();
    const invoice = await tx.invoice.create({
      data: {
        organizationId: ctx.orgId, kind: "INVOICE", number, repairOrderId: order.id, customerId: order.billToCustomerId,
        currency: organization.currency, pricesIncludeTax: organization.pricesIncludeTax,
        netMinor: snapshot.totals.net, taxMinor: snapshot.totals.tax, grossMinor: snapshot.totals.gross,
        snapshot: snapshot as unknown as Prisma.InputJsonObject, issuedByUserId: ctx.userId, issuedAt,
        dueAt: new Date(issuedAt.getTime() + snapshot.paymentTermsDays * DAY_MS),
      },
    });
    await audit(tx, actorOf(ctx), "repairOrder.status", { type: "RepairOrder", id: order.id }, { number: order.number, from: "READY", to: "INVOICED" });
    await audit(tx, actorOf(ctx), "invoice.issue", { type: "Invoice", id: invoice.id }, { number, repairOrderId: order.id, grossMinor: invoice.grossMinor });
    return invoice;
  });
}
