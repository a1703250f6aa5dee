"use client";

import { useActionState } from "react";
import { addCannedJobAction, createCannedJobAction } from "@/actions/canned-jobs";
import { SelectField, TextField } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/notice";
import { SubmitButton } from "@/components/ui/submit-button";
import type { FormState } from "@/lib/forms/form-state";
import { useResettingForm } from "@/components/ui/use-resetting-form";

const KINDS = [
  { value: "LABOUR", label: "Labour (hours)" },
  { value: "PART", label: "Part" },
  { value: "FEE", label: "Fee" },
  { value: "DISCOUNT", label: "Discount" },
];

/** Keep in step with CANNED_JOB_ROWS in lib/repair-orders/canned-jobs.ts (the server skips empty rows). */
const ROWS = [0, 1, 2, 3, 4];

export function CreateCannedJobForm({ orgSlug }: { orgSlug: string }) {
  const { state, action, form } = useResettingForm(createCannedJobAction);
  const v = state.ok ? {} : (state.values ?? {});
  const e = state.fieldErrors ?? {};
  return (
    <form ref={form} action={action} aria-label="New canned job" className="flex flex-col gap-4" noValidate>
      <input type="hidden" name="orgSlug" value={orgSlug} />
      <TextField label="Job name" name="title" defaultValue={v.title} error={e.title} />
      {ROWS.map((row) => (
        <fieldset key={row} className="grid gap-3 rounded-md border border-slate-200 p-3 sm:grid-cols-[1fr_2fr_1fr_1fr_1fr] sm:items-start">
          <legend className="px-1 text-sm font-medium text-slate-800">Line {row + 1}</legend>
          {/* Keyed by value: a select takes its defaultValue only when mounted, and React resets the form after each action. */}
          <SelectField key={`kind${row}-${v[`kind${row}`] ?? ""}`} label="Kind" name={`kind${row}`} options={KINDS} defaultValue={v[`kind${row}`] ?? "LABOUR"} error={e[`kind${row}`]} />
          <TextField label="Description" name={`description${row}`} defaultValue={v[`description${row}`]} error={e[`description${row}`]} />
          <TextField label="Quantity" name={`quantity${row}`} inputMode="decimal" placeholder="1" defaultValue={v[`quantity${row}`]} error={e[`quantity${row}`]} />
          <TextField label="Unit price" name={`unitPrice${row}`} inputMode="decimal" defaultValue={v[`unitPrice${row}`]} error={e[`unitPrice${row}`]} />
          <TextField label="Unit cost" name={`unitCost${row}`} inputMode="decimal" defaultValue={v[`unitCost${row}`]} error={e[`unitCost${row}`]} />
        </fieldset>
      ))}
      <p className="text-sm text-slate-600">Empty rows are skipped; an empty quantity is 1. Labour without a price uses the workshop&apos;s rate when the job is added.</p>
      <div><SubmitButton pendingText="Saving…">Save canned job</SubmitButton></div>
      <FormMessage state={state} />
    </form>
  );
}

/** One click copies the whole canned job (labour, parts, fees, discounts) onto the repair order. */
export function AddCannedJobForm({
  orgSlug, repairOrderId, cannedJobs,
}: { orgSlug: string; repairOrderId: string; cannedJobs: ReadonlyArray<{ id: string; title: string }> }) {
  const [state, action] = useActionState<FormState, FormData>(addCannedJobAction, {});
  if (cannedJobs.length === 0) return <p className="text-sm text-slate-600">No canned jobs yet.</p>;
  return (
    <form action={action} aria-label="Add a canned job" className="flex flex-wrap items-end gap-3" noValidate>
      <input type="hidden" name="orgSlug" value={orgSlug} />
      <input type="hidden" name="repairOrderId" value={repairOrderId} />
      <SelectField
        key={state.ok ? "added" : (state.values?.cannedJobId ?? "")}
        label="Canned job" name="cannedJobId"
        options={cannedJobs.map((job) => ({ value: job.id, label: job.title }))}
        defaultValue={state.ok ? undefined : state.values?.cannedJobId}
        error={state.fieldErrors?.cannedJobId}
      />
      <SubmitButton pendingText="Adding…">Add</SubmitButton>
      <div className="w-full"><FormMessage state={state} /></div>
    </form>
  );
}
