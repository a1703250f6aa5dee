"use client";

import { useActionState } from "react";
import { changeAppointmentStatusAction, convertAppointmentAction, rescheduleAppointmentAction } from "@/actions/appointments";
import { SelectField, TextField } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/notice";
import { SubmitButton } from "@/components/ui/submit-button";
import type { FormState } from "@/lib/forms/form-state";
import type { Choice } from "./booking-dialog";

const STATUS_BUTTON: Record<string, { label: string; variant: "primary" | "secondary" | "danger" }> = {
  CONFIRMED: { label: "Confirm", variant: "primary" },
  ARRIVED: { label: "Customer arrived", variant: "primary" },
  NO_SHOW: { label: "No-show", variant: "secondary" },
  CANCELLED: { label: "Cancel appointment", variant: "danger" },
};

const LENGTHS = [15, 30, 45, 60, 90, 120, 180, 240, 300, 360, 480];
const control = "block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-slate-900 shadow-sm focus:border-blue-700 focus:outline-2 focus:outline-blue-700 aria-[invalid=true]:border-red-700";

export function StatusButton({ orgSlug, appointmentId, status }: { orgSlug: string; appointmentId: string; status: string }) {
  const [state, action] = useActionState<FormState, FormData>(changeAppointmentStatusAction, {});
  const button = STATUS_BUTTON[status] ?? { label: status, variant: "secondary" as const };
  return (
    <form action={action} className="flex flex-col gap-1">
      <input type="hidden" name="orgSlug" value={orgSlug} />
      <input type="hidden" name="appointmentId" value={appointmentId} />
      <input type="hidden" name="status" value={status} />
      <SubmitButton variant={button.variant} pendingText="Saving…">{button.label}</SubmitButton>
      {state.message && !state.ok ? <p role="alert" className="max-w-xs text-sm text-red-700">{state.message}</p> : null}
    </form>
  );
}

export interface VehicleChoice {
  id: string;
  label: string;
}

/** The arrived customer's repair order: the car that came in and its odometer. */
export function ConvertForm({ orgSlug, appointmentId, vehicles, vehicleId }: { orgSlug: string; appointmentId: string; vehicles: VehicleChoice[]; vehicleId: string | null }) {
  const [state, action] = useActionState<FormState, FormData>(convertAppointmentAction, {});
  const e = state.fieldErrors ?? {};
  return (
    <form action={action} aria-label="Open a repair order" className="flex flex-wrap items-end gap-3" noValidate>
      <input type="hidden" name="orgSlug" value={orgSlug} />
      <input type="hidden" name="appointmentId" value={appointmentId} />
      <SelectField
        label="Vehicle that came in" name="vehicleId" error={e.vehicleId} defaultValue={state.values?.vehicleId ?? vehicleId ?? ""}
        options={[{ value: "", label: vehicles.length ? "Choose a vehicle" : "No vehicle on file: add one on the customer's page" }, ...vehicles.map((v) => ({ value: v.id, label: v.label }))]}
      />
      <TextField label="Odometer in" name="odometerIn" inputMode="numeric" defaultValue={state.values?.odometerIn} error={e.odometerIn} />
      <SubmitButton pendingText="Opening…">Convert to repair order</SubmitButton>
      <div className="w-full">{state.message && !state.ok ? <FormMessage state={state} /> : null}</div>
    </form>
  );
}

export interface MoveToDefaults {
  startWall: string;
  durationMinutes: number;
  bayId: string | null;
  technicianUserId: string | null;
  vehicleId: string | null;
  concerns: string | null;
}

/** "Move to…": the keyboard- and phone-friendly way to move, resize or edit a booking. */
export function MoveToForm({
  orgSlug, appointmentId, defaults, bays, technicians, vehicles,
}: { orgSlug: string; appointmentId: string; defaults: MoveToDefaults; bays: Choice[]; technicians: Choice[]; vehicles: VehicleChoice[] }) {
  const [state, action] = useActionState<FormState, FormData>(rescheduleAppointmentAction, {});
  const e = state.fieldErrors ?? {};
  const v = state.ok ? {} : (state.values ?? {});
  const lengths = LENGTHS.includes(defaults.durationMinutes) ? LENGTHS : [...LENGTHS, defaults.durationMinutes].sort((x, y) => x - y);
  return (
    <form action={action} aria-label="Move to" className="flex flex-col gap-4" noValidate>
      <input type="hidden" name="orgSlug" value={orgSlug} />
      <input type="hidden" name="appointmentId" value={appointmentId} />
      <div className="grid gap-4 sm:grid-cols-2">
        <TextField label="Starts" name="startsAt" type="datetime-local" step={900} defaultValue={v.startsAt ?? defaults.startWall} error={e.startsAt} />
        <SelectField
          label="Length" name="durationMinutes" error={e.durationMinutes ?? e.endsAt} defaultValue={v.durationMinutes ?? String(defaults.durationMinutes)}
          options={lengths.map((minutes) => ({ value: String(minutes), label: minutes < 60 ? `${minutes} minutes` : `${minutes / 60} h` }))}
        />
        <SelectField
          label="Bay" name="bayId" error={e.bayId} defaultValue={v.bayId ?? defaults.bayId ?? ""}
          options={[{ value: "", label: "No bay" }, ...bays.map((bay) => ({ value: bay.id, label: bay.name }))]}
        />
        <SelectField
          label="Technician" name="technicianUserId" error={e.technicianUserId} defaultValue={v.technicianUserId ?? defaults.technicianUserId ?? ""}
          options={[{ value: "", label: "No technician" }, ...technicians.map((t) => ({ value: t.id, label: t.name }))]}
        />
        <SelectField
          label="Vehicle" name="vehicleId" error={e.vehicleId} defaultValue={v.vehicleId ?? defaults.vehicleId ?? ""}
          options={[{ value: "", label: "No vehicle yet" }, ...vehicles.map((vehicle) => ({ value: vehicle.id, label: vehicle.label }))]}
        />
      </div>
      <div className="flex flex-col gap-1">
        <label htmlFor="move-concerns" className="text-sm font-medium text-slate-800">Customer&apos;s concerns</label>
        <textarea id="move-concerns" name="concerns" rows={3} defaultValue={v.concerns ?? defaults.concerns ?? ""} className={control} aria-invalid={Boolean(e.concerns)} />
        {e.concerns ? <p role="alert" className="text-sm font-medium text-red-700">{e.concerns}</p> : null}
      </div>
      <div><SubmitButton pendingText="Saving…">Save</SubmitButton></div>
      <FormMessage state={state} />
    </form>
  );
}
