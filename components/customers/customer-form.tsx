"use client";

import { useRouter } from "next/navigation";
import { useActionState, useEffect } from "react";
import { createCustomerAction, updateCustomerAction } from "@/actions/customers";
import { SelectField, TextField } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/notice";
import { SubmitButton } from "@/components/ui/submit-button";
import type { FormState } from "@/lib/forms/form-state";

const KINDS = [
  { value: "PERSON", label: "Person" },
  { value: "BUSINESS", label: "Business" },
  { value: "FLEET", label: "Fleet" },
];

export type CustomerDefaults = Partial<Record<"kind" | "displayName" | "email" | "phone" | "addressLine1" | "city" | "postcode" | "paymentTermsDays" | "notes", string>> & {
  marketingConsent?: boolean;
  smsConsent?: boolean;
  reminderConsent?: boolean;
};

export function CustomerForm({ orgSlug, customerId, defaults = {} }: { orgSlug: string; customerId?: string; defaults?: CustomerDefaults }) {
  const router = useRouter();
  const [state, action] = useActionState<FormState, FormData>(customerId ? updateCustomerAction : createCustomerAction, {});
  useEffect(() => {
    const target = state.data?.redirectTo;
    if (state.ok && typeof target === "string") router.push(target);
  }, [state, router]);
  const v = { ...defaults, ...state.values };
  const e = state.fieldErrors ?? {};
  return (
    <form action={action} className="flex flex-col gap-4" noValidate>
      <FormMessage state={state} />
      <input type="hidden" name="orgSlug" value={orgSlug} />
      {customerId ? <input type="hidden" name="customerId" value={customerId} /> : null}
      <div className="grid gap-4 sm:grid-cols-[1fr_2fr]">
        <SelectField label="Type" name="kind" options={KINDS} defaultValue={v.kind ?? "PERSON"} error={e.kind} />
        <TextField label="Name" name="displayName" defaultValue={v.displayName} error={e.displayName} required autoComplete="off" />
      </div>
      <div className="grid gap-4 sm:grid-cols-2">
        <TextField label="Email" name="email" type="email" defaultValue={v.email} error={e.email} autoComplete="off" />
        <TextField label="Phone" name="phone" type="tel" defaultValue={v.phone} error={e.phone} autoComplete="off" />
      </div>
      <TextField label="Address" name="addressLine1" defaultValue={v.addressLine1} error={e.addressLine1} />
      <div className="grid gap-4 sm:grid-cols-3">
        <TextField label="Town or city" name="city" defaultValue={v.city} error={e.city} />
        <TextField label="Postcode" name="postcode" defaultValue={v.postcode} error={e.postcode} />
        <TextField label="Payment terms (days)" name="paymentTermsDays" inputMode="numeric" defaultValue={v.paymentTermsDays ?? "0"} error={e.paymentTermsDays} hint="0 means pay on collection." />
      </div>
      <fieldset className="flex flex-wrap gap-6">
        <legend className="mb-1 text-sm font-medium text-slate-800">Consent</legend>
        <label className="flex items-center gap-2"><input type="checkbox" name="marketingConsent" defaultChecked={defaults.marketingConsent} className="h-5 w-5" /> Marketing emails</label>
        <label className="flex items-center gap-2"><input type="checkbox" name="smsConsent" defaultChecked={defaults.smsConsent} className="h-5 w-5" /> Text messages</label>
        <label className="flex items-center gap-2"><input type="checkbox" name="reminderConsent" defaultChecked={defaults.reminderConsent} className="h-5 w-5" /> Service reminders by email</label>
      </fieldset>
      <TextField label="Notes" name="notes" defaultValue={v.notes} error={e.notes} />
      <div><SubmitButton pendingText="Saving…">{customerId ? "Save customer" : "Add customer"}</SubmitButton></div>
    </form>
  );
}
