"use client";

import { useActionState } from "react";
import { addCustomerContactAction, removeCustomerContactAction } from "@/actions/customers";
import { TextField } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/notice";
import { SubmitButton } from "@/components/ui/submit-button";
import type { FormState } from "@/lib/forms/form-state";

export function AddContactForm({ orgSlug, customerId }: { orgSlug: string; customerId: string }) {
  const [state, action] = useActionState<FormState, FormData>(addCustomerContactAction, {});
  const v = state.ok ? {} : (state.values ?? {});
  const e = state.fieldErrors ?? {};
  return (
    <form action={action} key={state.ok ? state.message : "contact"} aria-label="Add a contact" className="grid gap-3 sm:grid-cols-[1fr_1fr_1fr_1fr_auto] sm:items-end" noValidate>
      <input type="hidden" name="orgSlug" value={orgSlug} />
      <input type="hidden" name="customerId" value={customerId} />
      <TextField label="Contact name" id="contact-name" name="name" defaultValue={v.name} error={e.name} />
      <TextField label="Role" id="contact-role" name="role" defaultValue={v.role} error={e.role} hint="e.g. Fleet manager" />
      <TextField label="Contact email" id="contact-email" name="email" type="email" defaultValue={v.email} error={e.email} />
      <TextField label="Contact phone" id="contact-phone" name="phone" type="tel" defaultValue={v.phone} error={e.phone} />
      <SubmitButton variant="secondary">Add contact</SubmitButton>
      <div className="sm:col-span-5"><FormMessage state={state} /></div>
    </form>
  );
}

export function RemoveContactButton({ orgSlug, contactId, name }: { orgSlug: string; contactId: string; name: string }) {
  const [state, action] = useActionState<FormState, FormData>(removeCustomerContactAction, {});
  return (
    <form action={action} aria-label={`Remove ${name}`}>
      <input type="hidden" name="orgSlug" value={orgSlug} />
      <input type="hidden" name="contactId" value={contactId} />
      <SubmitButton variant="link">Remove</SubmitButton>
      {state.message && !state.ok ? <p role="alert" className="text-sm text-red-700">{state.message}</p> : null}
    </form>
  );
}
