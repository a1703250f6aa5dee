import type { z } from "zod";
import { audit } from "@/lib/audit/audit";
import { changedFields } from "@/lib/audit/changed-fields";
import { withTenant } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { parseInput } from "@/lib/forms/parse-input";
import { actorOf, type OrgContext } from "@/lib/org/context";
import { authorize } from "@/lib/rbac";
import { ZUpdateAppointment } from "./appointment-input";
import { appointmentNotFound, checkBay, checkSlot, checkTechnician, checkVehicle, instantAt, lockAppointment } from "./booking-checks";
import { assertFree, bookingConflictFrom, type Booking } from "./overlap";
import { emailConfirmation } from "./send-appointment-email";
import { appointmentStatusLabel, EDITABLE_APPOINTMENT } from "./status";

const pick = <T>(given: T | undefined, current: T): T => (given === undefined ? current : given);

/**
 * Moves, resizes or edits a booking still REQUESTED or CONFIRMED, by the same
 * rules as booking it. A new start must be in the future; an appointment already
 * under way may still have its end or its details changed. A confirmed booking
 * given a new start is confirmed to the customer again, after the commit.
 */
export async function updateAppointment(ctx: OrgContext, appointmentId: string, raw: z.input<typeof ZUpdateAppointment>, options: { now?: Date } = {}) {
  await authorize(ctx, "appointment.update");
  const input = parseInput(ZUpdateAppointment, raw);
  const now = options.now ?? new Date();
  let attempt: { booking: Booking; timeZone: string } | null = null;
  let startMoved = false;
  let updated;
  try {
    updated = await withTenant(ctx.orgId, async (tx, global) => {
      const before = await lockAppointment(tx, ctx.orgId, appointmentId);
      if (!before) throw appointmentNotFound();
      if (!EDITABLE_APPOINTMENT.has(before.status)) {
        throw new AppError("CONFLICT", `This appointment is ${appointmentStatusLabel(before.status)}: it can no longer be changed.`);
      }
      const { timezone } = await tx.location.findFirstOrThrow({ where: { id: before.locationId }, select: { timezone: true } });
      const startsAt = input.startsAt === undefined ? before.startsAt : instantAt(input.startsAt, timezone, "startsAt");
      const endsAt =
        input.endsAt !== undefined ? instantAt(input.endsAt, timezone, "endsAt")
        // A new start alone moves the booking: it keeps its length in real time.
        : new Date(startsAt.getTime() + (before.endsAt.getTime() - before.startsAt.getTime()));
      const next = {
        startsAt, endsAt,
        bayId: pick(input.bayId, before.bayId),
        technicianUserId: pick(input.technicianUserId, before.technicianUserId),
        vehicleId: pick(input.vehicleId, before.vehicleId),
        concerns: pick(input.concerns, before.concerns),
      };
      const changes = changedFields(before, next);
      if (Object.keys(changes).length === 0) return before;
      const moved = "startsAt" in changes || "endsAt" in changes;
      startMoved = "startsAt" in changes;
      if (moved) checkSlot(next, now, { startChanged: "startsAt" in changes });
      if (next.vehicleId && "vehicleId" in changes) await checkVehicle(tx, next.vehicleId, before.customerId);
      if (next.bayId && "bayId" in changes) await checkBay(tx, next.bayId, before.locationId);
      if (next.technicianUserId && "technicianUserId" in changes) await checkTechnician(tx, global, next.technicianUserId);
      if (moved || "bayId" in changes || "technicianUserId" in changes) {
        const booking: Booking = { startsAt, endsAt, bayId: next.bayId, technicianUserId: next.technicianUserId, exceptId: before.id };
        attempt = { booking, timeZone: timezone };
        await assertFree(tx, global, booking, timezone);
      }
      const appointment = await tx.appointment.update({ where: { organizationId_id: { organizationId: ctx.orgId, id: before.id } }, data: next });
      // The audit log is append-only and cannot be erased: the concern's text stays out of it.
      const metadata = "concerns" in changes ? { ...changes, concerns: { changed: true } } : changes;
      await audit(tx, actorOf(ctx), "appointment.update", { type: "Appointment", id: before.id }, metadata);
      return appointment;
    });
  } catch (error) {
    throw await bookingConflictFrom(ctx, error, attempt);
  }
  if (startMoved && updated.status === "CONFIRMED") await emailConfirmation(actorOf(ctx), updated.id, now);
  return updated;
}
