"use client";

import { useActionState } from "react";
import { verifyChainAction } from "@/actions/audit-log";
import { FormMessage } from "@/components/ui/notice";
import { SubmitButton } from "@/components/ui/submit-button";
import type { FormState } from "@/lib/forms/form-state";

/** Recomputes the workshop's hash chain on the server and shows the verdict (intact, or where it broke). */
export function VerifyChainButton({ orgSlug }: { orgSlug: string }) {
  const [state, action] = useActionState<FormState, FormData>(verifyChainAction, {});
  return (
    <form action={action} className="flex flex-col gap-3">
      <input type="hidden" name="orgSlug" value={orgSlug} />
      <div><SubmitButton variant="secondary" pendingText="Verifying…">Verify the chain</SubmitButton></div>
      <div className="break-all"><FormMessage state={state} /></div>
    </form>
  );
}
