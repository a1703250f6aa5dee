"use client";

import { useActionState } from "react";
import { adjustStockAction, setPartStatusAction } from "@/actions/parts";
import { addLowStockToDraftAction } from "@/actions/purchase-orders";
import { SelectField, TextField } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/notice";
import { SubmitButton } from "@/components/ui/submit-button";
import type { FormState } from "@/lib/forms/form-state";
import { useResettingForm } from "@/components/ui/use-resetting-form";

/** A stock take's correction at one location, with the reason kept on the ledger. */
export function AdjustStockForm({ orgSlug, partId, locations }: { orgSlug: string; partId: string; locations: ReadonlyArray<{ id: string; name: string }> }) {
  const { state, action, form } = useResettingForm(adjustStockAction);
  const v = state.ok ? {} : (state.values ?? {});
  const e = state.fieldErrors ?? {};
  return (
    <form ref={form} action={action} aria-label="Adjust stock" className="flex flex-col gap-3" noValidate>
      <input type="hidden" name="orgSlug" value={orgSlug} />
      <input type="hidden" name="partId" value={partId} />
      <div className="grid gap-3 sm:grid-cols-[1fr_1fr_2fr]">
        {locations.length > 1 ? (
          <SelectField key={`loc-${v.locationId ?? ""}`} label="Location" name="locationId" options={locations.map((l) => ({ value: l.id, label: l.name }))} defaultValue={v.locationId} error={e.locationId} />
        ) : (
          <input type="hidden" name="locationId" value={locations[0]?.id ?? ""} />
        )}
        <TextField label="Change" name="change" inputMode="decimal" placeholder="+2 or -1" defaultValue={v.change} error={e.change} hint="Plus for found, minus for missing." />
        <TextField label="Reason" name="note" defaultValue={v.note} error={e.note} hint="Kept on the stock ledger." />
      </div>
      <div><SubmitButton pendingText="Saving…">Adjust stock</SubmitButton></div>
      <FormMessage state={state} />
    </form>
  );
}

const PART_STATUSES = [
  { value: "NEEDED", label: "Needed" },
  { value: "ORDERED", label: "Ordered" },
  { value: "RECEIVED", label: "Received" },
  { value: "FITTED", label: "Fitted" },
];

/** On a repair order's part line: fitting a catalogue part takes it out of stock; un-fitting puts it back. */
export function PartStatusForm({ orgSlug, jobLineId, partStatus, label }: { orgSlug: string; jobLineId: string; partStatus: string; label: string }) {
  const [state, action] = useActionState<FormState, FormData>(setPartStatusAction, {});
  return (
    <form action={action} aria-label={`Part status of ${label}`} className="flex flex-wrap items-end gap-2">
      <input type="hidden" name="orgSlug" value={orgSlug} />
      <input type="hidden" name="jobLineId" value={jobLineId} />
      <label className="sr-only" htmlFor={`part-status-${jobLineId}`}>Part status of {label}</label>
      <select key={partStatus} id={`part-status-${jobLineId}`} name="partStatus" defaultValue={partStatus} className="rounded-md border border-slate-300 bg-white px-2 py-1 text-sm">
        {PART_STATUSES.map((status) => <option key={status.value} value={status.value}>{status.label}</option>)}
      </select>
      <SubmitButton variant="secondary" pendingText="…">Set</SubmitButton>
      {state.message && !state.ok ? <p role="alert" className="w-full text-sm text-red-700">{state.message}</p> : null}
    </form>
  );
}

/** The low stock list's one click: onto the default supplier's draft purchase order for that location. */
export function AddToDraftButton({ orgSlug, partId, locationId, label }: { orgSlug: string; partId: string; locationId: string; label: string }) {
  const [state, action] = useActionState<FormState, FormData>(addLowStockToDraftAction, {});
  return (
    <form action={action} className="flex flex-col gap-1">
      <input type="hidden" name="orgSlug" value={orgSlug} />
      <input type="hidden" name="partId" value={partId} />
      <input type="hidden" name="locationId" value={locationId} />
      <SubmitButton variant="secondary" pendingText="Adding…"><span>Add to draft order<span className="sr-only"> for {label}</span></span></SubmitButton>
      {state.message ? <p role={state.ok ? "status" : "alert"} className={`text-sm ${state.ok ? "text-green-800" : "text-red-700"}`}>{state.message}</p> : null}
    </form>
  );
}
