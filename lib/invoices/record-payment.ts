import { z } from "zod";
import { audit } from "@/lib/audit/audit";
import { withTenant } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { blankToUndefined } from "@/lib/forms/blank";
import { PaymentMethod } from "@/lib/generated/prisma/client";
import { isUuid } from "@/lib/ids";
import { parseInput } from "@/lib/forms/parse-input";
import { actorOf, type OrgContext } from "@/lib/org/context";
import { authorize } from "@/lib/rbac";
import { money } from "@/lib/repair-orders/edit-jobs";
import { invoiceBalance, lockInvoice } from "./balance";

export const ZRecordPayment = z.object({
  invoiceId: z.string().uuid(),
  method: z.enum(PaymentMethod, { message: "Choose cash, card or bank transfer." }),
  amount: money.refine((minor) => minor > 0, "The amount must be more than zero."),
  reference: z.preprocess(blankToUndefined, z.string().trim().max(120).optional()),
});

/**
 * Records money received. A payment can be part of the balance but never more
 * than it; paying the balance in full closes an invoiced repair order.
 */
export async function recordPayment(ctx: OrgContext, raw: z.input<typeof ZRecordPayment>) {
  await authorize(ctx, "payment.record");
  const input = parseInput(ZRecordPayment, raw);
  return withTenant(ctx.orgId, async (tx) => {
    const invoice = isUuid(input.invoiceId) ? await tx.invoice.findFirst({ where: { id: input.invoiceId, kind: "INVOICE" } }) : null;
    if (!invoice) throw new AppError("NOT_FOUND", "That invoice was not found.");
    await lockInvoice(tx, invoice.id);
    const { balanceMinor } = await invoiceBalance(tx, invoice.id, invoice.grossMinor);
    if (balanceMinor <= 0) throw new AppError("CONFLICT", `Invoice ${invoice.number} has nothing left to pay.`);
    if (input.amount > balanceMinor) {
      throw new AppError("VALIDATION_FAILED", "That is more than the balance due.", { fields: { amount: `The balance due is ${(balanceMinor / 100).toFixed(2)}.` } });
    }
    const payment = await tx.payment.create({
      data: {
        organizationId: ctx.orgId, invoiceId: invoice.id, method: input.method, amountMinor: input.amount,
        reference: input.reference ?? null, recordedByUserId: ctx.userId,
      },
    });
    await audit(tx, actorOf(ctx), "payment.record", { type: "Payment", id: payment.id }, { invoiceId: invoice.id, method: payment.method, amountMinor: payment.amountMinor });
    if (input.amount === balanceMinor) {
      const order = await tx.repairOrder.findFirstOrThrow({ where: { id: invoice.repairOrderId } });
      const closed = await tx.repairOrder.updateMany({ where: { id: order.id, status: "INVOICED" }, data: { status: "CLOSED" } });
      if (closed.count === 1) {
        await audit(tx, actorOf(ctx), "repairOrder.status", { type: "RepairOrder", id: order.id }, { number: order.number, from: "INVOICED", to: "CLOSED", paidInFull: true });
      }
    }
    return { payment, balanceMinor: balanceMinor - input.amount };
  });
}
