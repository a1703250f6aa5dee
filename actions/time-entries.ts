"use server";

import { orgAction } from "@/lib/actions/org-action";
import { clockOff, ZClockOff } from "@/lib/time-entries/clock-off";
import { clockOn, ZClockOn } from "@/lib/time-entries/clock-on";
import { correctTimeEntry, ZCorrectTimeEntry } from "@/lib/time-entries/correct-time-entry";

export const clockOnAction = orgAction(ZClockOn, async (ctx, input) => {
  const { job, switchedFrom } = await clockOn(ctx, input);
  return { ok: true, message: switchedFrom ? `Clocked off “${switchedFrom.jobTitle}” and on to “${job.title}”.` : `Clocked on to “${job.title}”.` };
});

export const clockOffAction = orgAction(ZClockOff, async (ctx, input) => {
  await clockOff(ctx, input);
  return { ok: true, message: "Clocked off." };
});

export const correctTimeEntryAction = orgAction(ZCorrectTimeEntry, async (ctx, input) => {
  await correctTimeEntry(ctx, input);
  return { ok: true, message: "Time corrected." };
});
