"use client";

import { useActionState } from "react";
import { issueCreditNoteAction, issueInvoiceAction, recordPaymentAction } from "@/actions/invoices";
import { SelectField, TextField } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/notice";
import { SubmitButton } from "@/components/ui/submit-button";
import type { FormState } from "@/lib/forms/form-state";
import { useResettingForm } from "@/components/ui/use-resetting-form";

export function IssueInvoiceForm({ orgSlug, repairOrderId }: { orgSlug: string; repairOrderId: string }) {
  const [state, action] = useActionState<FormState, FormData>(issueInvoiceAction, {});
  return (
    <form action={action} className="flex flex-col gap-2">
      <input type="hidden" name="orgSlug" value={orgSlug} />
      <input type="hidden" name="repairOrderId" value={repairOrderId} />
      <div><SubmitButton pendingText="Issuing…">Issue invoice</SubmitButton></div>
      {state.message && !state.ok ? <p role="alert" className="text-sm text-red-700">{state.message}</p> : null}
    </form>
  );
}

const METHODS = [
  { value: "CARD", label: "Card" },
  { value: "CASH", label: "Cash" },
  { value: "BANK_TRANSFER", label: "Bank transfer" },
];

export function RecordPaymentForm({ orgSlug, invoiceId, balance }: { orgSlug: string; invoiceId: string; balance: string }) {
  const { state, action, form } = useResettingForm(recordPaymentAction);
  const v = state.ok ? {} : (state.values ?? {});
  return (
    <form ref={form} action={action} aria-label="Record a payment" className="grid gap-3 sm:grid-cols-[1fr_1fr_1fr_auto] sm:items-end" noValidate>
      <input type="hidden" name="orgSlug" value={orgSlug} />
      <input type="hidden" name="invoiceId" value={invoiceId} />
      <TextField label="Amount" name="amount" inputMode="decimal" defaultValue={v.amount ?? balance} error={state.fieldErrors?.amount} />
      <SelectField label="Method" name="method" options={METHODS} defaultValue={v.method} error={state.fieldErrors?.method} />
      <TextField label="Reference" name="reference" defaultValue={v.reference} error={state.fieldErrors?.reference} hint="Optional: card slip or transfer reference." />
      <SubmitButton pendingText="Recording…">Record payment</SubmitButton>
      <div className="sm:col-span-4"><FormMessage state={state} /></div>
    </form>
  );
}

export function CreditNoteForm({ orgSlug, invoiceId }: { orgSlug: string; invoiceId: string }) {
  const [state, action] = useActionState<FormState, FormData>(issueCreditNoteAction, {});
  return (
    <form action={action} aria-label="Credit this invoice" className="flex flex-wrap items-end gap-3" noValidate>
      <input type="hidden" name="orgSlug" value={orgSlug} />
      <input type="hidden" name="invoiceId" value={invoiceId} />
      <TextField label="Reason for the credit note" name="reason" defaultValue={state.values?.reason} error={state.fieldErrors?.reason} />
      <SubmitButton variant="danger" pendingText="Issuing…">Issue credit note</SubmitButton>
      <div className="w-full"><FormMessage state={state} /></div>
    </form>
  );
}
