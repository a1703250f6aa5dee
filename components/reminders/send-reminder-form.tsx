"use client";

import { useActionState } from "react";
import { sendVehicleReminderAction } from "@/actions/reminders";
import { SubmitButton } from "@/components/ui/submit-button";
import type { FormState } from "@/lib/forms/form-state";

export function SendReminderForm({ orgSlug, vehicleId, label }: { orgSlug: string; vehicleId: string; label: string }) {
  const [state, action] = useActionState<FormState, FormData>(sendVehicleReminderAction, {});
  return (
    <form action={action} className="flex flex-col gap-1">
      <input type="hidden" name="orgSlug" value={orgSlug} />
      <input type="hidden" name="vehicleId" value={vehicleId} />
      <div><SubmitButton variant="secondary" pendingText="Sending…">Send now<span className="sr-only"> for {label}</span></SubmitButton></div>
      {state.message ? (
        <p role={state.ok ? "status" : "alert"} className={`text-sm ${state.ok ? "text-green-800" : "text-red-700"}`}>{state.message}</p>
      ) : null}
    </form>
  );
}
