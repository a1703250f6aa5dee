"use client";

import { useActionState } from "react";
import { updateWorkshopDetailsAction } from "@/actions/settings";
import { SelectField, TextField } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/notice";
import { SubmitButton } from "@/components/ui/submit-button";
import type { FormState } from "@/lib/forms/form-state";

export interface WorkshopDetails {
  addressLine1: string; city: string; postcode: string; phone: string; email: string; taxNumber: string;
  pricesIncludeTax: "yes" | "no"; defaultTaxRate: string; labourRate: string;
}

/** Printed on estimates and invoices; the rates apply to work priced from now on. */
export function WorkshopDetailsForm({ orgSlug, details, editable }: { orgSlug: string; details: WorkshopDetails; editable: boolean }) {
  const [state, action] = useActionState<FormState, FormData>(updateWorkshopDetailsAction, {});
  const v = { ...details, ...(state.ok ? {} : state.values) } as Record<string, string>;
  const e = state.fieldErrors ?? {};
  return (
    <form action={action} aria-label="Workshop details" className="flex flex-col gap-4" noValidate>
      <input type="hidden" name="orgSlug" value={orgSlug} />
      <fieldset disabled={!editable} className="flex flex-col gap-4">
        <TextField label="Address" name="addressLine1" defaultValue={v.addressLine1} error={e.addressLine1} />
        <div className="grid gap-4 sm:grid-cols-2">
          <TextField label="Town or city" name="city" defaultValue={v.city} error={e.city} />
          <TextField label="Postcode" name="postcode" defaultValue={v.postcode} error={e.postcode} />
          <TextField label="Phone" name="phone" type="tel" defaultValue={v.phone} error={e.phone} />
          <TextField label="Email for customers" name="email" type="email" defaultValue={v.email} error={e.email} />
        </div>
        <div className="grid gap-4 sm:grid-cols-2">
          <TextField label="VAT / tax number" name="taxNumber" defaultValue={v.taxNumber} error={e.taxNumber} />
          <SelectField label="Prices are entered" name="pricesIncludeTax" options={[{ value: "yes", label: "With tax included" }, { value: "no", label: "Before tax (tax added)" }]} defaultValue={v.pricesIncludeTax} error={e.pricesIncludeTax} />
          <TextField label="Default tax rate (%)" name="defaultTaxRate" inputMode="decimal" defaultValue={v.defaultTaxRate} error={e.defaultTaxRate} />
          <TextField label="Labour rate per hour" name="labourRate" inputMode="decimal" defaultValue={v.labourRate} error={e.labourRate} />
        </div>
        {editable ? <div><SubmitButton pendingText="Saving…">Save details</SubmitButton></div> : null}
      </fieldset>
      <FormMessage state={state} />
    </form>
  );
}
