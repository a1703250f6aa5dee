import { z } from "zod";
import { audit } from "@/lib/audit/audit";
import { withTenant } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { Prisma } from "@/lib/generated/prisma/client";
import { isUuid } from "@/lib/ids";
import { parseInput } from "@/lib/forms/parse-input";
import { actorOf, type OrgContext } from "@/lib/org/context";
import { authorize } from "@/lib/rbac";
import { invoiceBalance, lockInvoice } from "./balance";
import { takeInvoiceNumber } from "./invoice-numbers";
import { negated, type DocumentSnapshot } from "./snapshot";

export const ZCreditNote = z.object({
  invoiceId: z.string().uuid(),
  reason: z.string().trim().min(3, "Say why the invoice is credited.").max(500),
});

/**
 * Cancels an issued invoice with a numbered credit note for its full amount.
 * The invoice itself never changes. Money already paid becomes a refund due.
 * A repair order still INVOICED goes back to READY so it can be corrected and
 * invoiced again; that move is the credit note's, not a member's.
 */
export async function issueCreditNote(ctx: OrgContext, raw: z.input<typeof ZCreditNote>) {
  await authorize(ctx, "invoice.void");
  const input = parseInput(ZCreditNote, raw);
  return withTenant(ctx.orgId, async (tx, global) => {
    const invoice = isUuid(input.invoiceId) ? await tx.invoice.findFirst({ where: { id: input.invoiceId, kind: "INVOICE" } }) : null;
    if (!invoice) throw new AppError("NOT_FOUND", "That invoice was not found.");
    await lockInvoice(tx, invoice.id);
    const { creditedMinor } = await invoiceBalance(tx, invoice.id, invoice.grossMinor);
    if (creditedMinor !== 0) throw new AppError("CONFLICT", `Invoice ${invoice.number} has already been credited.`);
    const number = await takeInvoiceNumber(global, ctx.orgId, "CREDIT_NOTE");
    const snapshot = negated(invoice.snapshot as unknown as DocumentSnapshot, input.reason, invoice.number);
    const credit = await tx.invoice.create({
      data: {
        organizationId: ctx.orgId, kind: "CREDIT_NOTE", number, repairOrderId: invoice.repairOrderId, customerId: invoice.customerId,
        creditedInvoiceId: invoice.id, currency: invoice.currency, pricesIncludeTax: invoice.pricesIncludeTax,
        netMinor: -invoice.netMinor, taxMinor: -invoice.taxMinor, grossMinor: -invoice.grossMinor,
        snapshot: snapshot as unknown as Prisma.InputJsonObject, issuedByUserId: ctx.userId, dueAt: new Date(),
      },
    });
    const order = await tx.repairOrder.findFirstOrThrow({ where: { id: invoice.repairOrderId } });
    if (order.status === "INVOICED") {
      await tx.repairOrder.updateMany({ where: { id: order.id, status: "INVOICED" }, data: { status: "READY" } });
      await audit(tx, actorOf(ctx), "repairOrder.status", { type: "RepairOrder", id: order.id }, { number: order.number, from: "INVOICED", to: "READY", creditNote: number });
    }
    await audit(tx, actorOf(ctx), "invoice.credit", { type: "Invoice", id: credit.id }, { number, creditedInvoiceId: invoice.id, grossMinor: credit.grossMinor });
    return credit;
  });
}
