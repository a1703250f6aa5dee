"use client";

import { useActionState } from "react";
import { requestOnlineBookingAction } from "@/actions/online-booking";
import { TextField } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/notice";
import { SubmitButton } from "@/components/ui/submit-button";
import type { FormState } from "@/lib/forms/form-state";

const control = "block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-slate-900 shadow-sm focus:border-blue-700 focus:outline-2 focus:outline-blue-700 aria-[invalid=true]:border-red-700";

/**
 * The customer's request: a free time of the chosen day and their details.
 * `website` is a field people never see or fill in (it is off-screen and
 * skipped by the keyboard); form-filling scripts do. The signed `formToken`
 * carries when the form was drawn.
 */
export function BookingRequestForm({
  orgSlug, locationId, formToken, dayLabel, slots,
}: { orgSlug: string; locationId: string; formToken: string; dayLabel: string; slots: Array<{ value: string; label: string }> }) {
  const [state, action] = useActionState<FormState, FormData>(requestOnlineBookingAction, {});
  const v = state.values ?? {};
  const e = state.fieldErrors ?? {};
  return (
    <form action={action} className="flex flex-col gap-4" noValidate aria-label="Your booking request">
      <input type="hidden" name="orgSlug" value={orgSlug} />
      <input type="hidden" name="locationId" value={locationId} />
      <input type="hidden" name="formToken" value={formToken} />
      <fieldset className="flex flex-col gap-2" aria-describedby={e.startsAt ? "slot-error" : undefined}>
        <legend className="mb-1 font-semibold">Free times on {dayLabel}</legend>
        <div className="grid grid-cols-3 gap-2 sm:grid-cols-4">
          {slots.map((slot) => (
            <label key={slot.value} className="flex cursor-pointer items-center justify-center gap-2 rounded-md border border-slate-300 bg-white px-2 py-2 text-sm font-medium has-[:checked]:border-blue-700 has-[:checked]:bg-blue-50 has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-blue-700">
              <input type="radio" name="startsAt" value={slot.value} defaultChecked={v.startsAt === slot.value} className="h-4 w-4" />
              {slot.label}
            </label>
          ))}
        </div>
        {e.startsAt ? <p id="slot-error" role="alert" className="text-sm font-medium text-red-700">{e.startsAt}</p> : null}
      </fieldset>
      <TextField label="Your name" name="name" autoComplete="name" defaultValue={v.name} error={e.name} />
      <div className="grid gap-4 sm:grid-cols-2">
        <TextField label="Email" name="email" type="email" autoComplete="email" defaultValue={v.email} error={e.email} hint="We send the confirmation here." />
        <TextField label="Phone (optional)" name="phone" type="tel" autoComplete="tel" defaultValue={v.phone} error={e.phone} />
      </div>
      <TextField label="Registration (optional)" name="registration" autoCapitalize="characters" defaultValue={v.registration} error={e.registration} />
      <div className="flex flex-col gap-1">
        <label htmlFor="booking-concerns" className="text-sm font-medium text-slate-800">What does the car need? (optional)</label>
        <textarea id="booking-concerns" name="concerns" rows={4} defaultValue={v.concerns} className={control} aria-invalid={Boolean(e.concerns)} />
        {e.concerns ? <p role="alert" className="text-sm font-medium text-red-700">{e.concerns}</p> : null}
      </div>
      <div aria-hidden="true" className="absolute -left-[10000px] h-px w-px overflow-hidden">
        <label htmlFor="booking-website">Leave this field empty</label>
        <input id="booking-website" name="website" type="text" tabIndex={-1} autoComplete="off" defaultValue="" />
      </div>
      <p className="text-sm text-slate-600">We use your details only to handle this booking. This is a request: the workshop confirms it by email.</p>
      <div><SubmitButton pendingText="Sending…">Send request</SubmitButton></div>
      <FormMessage state={state} />
    </form>
  );
}
