import type { z } from "zod";
import { audit } from "@/lib/audit/audit";
import { withTenant } from "@/lib/db";
import { parseInput } from "@/lib/forms/parse-input";
import type { AppointmentSource } from "@/lib/generated/prisma/client";
import { actorOf, type OrgContext } from "@/lib/org/context";
import { authorize } from "@/lib/rbac";
import { ZCreateAppointment } from "./appointment-input";
import { checkBay, checkSlot, checkTechnician, checkVehicle, findCustomer, findLocation, instantAt } from "./booking-checks";
import { assertFree, bookingConflictFrom, type Booking } from "./overlap";
import { emailConfirmation } from "./send-appointment-email";

export interface BookingOptions {
  /** where the booking came from, set by the caller (never by the request body): STAFF, ONLINE or API */
  source: AppointmentSource;
  /** for tests: the moment "the future" starts */
  now?: Date;
}

/**
 * Books a customer (and optionally their car, a bay and a technician) at a
 * location. Times without an offset are read in the location's time zone.
 */
export async function createAppointment(ctx: OrgContext, raw: z.input<typeof ZCreateAppointment>, options: BookingOptions) {
  await authorize(ctx, "appointment.create");
  const input = parseInput(ZCreateAppointment, raw);
  const now = options.now ?? new Date();
  let attempt: { booking: Booking; timeZone: string } | null = null;
  let created;
  try {
    created = await withTenant(ctx.orgId, async (tx, global) => {
      const location = await findLocation(tx, input.locationId);
      const slot = { startsAt: instantAt(input.startsAt, location.timezone, "startsAt"), endsAt: instantAt(input.endsAt, location.timezone, "endsAt") };
      checkSlot(slot, now, { startChanged: true });
      const customer = await findCustomer(tx, input.customerId);
      if (input.vehicleId) await checkVehicle(tx, input.vehicleId, customer.id);
      if (input.bayId) await checkBay(tx, input.bayId, location.id);
      if (input.technicianUserId) await checkTechnician(tx, global, input.technicianUserId);
      const booking: Booking = { ...slot, bayId: input.bayId ?? null, technicianUserId: input.technicianUserId ?? null, exceptId: null };
      attempt = { booking, timeZone: location.timezone };
      await assertFree(tx, global, booking, location.timezone);
      const appointment = await tx.appointment.create({
        data: {
          organizationId: ctx.orgId, locationId: location.id, customerId: customer.id, vehicleId: input.vehicleId ?? null,
          bayId: booking.bayId, technicianUserId: booking.technicianUserId, startsAt: slot.startsAt, endsAt: slot.endsAt,
          concerns: input.concerns ?? null, source: options.source,
          // The workshop confirms what comes in from its public booking page.
          status: options.source === "ONLINE" ? "REQUESTED" : input.status,
        },
      });
      await audit(tx, actorOf(ctx), "appointment.create", { type: "Appointment", id: appointment.id }, {
        locationId: location.id, bayId: appointment.bayId, technicianUserId: appointment.technicianUserId,
        startsAt: appointment.startsAt.toISOString(), endsAt: appointment.endsAt.toISOString(), status: appointment.status, source: appointment.source,
      });
      return appointment;
    });
  } catch (error) {
    throw await bookingConflictFrom(ctx, error, attempt);
  }
  // After the commit: the customer is told only about a booking that exists.
  if (created.status === "CONFIRMED") await emailConfirmation(actorOf(ctx), created.id, now);
  return created;
}
