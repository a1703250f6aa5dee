"use client";

import { useActionState } from "react";
import { correctTimeEntryAction } from "@/actions/time-entries";
import { FormMessage } from "@/components/ui/notice";
import { SubmitButton } from "@/components/ui/submit-button";
import type { FormState } from "@/lib/forms/form-state";

const control = "block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-slate-900 shadow-sm focus:border-blue-700 focus:outline-2 focus:outline-blue-700 aria-[invalid=true]:border-red-700";

/** One labelled input whose id is unique on a page listing many entries. */
function Input({ form, name, label, hint, state, defaultValue, type = "text" }: { form: string; name: string; label: string; hint?: string; state: FormState; defaultValue: string; type?: string }) {
  const id = `${form}-${name}`;
  const error = state.fieldErrors?.[name];
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={id} className="text-sm font-medium text-slate-800">{label}</label>
      <input id={id} name={name} type={type} className={control} defaultValue={state.ok ? defaultValue : (state.values?.[name] ?? defaultValue)}
        aria-invalid={Boolean(error)} aria-describedby={error ? `${id}-error` : hint ? `${id}-hint` : undefined} />
      {hint && !error ? <p id={`${id}-hint`} className="text-sm text-slate-600">{hint}</p> : null}
      {error ? <p id={`${id}-error`} className="text-sm font-medium text-red-700" role="alert">{error}</p> : null}
    </div>
  );
}

/** Corrects an entry's clock-on and clock-off times (the workshop's wall clock) with a reason, which the audit log keeps. */
export function CorrectEntryForm({ orgSlug, timeEntryId, startedAt, endedAt }: { orgSlug: string; timeEntryId: string; startedAt: string; endedAt: string }) {
  const [state, action] = useActionState<FormState, FormData>(correctTimeEntryAction, {});
  const form = `correct-${timeEntryId}`;
  return (
    <form action={action} aria-label="Correct this time" className="flex flex-col gap-3" noValidate>
      <input type="hidden" name="orgSlug" value={orgSlug} />
      <input type="hidden" name="timeEntryId" value={timeEntryId} />
      <div className="grid gap-3 sm:grid-cols-2">
        <Input form={form} name="startedAt" label="Clocked on" type="datetime-local" state={state} defaultValue={startedAt} />
        <Input form={form} name="endedAt" label="Clocked off" type="datetime-local" state={state} defaultValue={endedAt} hint={endedAt ? undefined : "Leave empty while still on the job."} />
      </div>
      <Input form={form} name="reason" label="Reason" state={state} defaultValue="" hint="Kept in the audit log, e.g. “forgot to clock off at lunch”." />
      <div><SubmitButton variant="secondary" pendingText="Saving…">Save correction</SubmitButton></div>
      <FormMessage state={state} />
    </form>
  );
}
