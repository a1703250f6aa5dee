"use client";

import { useActionState } from "react";
import { addVehicleAction } from "@/actions/customers";
import { SelectField, TextField } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/notice";
import { SubmitButton } from "@/components/ui/submit-button";
import type { FormState } from "@/lib/forms/form-state";

const FUELS = ["", "PETROL", "DIESEL", "HYBRID", "PLUG_IN_HYBRID", "ELECTRIC", "LPG", "OTHER"].map((fuel) => ({
  value: fuel,
  label: fuel ? fuel.charAt(0) + fuel.slice(1).toLowerCase().replace(/_/g, "-") : "Not known",
}));

export function AddVehicleForm({ orgSlug, customerId }: { orgSlug: string; customerId: string }) {
  const [state, action] = useActionState<FormState, FormData>(addVehicleAction, {});
  const v = state.ok ? {} : (state.values ?? {});
  const e = state.fieldErrors ?? {};
  return (
    <form action={action} key={state.ok ? state.message : "form"} className="flex flex-col gap-4" noValidate>
      <FormMessage state={state} />
      <input type="hidden" name="orgSlug" value={orgSlug} />
      <input type="hidden" name="customerId" value={customerId} />
      <div className="grid gap-4 sm:grid-cols-2">
        <TextField label="Registration plate" name="registration" defaultValue={v.registration} error={e.registration} autoComplete="off" />
        <TextField label="VIN" name="vin" defaultValue={v.vin} error={e.vin} hint="Make and model year fill in from a valid VIN." autoComplete="off" />
      </div>
      <div className="grid gap-4 sm:grid-cols-3">
        <TextField label="Make" name="make" defaultValue={v.make} error={e.make} />
        <TextField label="Model" name="model" defaultValue={v.model} error={e.model} />
        <TextField label="Year" name="year" inputMode="numeric" defaultValue={v.year} error={e.year} />
      </div>
      <div className="grid gap-4 sm:grid-cols-3">
        <TextField label="Engine" name="engine" defaultValue={v.engine} error={e.engine} />
        <SelectField label="Fuel" name="fuel" options={FUELS} defaultValue={v.fuel ?? ""} error={e.fuel} />
        <TextField label="Odometer" name="odometer" inputMode="numeric" defaultValue={v.odometer} error={e.odometer} />
      </div>
      <div className="grid gap-4 sm:grid-cols-3">
        <TextField label="Next service due" name="nextServiceDue" type="date" defaultValue={v.nextServiceDue} error={e.nextServiceDue} />
        <TextField label="…or at odometer" name="nextServiceOdometer" inputMode="numeric" defaultValue={v.nextServiceOdometer} error={e.nextServiceOdometer} />
        <TextField label="MOT / inspection due" name="inspectionDue" type="date" defaultValue={v.inspectionDue} error={e.inspectionDue} />
      </div>
      <div><SubmitButton pendingText="Adding…">Add vehicle</SubmitButton></div>
    </form>
  );
}
