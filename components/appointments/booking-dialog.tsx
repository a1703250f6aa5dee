"use client";

import { useActionState, useEffect, useRef, useState } from "react";
import { bookAppointmentAction, searchBookingCustomersAction } from "@/actions/appointments";
import { SelectField } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/notice";
import { SubmitButton } from "@/components/ui/submit-button";
import type { BookingCustomer } from "@/lib/appointments/find-booking-customers";
import type { FormState } from "@/lib/forms/form-state";

/** Where the booking starts: the slot clicked (its local time and exact instant), or a time to type in. */
export interface BookingDraft {
  startWall: string;
  /** the clicked slot's instant: sent while the time field still shows that slot (a time the clocks repeat stays the one clicked) */
  startIso: string | null;
  durationMinutes: number;
  bayId?: string | null;
  technicianUserId?: string | null;
}

export interface Choice {
  id: string;
  name: string;
}

const LENGTHS = [15, 30, 45, 60, 90, 120, 180, 240, 300, 360, 480];
const lengthLabel = (minutes: number) => (minutes < 60 ? `${minutes} minutes` : `${Math.floor(minutes / 60)} h${minutes % 60 ? ` ${minutes % 60} min` : ""}`);
const control = "block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-slate-900 shadow-sm focus:border-blue-700 focus:outline-2 focus:outline-blue-700 aria-[invalid=true]:border-red-700";
const vehicleName = (v: BookingCustomer["vehicles"][number]) => [v.registration, v.make, v.model].filter(Boolean).join(" ") || "Vehicle without details";

function ErrorText({ id, error }: { id: string; error?: string }) {
  return error ? <p id={id} role="alert" className="text-sm font-medium text-red-700">{error}</p> : null;
}

/** Finds a customer as you type (name, email, phone or plate) and offers their cars. */
function CustomerPicker({ orgSlug, error, onChoose }: { orgSlug: string; error?: string; onChoose: (customer: BookingCustomer | null) => void }) {
  const [q, setQ] = useState("");
  const [results, setResults] = useState<BookingCustomer[]>([]);
  const [chosen, setChosen] = useState<BookingCustomer | null>(null);
  const latest = useRef(0);
  useEffect(() => {
    const term = q.trim();
    const request = (latest.current += 1);
    if (term.length < 2) return;
    const timer = window.setTimeout(() => {
      void searchBookingCustomersAction(orgSlug, term).then((found) => {
        // An older answer arriving late must not replace a newer one.
        if (request === latest.current) setResults(found);
      });
    }, 250);
    return () => window.clearTimeout(timer);
  }, [q, orgSlug]);
  const shown = q.trim().length < 2 ? [] : results;
  const listed = chosen && !shown.some((c) => c.id === chosen.id) ? [chosen, ...shown] : shown;
  return (
    <fieldset className="flex flex-col gap-2" aria-describedby={error ? "booking-customer-error" : undefined}>
      <legend className="text-sm font-medium text-slate-800">Customer</legend>
      <label htmlFor="booking-customer-search" className="sr-only">Find a customer</label>
      <input
        id="booking-customer-search" type="search" value={q} onChange={(event) => setQ(event.target.value)} autoComplete="off"
        placeholder="Name, phone, email or plate" className={control} aria-invalid={Boolean(error)}
      />
      {q.trim().length >= 2 && listed.length === 0 ? <p className="text-sm text-slate-600">No customer found. Add them on the Customers page first.</p> : null}
      {listed.length > 0 ? (
        <ul className="flex max-h-48 flex-col gap-1 overflow-y-auto">
          {listed.map((customer) => (
            <li key={customer.id}>
              <label className="flex cursor-pointer items-start gap-2 rounded-md border border-slate-200 px-2 py-1 text-sm has-[:checked]:border-blue-700 has-[:checked]:bg-blue-50">
                <input
                  type="radio" name="customerId" value={customer.id} checked={chosen?.id === customer.id} className="mt-1"
                  onChange={() => {
                    setChosen(customer);
                    onChoose(customer);
                  }}
                />
                <span>
                  <span className="font-medium">{customer.displayName}</span>
                  <span className="block text-slate-600">{[customer.phone, customer.email, ...customer.vehicles.map((v) => v.registration)].filter(Boolean).join(" · ")}</span>
                </span>
              </label>
            </li>
          ))}
        </ul>
      ) : null}
      <ErrorText id="booking-customer-error" error={error} />
    </fieldset>
  );
}

/**
 * The calendar's booking form in a modal dialog: customer, car, start, length,
 * bay, technician, concerns, and whether it is already confirmed with the
 * customer (which emails them a confirmation).
 */
