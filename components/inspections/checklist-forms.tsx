"use client";

import { useActionState } from "react";
import {
  addTemplateItemAction, createTemplateAction, moveTemplateItemAction, removeTemplateItemAction, renameTemplateAction, setTemplateActiveAction,
} from "@/actions/inspections";
import { SelectField, TextField } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/notice";
import { SubmitButton } from "@/components/ui/submit-button";
import type { FormState } from "@/lib/forms/form-state";
import { useResettingForm } from "@/components/ui/use-resetting-form";

const START_FROM = [
  { value: "standard", label: "The standard full vehicle check" },
  { value: "empty", label: "An empty checklist" },
];

export function CreateChecklistForm({ orgSlug, suggestedName }: { orgSlug: string; suggestedName: string }) {
  const { state, action, form } = useResettingForm(createTemplateAction);
  const v = state.ok ? {} : (state.values ?? {});
  return (
    <form ref={form} action={action} aria-label="New checklist" className="flex flex-col gap-3 sm:flex-row sm:flex-wrap sm:items-end" noValidate>
      <input type="hidden" name="orgSlug" value={orgSlug} />
      <TextField label="Checklist name" name="name" defaultValue={v.name ?? suggestedName} error={state.fieldErrors?.name} />
      <SelectField key={v.startFrom ?? "standard"} label="Start from" name="startFrom" options={START_FROM} defaultValue={v.startFrom ?? "standard"} error={state.fieldErrors?.startFrom} />
      <SubmitButton pendingText="Creating…">Create checklist</SubmitButton>
      <div className="w-full"><FormMessage state={state} /></div>
    </form>
  );
}

export function RenameChecklistForm({ orgSlug, templateId, name }: { orgSlug: string; templateId: string; name: string }) {
  const [state, action] = useActionState<FormState, FormData>(renameTemplateAction, {});
  return (
    <form action={action} aria-label={`Rename ${name}`} className="flex flex-wrap items-end gap-3" noValidate>
      <input type="hidden" name="orgSlug" value={orgSlug} />
      <input type="hidden" name="templateId" value={templateId} />
      <TextField label="Name" name="name" id={`name-${templateId}`} defaultValue={state.ok ? name : (state.values?.name ?? name)} error={state.fieldErrors?.name} />
      <SubmitButton variant="secondary">Rename</SubmitButton>
      {state.message && !state.ok ? <p role="alert" className="w-full text-sm text-red-700">{state.message}</p> : null}
    </form>
  );
}

export function ChecklistActiveButton({ orgSlug, templateId, active }: { orgSlug: string; templateId: string; active: boolean }) {
  const [state, action] = useActionState<FormState, FormData>(setTemplateActiveAction, {});
  return (
    <form action={action} className="flex flex-col gap-1">
      <input type="hidden" name="orgSlug" value={orgSlug} />
      <input type="hidden" name="templateId" value={templateId} />
      <input type="hidden" name="active" value={active ? "false" : "true"} />
      <SubmitButton variant="secondary">{active ? "Switch off" : "Use again"}</SubmitButton>
      <FormMessage state={state} />
    </form>
  );
}

export function AddChecklistItemForm({ orgSlug, templateId, name }: { orgSlug: string; templateId: string; name: string }) {
  const { state, action, form } = useResettingForm(addTemplateItemAction);
  const v = state.ok ? {} : (state.values ?? {});
  const e = state.fieldErrors ?? {};
  return (
    <form ref={form} action={action} aria-label={`Add an item to ${name}`} className="grid gap-3 sm:grid-cols-[1fr_2fr_1fr_auto] sm:items-end" noValidate>
      <input type="hidden" name="orgSlug" value={orgSlug} />
      <input type="hidden" name="templateId" value={templateId} />
      <TextField label="Section" name="section" id={`section-${templateId}`} placeholder="Brakes" defaultValue={v.section} error={e.section} />
      <TextField label="What to check" name="label" id={`label-${templateId}`} placeholder="Front brake pads" defaultValue={v.label} error={e.label} />
      <TextField label="Unit (if measured)" name="measurementUnit" id={`unit-${templateId}`} placeholder="mm" defaultValue={v.measurementUnit} error={e.measurementUnit} />
      <SubmitButton variant="secondary">Add item</SubmitButton>
      {state.message && !state.ok ? <p role="alert" className="text-sm text-red-700 sm:col-span-4">{state.message}</p> : null}
    </form>
  );
}

/** Up, down and remove for one item: small forms, so each works by keyboard and without script. */
export function ChecklistItemButtons({ orgSlug, itemId, label, first, last }: { orgSlug: string; itemId: string; label: string; first: boolean; last: boolean }) {
  const [moveState, move] = useActionState<FormState, FormData>(moveTemplateItemAction, {});
  const [removeState, remove] = useActionState<FormState, FormData>(removeTemplateItemAction, {});
  const error = [moveState, removeState].find((state) => state.message && !state.ok)?.message;
  const button = "min-h-11 min-w-11 rounded-md border border-slate-300 px-2 text-sm hover:bg-slate-100 disabled:opacity-40 focus-visible:outline-2 focus-visible:outline-blue-700";
  return (
    <div className="flex flex-wrap items-center gap-1">
      <form action={move} className="flex gap-1">
        <input type="hidden" name="orgSlug" value={orgSlug} />
        <input type="hidden" name="itemId" value={itemId} />
        <button type="submit" name="direction" value="up" className={button} disabled={first} aria-label={`Move ${label} up`}>↑</button>
        <button type="submit" name="direction" value="down" className={button} disabled={last} aria-label={`Move ${label} down`}>↓</button>
      </form>
      <form action={remove}>
        <input type="hidden" name="orgSlug" value={orgSlug} />
        <input type="hidden" name="itemId" value={itemId} />
        <button type="submit" className={`${button} text-red-700`} aria-label={`Remove ${label}`}>Remove</button>
      </form>
      {error ? <p role="alert" className="w-full text-sm text-red-700">{error}</p> : null}
    </div>
  );
}
