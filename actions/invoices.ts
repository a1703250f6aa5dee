"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { orgAction } from "@/lib/actions/org-action";
import { issueCreditNote, ZCreditNote } from "@/lib/invoices/issue-credit-note";
import { issueInvoice } from "@/lib/invoices/issue-invoice";
import { recordPayment, ZRecordPayment } from "@/lib/invoices/record-payment";

// Both forms vanish from the page they were on once they succeed, so the
// server redirects (a client-side push would never run).
export const issueInvoiceAction = orgAction(z.object({ repairOrderId: z.string().uuid() }), async (ctx, input) => {
  const invoice = await issueInvoice(ctx, input.repairOrderId);
  revalidatePath(`/${ctx.orgSlug}`, "layout");
  redirect(`/${ctx.orgSlug}/invoices/${invoice.id}`);
});

export const issueCreditNoteAction = orgAction(ZCreditNote, async (ctx, input) => {
  const credit = await issueCreditNote(ctx, input);
  revalidatePath(`/${ctx.orgSlug}`, "layout");
  redirect(`/${ctx.orgSlug}/invoices/${credit.id}`);
});

// The amount is parsed once, by recordPayment (its field errors come back through the form state).
export const recordPaymentAction = orgAction(ZRecordPayment.pick({ invoiceId: true }).loose(), async (ctx, input) => {
  const { balanceMinor } = await recordPayment(ctx, input as z.input<typeof ZRecordPayment>);
  return { ok: true, message: balanceMinor === 0 ? "Paid in full." : "Payment recorded." };
});
