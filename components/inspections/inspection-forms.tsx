"use client";

import { useRouter } from "next/navigation";
import { useActionState, useEffect } from "react";
import { completeInspectionAction, startInspectionAction } from "@/actions/inspections";
import { SelectField } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/notice";
import { SubmitButton } from "@/components/ui/submit-button";
import type { FormState } from "@/lib/forms/form-state";

export function StartInspectionForm({ orgSlug, repairOrderId, templates }: { orgSlug: string; repairOrderId: string; templates: ReadonlyArray<{ id: string; name: string }> }) {
  const router = useRouter();
  const [state, action] = useActionState<FormState, FormData>(startInspectionAction, {});
  useEffect(() => {
    const target = state.data?.redirectTo;
    if (state.ok && typeof target === "string") router.push(target);
  }, [state, router]);
  if (templates.length === 0) return <p className="text-sm text-slate-600">No checklists in use yet: an owner or admin adds them under Checklists.</p>;
  return (
    <form action={action} aria-label="Start an inspection" className="flex flex-wrap items-end gap-3" noValidate>
      <input type="hidden" name="orgSlug" value={orgSlug} />
      <input type="hidden" name="repairOrderId" value={repairOrderId} />
      <SelectField label="Checklist" name="templateId" options={templates.map((template) => ({ value: template.id, label: template.name }))} error={state.fieldErrors?.templateId} />
      <SubmitButton pendingText="Starting…">Start inspection</SubmitButton>
      {state.message && !state.ok ? <p role="alert" className="w-full text-sm text-red-700">{state.message}</p> : null}
    </form>
  );
}

export function CompleteInspectionForm({ orgSlug, inspectionId, unrated }: { orgSlug: string; inspectionId: string; unrated: number }) {
  const [state, action] = useActionState<FormState, FormData>(completeInspectionAction, {});
  return (
    <form action={action} className="flex flex-col gap-3">
      <input type="hidden" name="orgSlug" value={orgSlug} />
      <input type="hidden" name="inspectionId" value={inspectionId} />
      <p className="text-sm text-slate-700">
        {unrated > 0 ? `${unrated} item${unrated === 1 ? "" : "s"} still to rate. ` : "Every item is rated. "}
        Completing proposes a job on the repair order for each amber and red item, and fixes the results the customer will see.
      </p>
      <SubmitButton pendingText="Completing…">Complete inspection</SubmitButton>
      <FormMessage state={state} />
    </form>
  );
}
