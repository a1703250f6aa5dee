import { z } from "zod";
import { withTenant } from "@/lib/db";
import { blankToUndefined } from "@/lib/forms/blank";
import { parseInput } from "@/lib/forms/parse-input";
import { isUuid } from "@/lib/ids";
import type { OrgContext } from "@/lib/org/context";
import { authorize } from "@/lib/rbac";
import { ZAppointmentTime, ZUpdateAppointment } from "./appointment-input";
import { appointmentNotFound, instantAt, MAX_APPOINTMENT_HOURS, MIN_APPOINTMENT_MINUTES } from "./booking-checks";
import { updateAppointment } from "./update-appointment";

const durationMessage = `Choose a length between ${MIN_APPOINTMENT_MINUTES} minutes and ${MAX_APPOINTMENT_HOURS} hours.`;

/** The "Move to…" form: a start (local time at the location) and a length, plus the bay, technician, car and concerns. */
export const ZRescheduleAppointment = ZUpdateAppointment.omit({ endsAt: true }).extend({
  startsAt: ZAppointmentTime,
  durationMinutes: z.preprocess(
    blankToUndefined,
    z.coerce.number({ message: durationMessage }).int(durationMessage).min(MIN_APPOINTMENT_MINUTES, durationMessage).max(MAX_APPOINTMENT_HOURS * 60, durationMessage),
  ),
});

/** Moves a booking by a start and a length in real time, by the rules of updateAppointment. */
export async function rescheduleAppointment(ctx: OrgContext, appointmentId: string, raw: z.input<typeof ZRescheduleAppointment>, options: { now?: Date } = {}) {
  await authorize(ctx, "appointment.update");
  const { durationMinutes, startsAt, ...rest } = parseInput(ZRescheduleAppointment, raw);
  const booked = isUuid(appointmentId)
    ? await withTenant(ctx.orgId, (tx) => tx.appointment.findFirst({ where: { id: appointmentId }, select: { location: { select: { timezone: true } } } }))
    : null;
  if (!booked) throw appointmentNotFound();
  const start = instantAt(startsAt, booked.location.timezone, "startsAt");
  const end = new Date(start.getTime() + durationMinutes * 60_000);
  return updateAppointment(ctx, appointmentId, { ...rest, startsAt: start.toISOString(), endsAt: end.toISOString() }, options);
}
