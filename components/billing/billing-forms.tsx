"use client";

import { useActionState, useEffect } from "react";
import { choosePlanAction, openPortalAction } from "@/actions/billing";
import { Notice } from "@/components/ui/notice";
import { SubmitButton } from "@/components/ui/submit-button";
import type { FormState } from "@/lib/forms/form-state";

function useStripeRedirect(state: FormState) {
  useEffect(() => {
    const target = state.data?.redirectTo;
    if (state.ok && typeof target === "string") window.location.assign(target);
  }, [state]);
}

export function ChoosePlanButton({ orgSlug, plan, label }: { orgSlug: string; plan: string; label: string }) {
  const [state, action] = useActionState<FormState, FormData>(choosePlanAction, {});
  useStripeRedirect(state);
  return (
    <form action={action} className="flex flex-col gap-2">
      <input type="hidden" name="orgSlug" value={orgSlug} />
      <input type="hidden" name="plan" value={plan} />
      <SubmitButton pendingText="Opening Stripe…">{label}</SubmitButton>
      {state.message && !state.ok ? <Notice tone="error">{state.message}</Notice> : null}
    </form>
  );
}

export function PortalButton({ orgSlug }: { orgSlug: string }) {
  const [state, action] = useActionState<FormState, FormData>(openPortalAction, {});
  useStripeRedirect(state);
  return (
    <form action={action} className="flex flex-col gap-2">
      <input type="hidden" name="orgSlug" value={orgSlug} />
      <SubmitButton variant="secondary" pendingText="Opening Stripe…">Payment methods and invoices</SubmitButton>
      {state.message && !state.ok ? <Notice tone="error">{state.message}</Notice> : null}
    </form>
  );
}
