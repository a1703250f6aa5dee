"use client";

import { useActionState } from "react";
import { cancelErasureAction, requestClosureAction, requestErasureAction } from "@/actions/erasure";
import { TextField } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/notice";
import { SubmitButton } from "@/components/ui/submit-button";
import type { FormState } from "@/lib/forms/form-state";

export function CancelErasureButton({ orgSlug, requestId, label = "Cancel" }: { orgSlug: string; requestId: string; label?: string }) {
  const [state, action] = useActionState<FormState, FormData>(cancelErasureAction, {});
  return (
    <form action={action} aria-label="Cancel the erasure" className="inline-flex flex-col gap-1">
      <input type="hidden" name="orgSlug" value={orgSlug} />
      <input type="hidden" name="requestId" value={requestId} />
      <SubmitButton variant="secondary" pendingText="Cancelling…">{label}</SubmitButton>
      {state.message ? <p role={state.ok ? "status" : "alert"} className={`text-sm ${state.ok ? "text-green-800" : "text-red-700"}`}>{state.message}</p> : null}
    </form>
  );
}

export function EraseCustomerForm({ orgSlug, customerId, name }: { orgSlug: string; customerId: string; name: string }) {
  const [state, action] = useActionState<FormState, FormData>(requestErasureAction, {});
  const v = state.ok ? {} : (state.values ?? {});
  const e = state.fieldErrors ?? {};
  return (
    <form action={action} aria-label="Erase this customer" className="flex flex-col gap-3" noValidate>
      <input type="hidden" name="orgSlug" value={orgSlug} />
      <input type="hidden" name="customerId" value={customerId} />
      <TextField label={`Type the customer's name to confirm: ${name}`} name="confirmName" autoComplete="off" defaultValue={v.confirmName} error={e.confirmName} />
      <TextField label="Reason (optional)" name="reason" defaultValue={v.reason} error={e.reason} hint="Kept sealed in the audit log, and erased with the customer." />
      <div><SubmitButton variant="danger" pendingText="Scheduling…">Erase this customer</SubmitButton></div>
      <FormMessage state={state} />
    </form>
  );
}

export function CloseWorkshopForm({ orgSlug }: { orgSlug: string }) {
  const [state, action] = useActionState<FormState, FormData>(requestClosureAction, {});
  const v = state.ok ? {} : (state.values ?? {});
  const e = state.fieldErrors ?? {};
  return (
    <form action={action} aria-label="Close this workshop" className="flex flex-col gap-3" noValidate>
      <input type="hidden" name="orgSlug" value={orgSlug} />
      <TextField label={`Type the workshop's address to confirm: ${orgSlug}`} name="confirmSlug" autoComplete="off" defaultValue={v.confirmSlug} error={e.confirmSlug} />
      <div><SubmitButton variant="danger" pendingText="Scheduling…">Close this workshop</SubmitButton></div>
      <FormMessage state={state} />
    </form>
  );
}
