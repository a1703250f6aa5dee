"use client";

import { useActionState } from "react";
import { useFormStatus } from "react-dom";
import { clockOffAction, clockOnAction } from "@/actions/time-entries";
import { FormMessage } from "@/components/ui/notice";
import type { FormState } from "@/lib/forms/form-state";

function BigButton({ children, tone, label }: { children: React.ReactNode; tone: "on" | "off"; label: string }) {
  const { pending } = useFormStatus();
  const colour = tone === "on" ? "bg-green-700 hover:bg-green-800 focus-visible:outline-green-700" : "bg-red-700 hover:bg-red-800 focus-visible:outline-red-700";
  return (
    <button
      type="submit" disabled={pending} aria-label={label}
      className={`min-h-14 w-full rounded-lg px-6 py-3 text-lg font-semibold text-white focus-visible:outline-2 focus-visible:outline-offset-2 disabled:opacity-60 sm:w-auto ${colour}`}
    >
      {pending ? "Working…" : children}
    </button>
  );
}

/**
 * One big button per job: "Clock on" (switching from any other job), or "Clock off" for the
 * entry given; with `technicianName`, an advisor clocking someone else off. Each name begins
 * with the words on the button, so voice control ("click Clock off") finds it.
 */
export function ClockButton({ orgSlug, jobId, jobTitle, timeEntryId, technicianName }: { orgSlug: string; jobId: string; jobTitle: string; timeEntryId?: string; technicianName?: string }) {
  const [state, action] = useActionState<FormState, FormData>(timeEntryId ? clockOffAction : clockOnAction, {});
  return (
    <form action={action} className="flex w-full flex-col gap-2 sm:w-auto">
      <input type="hidden" name="orgSlug" value={orgSlug} />
      {timeEntryId ? <input type="hidden" name="timeEntryId" value={timeEntryId} /> : <input type="hidden" name="jobId" value={jobId} />}
      {timeEntryId
        ? <BigButton tone="off" label={technicianName ? `Clock off ${technicianName} from “${jobTitle}”` : `Clock off “${jobTitle}”`}>Clock off</BigButton>
        : <BigButton tone="on" label={`Clock on to “${jobTitle}”`}>Clock on</BigButton>}
      {state.ok ? null : <FormMessage state={state} />}
    </form>
  );
}
