import type { z } from "zod";
import { withTenant } from "@/lib/db";
import { parseInput } from "@/lib/forms/parse-input";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { OrgContext } from "@/lib/org/context";
import { authorize } from "@/lib/rbac";
import { ZAppointmentCalendar } from "./appointment-input";
import { findLocation, MAX_APPOINTMENT_HOURS } from "./booking-checks";
import { localPeriod } from "./local-time";

/** What a calendar card or the API shows with an appointment: names only, no contact details. */
export const APPOINTMENT_DETAILS = {
  customer: { select: { id: true, displayName: true } },
  vehicle: { select: { id: true, registration: true, make: true, model: true } },
  bay: { select: { id: true, name: true, position: true } },
} as const satisfies Prisma.AppointmentInclude;

/**
 * A location's day (or Monday-to-Sunday week) in the location's own time zone,
 * which may differ from the workshop's (a second site abroad). The bounds are
 * local midnights, so a day is 23 or 25 hours when the clocks change. Every
 * appointment overlapping the period is listed, whatever its status (the desk
 * wants to see no-shows and cancellations too), earliest first.
 */
export async function listCalendarAppointments(ctx: OrgContext, raw: z.input<typeof ZAppointmentCalendar>) {
  await authorize(ctx, "appointment.read");
  const input = parseInput(ZAppointmentCalendar, raw);
  return withTenant(ctx.orgId, async (tx) => {
    const location = await findLocation(tx, input.locationId);
    const { from, to } = localPeriod(input.date, input.span, location.timezone);
    const appointments = await tx.appointment.findMany({
      where: {
        locationId: location.id,
        // No booking lasts longer than MAX_APPOINTMENT_HOURS, so the index on startsAt can be bounded on both sides.
        startsAt: { gte: new Date(from.getTime() - MAX_APPOINTMENT_HOURS * 3_600_000), lt: to },
        endsAt: { gt: from },
      },
      include: APPOINTMENT_DETAILS,
      orderBy: [{ startsAt: "asc" }, { id: "asc" }],
    });
    return { location: { id: location.id, name: location.name, timezone: location.timezone }, from, to, appointments };
  });
}
