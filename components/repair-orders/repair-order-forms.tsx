"use client";

import { useRouter } from "next/navigation";
import { useActionState, useEffect } from "react";
import { addJobAction, addLineAction, moveRepairOrderAction, openRepairOrderAction } from "@/actions/repair-orders";
import { SelectField, TextField } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/notice";
import { SubmitButton } from "@/components/ui/submit-button";
import type { FormState } from "@/lib/forms/form-state";
import { useResettingForm } from "@/components/ui/use-resetting-form";

export function OpenRepairOrderForm({ orgSlug, customerId, vehicleId, label }: { orgSlug: string; customerId: string; vehicleId: string; label: string }) {
  const router = useRouter();
  const [state, action] = useActionState<FormState, FormData>(openRepairOrderAction, {});
  useEffect(() => {
    const target = state.data?.redirectTo;
    if (state.ok && typeof target === "string") router.push(target);
  }, [state, router]);
  return (
    <form action={action} className="flex flex-wrap items-end gap-3">
      <input type="hidden" name="orgSlug" value={orgSlug} />
      <input type="hidden" name="customerId" value={customerId} />
      <input type="hidden" name="vehicleId" value={vehicleId} />
      <TextField label={`Odometer in (${label})`} name="odometerIn" inputMode="numeric" error={state.fieldErrors?.odometerIn} />
      <TextField label={`Customer's concern (${label})`} name="concerns" error={state.fieldErrors?.concerns} />
      <SubmitButton pendingText="Opening…">{`Open repair order for ${label}`}</SubmitButton>
      {state.message && !state.ok ? <p role="alert" className="w-full text-sm text-red-700">{state.message}</p> : null}
    </form>
  );
}

export function AddJobForm({ orgSlug, repairOrderId }: { orgSlug: string; repairOrderId: string }) {
  const [state, action] = useActionState<FormState, FormData>(addJobAction, {});
  return (
    <form action={action} key={state.ok ? state.message : "job"} className="flex flex-wrap items-end gap-3" noValidate>
      <input type="hidden" name="orgSlug" value={orgSlug} />
      <input type="hidden" name="repairOrderId" value={repairOrderId} />
      <TextField label="New job" name="title" defaultValue={state.ok ? "" : state.values?.title} error={state.fieldErrors?.title} />
      <SubmitButton>Add job</SubmitButton>
      <div className="w-full"><FormMessage state={state} /></div>
    </form>
  );
}

const KINDS = [
  { value: "LABOUR", label: "Labour (hours)" },
  { value: "PART", label: "Part" },
  { value: "FEE", label: "Fee" },
  { value: "DISCOUNT", label: "Discount" },
];

export function AddLineForm({
  orgSlug, jobId, jobTitle, parts = [],
}: { orgSlug: string; jobId: string; jobTitle: string; parts?: ReadonlyArray<{ value: string; label: string }> }) {
  const { state, action, form } = useResettingForm(addLineAction);
  const v = state.ok ? {} : (state.values ?? {});
  const e = state.fieldErrors ?? {};
  return (
    <form ref={form} action={action} aria-label={`Add a line to ${jobTitle}`} className="grid gap-3 sm:grid-cols-[1fr_2fr_1fr_1fr_auto] sm:items-end" noValidate>
      <input type="hidden" name="orgSlug" value={orgSlug} />
      <input type="hidden" name="jobId" value={jobId} />
      {parts.length > 0 ? (
        <div className="sm:col-span-5">
          <SelectField
            key={`part-${v.partId ?? ""}`} id={`part-${jobId}`} label="Part from the catalogue (optional)" name="partId"
            options={[{ value: "", label: "None" }, ...parts]} defaultValue={v.partId ?? ""} error={e.partId}
            hint="Choose kind Part: the description, price and cost come from the catalogue unless typed below."
          />
        </div>
      ) : null}
      <SelectField key={v.kind ?? "LABOUR"} label="Kind" name="kind" options={KINDS} defaultValue={v.kind ?? "LABOUR"} error={e.kind} />
      <TextField label="Description" name="description" defaultValue={v.description} error={e.description} />
      <TextField label="Quantity" name="quantity" inputMode="decimal" defaultValue={v.quantity ?? "1"} error={e.quantity} />
      <TextField label="Unit price" name="unitPrice" inputMode="decimal" defaultValue={v.unitPrice} error={e.unitPrice} hint="Empty labour uses the workshop rate." />
      <SubmitButton>Add line</SubmitButton>
      {state.message && !state.ok ? <p role="alert" className="text-sm text-red-700 sm:col-span-5">{state.message}</p> : null}
    </form>
  );
}

export function MoveButton({ orgSlug, repairOrderId, to, label }: { orgSlug: string; repairOrderId: string; to: string; label: string }) {
  const [state, action] = useActionState<FormState, FormData>(moveRepairOrderAction, {});
  return (
    <form action={action} className="flex flex-col gap-1">
      <input type="hidden" name="orgSlug" value={orgSlug} />
      <input type="hidden" name="repairOrderId" value={repairOrderId} />
      <input type="hidden" name="to" value={to} />
      <SubmitButton variant="secondary">{label}</SubmitButton>
      {state.message && !state.ok ? <p role="alert" className="text-sm text-red-700">{state.message}</p> : null}
    </form>
  );
}
