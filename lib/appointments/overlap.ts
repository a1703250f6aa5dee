import { withTenant, type TenantTx } from "@/lib/db";
import { violatedExclusion } from "@/lib/db/database-refusal";
import { AppError } from "@/lib/errors";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { OrgContext } from "@/lib/org/context";
import type { Slot } from "./booking-checks";
import { formatLocalTime } from "./local-time";
import { LIVE_APPOINTMENT } from "./status";

// The exclusion constraints Appointment_bay_free and Appointment_technician_free
// are the guarantee: two bookings made at the same moment cannot both win. The
// query here runs first only to say, in words, what the new booking clashes with.

export interface Booking extends Slot {
  bayId: string | null;
  technicianUserId: string | null;
  /** the appointment being moved, which cannot clash with itself */
  exceptId: string | null;
}

const CONSTRAINT_FIELD = {
  Appointment_bay_free: "bayId",
  Appointment_technician_free: "technicianUserId",
} as const;

type ClashField = (typeof CONSTRAINT_FIELD)[keyof typeof CONSTRAINT_FIELD];

/** The field whose exclusion constraint an error reports, or null. */
export function violatedBookingConstraint(error: unknown): ClashField | null {
  const constraint = violatedExclusion(error);
  return constraint && constraint in CONSTRAINT_FIELD ? CONSTRAINT_FIELD[constraint as keyof typeof CONSTRAINT_FIELD] : null;
}

/** A CONFLICT naming what the booking clashes with ("Bay 2 is booked from 09:00 to 10:00."), or null when it is free. */
export async function findClash(tx: TenantTx, global: Prisma.TransactionClient, booking: Booking, timeZone: string): Promise<AppError | null> {
  const overlapping: Prisma.AppointmentWhereInput = {
    status: { in: [...LIVE_APPOINTMENT] },
    startsAt: { lt: booking.endsAt },
    endsAt: { gt: booking.startsAt },
    ...(booking.exceptId ? { id: { not: booking.exceptId } } : {}),
  };
  const select = { startsAt: true, endsAt: true, bay: { select: { name: true } } } as const;
  const [bay, technician] = await Promise.all([
    booking.bayId ? tx.appointment.findFirst({ where: { ...overlapping, bayId: booking.bayId }, orderBy: { startsAt: "asc" }, select }) : null,
    booking.technicianUserId
      ? tx.appointment.findFirst({ where: { ...overlapping, technicianUserId: booking.technicianUserId }, orderBy: { startsAt: "asc" }, select })
      : null,
  ]);
  if (!bay && !technician) return null;
  const during = (clash: Slot) =>
    `is booked from ${formatLocalTime(clash.startsAt, timeZone, booking.startsAt)} to ${formatLocalTime(clash.endsAt, timeZone, booking.startsAt)}.`;
  const fields: Record<string, string> = {};
  if (bay) fields.bayId = `${bay.bay?.name ?? "That bay"} ${during(bay)}`;
  if (technician && booking.technicianUserId) {
    const user = await global.user.findUnique({ where: { id: booking.technicianUserId }, select: { name: true } });
    fields.technicianUserId = `${user?.name ?? "That technician"} ${during(technician)}`;
  }
  return new AppError("CONFLICT", Object.values(fields).join(" "), { fields });
}

/**
 * Turns a lost race (the constraint refused the row after the check found the
 * slot free) into the same CONFLICT the check gives, read again now that the
 * winner has committed. Any other error is returned as it was.
 */
export async function bookingConflictFrom(ctx: OrgContext, error: unknown, attempt: { booking: Booking; timeZone: string } | null): Promise<unknown> {
  const field = violatedBookingConstraint(error);
  if (!field) return error;
  const named = attempt ? await withTenant(ctx.orgId, (tx, global) => findClash(tx, global, attempt.booking, attempt.timeZone)) : null;
  if (named) return named;
  const message = field === "bayId" ? "That bay was booked by someone else just now." : "That technician was booked by someone else just now.";
  return new AppError("CONFLICT", message, { fields: { [field]: `${message} Choose another time.` }, cause: error });
}

/** Throws the CONFLICT when the booking clashes with a live appointment. */
export async function assertFree(tx: TenantTx, global: Prisma.TransactionClient, booking: Booking, timeZone: string): Promise<void> {
  const clash = await findClash(tx, global, booking, timeZone);
  if (clash) throw clash;
}
