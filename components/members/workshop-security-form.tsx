"use client";

import { useActionState } from "react";
import { updateWorkshopSecurityAction } from "@/actions/settings";
import { FormMessage } from "@/components/ui/notice";
import { SubmitButton } from "@/components/ui/submit-button";
import type { FormState } from "@/lib/forms/form-state";

export function WorkshopSecurityForm({ orgSlug, requireMfa, editable }: { orgSlug: string; requireMfa: boolean; editable: boolean }) {
  const [state, action] = useActionState<FormState, FormData>(updateWorkshopSecurityAction, {});
  return (
    <form action={action} className="flex flex-col gap-4">
      <FormMessage state={state} />
      <input type="hidden" name="orgSlug" value={orgSlug} />
      <label className="flex items-center gap-3">
        <input type="checkbox" name="requireMfa" value="on" defaultChecked={requireMfa} disabled={!editable} className="h-5 w-5" />
        <span>Require two-factor authentication for every member</span>
      </label>
      {editable ? <div><SubmitButton>Save</SubmitButton></div> : <p className="text-sm text-slate-600">Only owners and admins can change this.</p>}
    </form>
  );
}
