import { z } from "zod";
import { withTenant } from "@/lib/db";
import { blankToUndefined } from "@/lib/forms/blank";
import { parseInput } from "@/lib/forms/parse-input";
import type { OrgContext } from "@/lib/org/context";
import { authorize } from "@/lib/rbac";
import { ZAppointmentTime, ZCreateAppointment } from "./appointment-input";
import { findLocation, instantAt, MAX_APPOINTMENT_HOURS, MIN_APPOINTMENT_MINUTES } from "./booking-checks";
import { createAppointment } from "./create-appointment";

const durationMessage = `Choose a length between ${MIN_APPOINTMENT_MINUTES} minutes and ${MAX_APPOINTMENT_HOURS} hours.`;

/** The calendar's booking form: a start (a slot's instant, or a local time typed in) and a length. */
export const ZCalendarBooking = ZCreateAppointment.omit({ endsAt: true }).extend({
  startsAt: ZAppointmentTime,
  durationMinutes: z.preprocess(
    blankToUndefined,
    z.coerce.number({ message: durationMessage }).int(durationMessage).min(MIN_APPOINTMENT_MINUTES, durationMessage).max(MAX_APPOINTMENT_HOURS * 60, durationMessage),
  ),
});

/**
 * Books from the calendar. The length is real time from the start, so an
 * hour booked across the night the clocks change still lasts an hour.
 */
export async function bookFromCalendar(ctx: OrgContext, raw: z.input<typeof ZCalendarBooking>, options: { now?: Date } = {}) {
  await authorize(ctx, "appointment.create");
  const { durationMinutes, ...input } = parseInput(ZCalendarBooking, raw);
  const { timezone } = await withTenant(ctx.orgId, (tx) => findLocation(tx, input.locationId));
  const startsAt = instantAt(input.startsAt, timezone, "startsAt");
  const endsAt = new Date(startsAt.getTime() + durationMinutes * 60_000);
  return createAppointment(ctx, { ...input, startsAt: startsAt.toISOString(), endsAt: endsAt.toISOString() }, { source: "STAFF", now: options.now });
}
