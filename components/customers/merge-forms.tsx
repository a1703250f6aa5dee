"use client";

import { useActionState } from "react";
import { mergeCustomersAction, mergeVehiclesAction } from "@/actions/customers";
import { FormMessage } from "@/components/ui/notice";
import { SubmitButton } from "@/components/ui/submit-button";
import type { FormState } from "@/lib/forms/form-state";

function MergeConfirm({ action, orgSlug, keepId, mergeId, children }: {
  action: (state: FormState, formData: FormData) => Promise<FormState>;
  orgSlug: string;
  keepId: string;
  mergeId: string;
  children: React.ReactNode;
}) {
  // On success the action redirects to the record kept; only refusals come back as state.
  const [state, formAction] = useActionState<FormState, FormData>(action, {});
  return (
    <form action={formAction} className="flex flex-col gap-3">
      <FormMessage state={state} />
      {state.fieldErrors?.mergeId ? <p className="text-sm font-medium text-red-700" role="alert">{state.fieldErrors.mergeId}</p> : null}
      <input type="hidden" name="orgSlug" value={orgSlug} />
      <input type="hidden" name="keepId" value={keepId} />
      <input type="hidden" name="mergeId" value={mergeId} />
      <div><SubmitButton variant="danger" pendingText="Merging…">{children}</SubmitButton></div>
    </form>
  );
}

/** The confirm step of merging a duplicate customer into the one kept. */
export function MergeCustomerConfirm({ duplicateName, ...ids }: { orgSlug: string; keepId: string; mergeId: string; duplicateName: string }) {
  return (
    <MergeConfirm action={mergeCustomersAction} {...ids}>
      Merge “{duplicateName}” into this customer
    </MergeConfirm>
  );
}

/** The confirm step of merging a duplicate vehicle into the one kept. */
export function MergeVehicleConfirm({ duplicateLabel, ...ids }: { orgSlug: string; keepId: string; mergeId: string; duplicateLabel: string }) {
  return (
    <MergeConfirm action={mergeVehiclesAction} {...ids}>
      Merge {duplicateLabel} into the kept vehicle
    </MergeConfirm>
  );
}