export function BookingDialog({
  orgSlug, locationId, draft, bays, technicians, onClose, onBooked,
}: {
  orgSlug: string;
  locationId: string;
  draft: BookingDraft;
  bays: Choice[];
  technicians: Choice[];
  onClose: () => void;
  onBooked: (message: string) => void;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [state, action] = useActionState<FormState, FormData>(bookAppointmentAction, {});
  const [customer, setCustomer] = useState<BookingCustomer | null>(null);
  const [startLocal, setStartLocal] = useState(draft.startWall);
  const lengths = LENGTHS.includes(draft.durationMinutes) ? LENGTHS : [...LENGTHS, draft.durationMinutes].sort((x, y) => x - y);
  const e = state.fieldErrors ?? {};
  const v = state.ok ? {} : (state.values ?? {});

  useEffect(() => {
    const element = dialog.current;
    if (element && !element.open) element.showModal();
  }, []);
  useEffect(() => {
    if (state.ok) onBooked(state.message ?? "Booked.");
  }, [state, onBooked]);

  const startsAt = startLocal === draft.startWall && draft.startIso ? draft.startIso : startLocal;
  return (
    <dialog
      ref={dialog} aria-labelledby="booking-title" onClose={onClose}
      className="m-auto w-[min(32rem,calc(100vw-1rem))] rounded-lg border border-slate-200 p-0 shadow-xl backdrop:bg-slate-900/40"
    >
      <form action={action} className="flex flex-col gap-4 p-5" noValidate>
        <h2 id="booking-title" className="text-lg font-semibold">New appointment</h2>
        <input type="hidden" name="orgSlug" value={orgSlug} />
        <input type="hidden" name="locationId" value={locationId} />
        <input type="hidden" name="startsAt" value={startsAt} />
        <CustomerPicker orgSlug={orgSlug} error={e.customerId} onChoose={setCustomer} />
        <SelectField
          key={customer?.id ?? "none"} label="Vehicle" name="vehicleId" error={e.vehicleId}
          options={[{ value: "", label: customer ? "No vehicle yet" : "Choose a customer first" }, ...(customer?.vehicles ?? []).map((vehicle) => ({ value: vehicle.id, label: vehicleName(vehicle) }))]}
          defaultValue={customer?.vehicles[0]?.id ?? ""}
        />
        <div className="grid gap-4 sm:grid-cols-2">
          <div className="flex flex-col gap-1">
            <label htmlFor="booking-start" className="text-sm font-medium text-slate-800">Starts</label>
            <input
              id="booking-start" type="datetime-local" step={900} value={startLocal} onChange={(event) => setStartLocal(event.target.value)}
              className={control} aria-invalid={Boolean(e.startsAt)} aria-describedby={e.startsAt ? "booking-start-error" : undefined}
            />
            <ErrorText id="booking-start-error" error={e.startsAt} />
          </div>
          <SelectField
            label="Length" name="durationMinutes" error={e.durationMinutes ?? e.endsAt} defaultValue={v.durationMinutes ?? String(draft.durationMinutes)}
            options={lengths.map((minutes) => ({ value: String(minutes), label: lengthLabel(minutes) }))}
          />
          <SelectField
            label="Bay" name="bayId" error={e.bayId} defaultValue={v.bayId ?? draft.bayId ?? ""}
            options={[{ value: "", label: "No bay" }, ...bays.map((bay) => ({ value: bay.id, label: bay.name }))]}
          />
          <SelectField
            label="Technician" name="technicianUserId" error={e.technicianUserId} defaultValue={v.technicianUserId ?? draft.technicianUserId ?? ""}
            options={[{ value: "", label: "No technician" }, ...technicians.map((t) => ({ value: t.id, label: t.name }))]}
          />
        </div>
        <div className="flex flex-col gap-1">
          <label htmlFor="booking-concerns" className="text-sm font-medium text-slate-800">Customer&apos;s concerns</label>
          <textarea id="booking-concerns" name="concerns" rows={3} defaultValue={v.concerns} className={control} aria-invalid={Boolean(e.concerns)} />
          <ErrorText id="booking-concerns-error" error={e.concerns} />
        </div>
        <SelectField
          label="Status" name="status" error={e.status} defaultValue={v.status ?? "CONFIRMED"}
          options={[{ value: "CONFIRMED", label: "Confirmed with the customer (emails them)" }, { value: "REQUESTED", label: "Requested: to confirm later" }]}
        />
        {state.message && !state.ok ? <FormMessage state={state} /> : null}
        <div className="flex flex-wrap justify-end gap-2">
          <button type="button" onClick={() => dialog.current?.close()} className="rounded-md border border-slate-300 bg-white px-4 py-2 text-sm font-medium text-slate-900 hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-slate-500">
            Cancel
          </button>
          <SubmitButton pendingText="Booking…">Book appointment</SubmitButton>
        </div>
      </form>
    </dialog>
  );
}
