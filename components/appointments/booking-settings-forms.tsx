"use client";

import { useActionState, type InputHTMLAttributes } from "react";
import { createBayAction, deactivateBayAction, renameBayAction, setOnlineBookingAction, updateOpeningHoursAction } from "@/actions/appointment-settings";

import { FormMessage } from "@/components/ui/notice";
import { SubmitButton } from "@/components/ui/submit-button";
import type { FormState } from "@/lib/forms/form-state";
import { useResettingForm } from "@/components/ui/use-resetting-form";


const control = "block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-slate-900 shadow-sm focus:border-blue-700 focus:outline-2 focus:outline-blue-700 aria-[invalid=true]:border-red-700";

/** A labelled input with an id of its own: these forms repeat once per location or bay on one page. */
function Field({ id, label, error, ...input }: { id: string; label: string; error?: string } & InputHTMLAttributes<HTMLInputElement>) {
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={id} className="text-sm font-medium text-slate-800">{label}</label>
      <input id={id} className={control} aria-invalid={Boolean(error)} aria-describedby={error ? `${id}-error` : undefined} {...input} />
      {error ? <p id={`${id}-error`} role="alert" className="text-sm font-medium text-red-700">{error}</p> : null}
    </div>
  );
}

export function OnlineBookingForm({ orgSlug, enabled, editable }: { orgSlug: string; enabled: boolean; editable: boolean }) {
  const [state, action] = useActionState<FormState, FormData>(setOnlineBookingAction, {});
  return (
    <form action={action} aria-label="Online booking" className="flex flex-col gap-3">
      <input type="hidden" name="orgSlug" value={orgSlug} />
      <fieldset disabled={!editable} className="flex flex-col gap-3">
        <label className="flex items-center gap-2 text-sm font-medium text-slate-800">
          <input type="checkbox" name="enabled" value="on" defaultChecked={enabled} className="h-4 w-4" />
          Take booking requests online
        </label>
        {editable ? <div><SubmitButton pendingText="Saving…">Save</SubmitButton></div> : null}
      </fieldset>
      <FormMessage state={state} />
    </form>
  );
}

const WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
const SLOT_LENGTHS = [15, 30, 45, 60, 90, 120, 180, 240];

export interface HoursDefaults {
  locationId: string;
  locationName: string;
  opensAt: string;
  closesAt: string;
  openWeekdays: number[];
  bookingSlotMinutes: number;
}

export function OpeningHoursForm({ orgSlug, hours, editable }: { orgSlug: string; hours: HoursDefaults; editable: boolean }) {
  const [state, action] = useActionState<FormState, FormData>(updateOpeningHoursAction, {});
  const e = state.fieldErrors ?? {};
  const v = state.ok ? {} : (state.values ?? {});
  const failed = Boolean(state.values) && !state.ok;
  return (
    <form action={action} aria-label={`Opening hours of ${hours.locationName}`} className="flex flex-col gap-4" noValidate>
      <input type="hidden" name="orgSlug" value={orgSlug} />
      <input type="hidden" name="locationId" value={hours.locationId} />
      <fieldset disabled={!editable} className="flex flex-col gap-4">
        <div className="grid gap-4 sm:grid-cols-3">
          <Field id={`opens-${hours.locationId}`} label="Opens" name="opensAt" type="time" step={900} defaultValue={v.opensAt ?? hours.opensAt} error={e.opensAt} />
          <Field id={`closes-${hours.locationId}`} label="Closes" name="closesAt" type="time" step={900} defaultValue={v.closesAt ?? hours.closesAt} error={e.closesAt} />
          <div className="flex flex-col gap-1">
            <label htmlFor={`slot-${hours.locationId}`} className="text-sm font-medium text-slate-800">Online booking slot</label>
            <select id={`slot-${hours.locationId}`} name="bookingSlotMinutes" defaultValue={v.bookingSlotMinutes ?? String(hours.bookingSlotMinutes)} className={control} aria-invalid={Boolean(e.bookingSlotMinutes)}>
              {SLOT_LENGTHS.map((minutes) => <option key={minutes} value={String(minutes)}>{minutes < 60 ? `${minutes} minutes` : `${minutes / 60} h`}</option>)}
            </select>
            {e.bookingSlotMinutes ? <p role="alert" className="text-sm font-medium text-red-700">{e.bookingSlotMinutes}</p> : null}
          </div>
        </div>
        <fieldset className="flex flex-wrap gap-3">
          <legend className="mb-1 text-sm font-medium text-slate-800">Open on</legend>
          {WEEKDAYS.map((day, i) => (
            <label key={day} className="flex items-center gap-1 text-sm">
              <input
                type="checkbox" name={`weekday${i + 1}`} className="h-4 w-4" aria-label={`Open on ${day}`}
                defaultChecked={failed ? v[`weekday${i + 1}`] === "on" : hours.openWeekdays.includes(i + 1)}
              />
              {day}
            </label>
          ))}
        </fieldset>
        {editable ? <div><SubmitButton pendingText="Saving…">Save opening hours</SubmitButton></div> : null}
      </fieldset>
      <FormMessage state={state} />
    </form>
  );
}

export function AddBayForm({ orgSlug, locationId, locationName }: { orgSlug: string; locationId: string; locationName: string }) {
  const { state, action, form } = useResettingForm(createBayAction);
  return (
    <form ref={form} action={action} aria-label={`Add a bay at ${locationName}`} className="flex flex-wrap items-end gap-3" noValidate>
      <input type="hidden" name="orgSlug" value={orgSlug} />
      <input type="hidden" name="locationId" value={locationId} />
      <Field id={`new-bay-${locationId}`} label={`New bay at ${locationName}`} name="name" placeholder="e.g. Bay 3 or MOT lane" defaultValue={state.ok ? "" : state.values?.name} error={state.fieldErrors?.name} />
      <SubmitButton pendingText="Adding…">Add bay</SubmitButton>
      <div className="w-full"><FormMessage state={state} /></div>
    </form>
  );
}

export function BayRow({ orgSlug, bay }: { orgSlug: string; bay: { id: string; name: string } }) {
  const [renamed, rename] = useActionState<FormState, FormData>(renameBayAction, {});
  const [retired, retire] = useActionState<FormState, FormData>(deactivateBayAction, {});
  return (
    <li className="flex flex-col gap-2 rounded-md border border-slate-200 p-3">
      <div className="flex flex-wrap items-end gap-3">
        <form action={rename} aria-label={`Rename ${bay.name}`} className="flex flex-wrap items-end gap-3" noValidate>
          <input type="hidden" name="orgSlug" value={orgSlug} />
          <input type="hidden" name="bayId" value={bay.id} />
          <Field id={`bay-name-${bay.id}`} label={`Name of ${bay.name}`} name="name" defaultValue={renamed.ok ? bay.name : (renamed.values?.name ?? bay.name)} error={renamed.fieldErrors?.name} />
          <SubmitButton variant="secondary" pendingText="Saving…">Rename</SubmitButton>
        </form>
        <form action={retire}>
          <input type="hidden" name="orgSlug" value={orgSlug} />
          <input type="hidden" name="bayId" value={bay.id} />
          <SubmitButton variant="secondary" pendingText="Retiring…">{`Stop using ${bay.name}`}</SubmitButton>
        </form>
      </div>
      {renamed.message ? <FormMessage state={renamed} /> : null}
      {retired.message ? <FormMessage state={retired} /> : null}
    </li>
  );
}
