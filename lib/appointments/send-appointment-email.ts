import { audit, type AuditActor } from "@/lib/audit/audit";
import { withTenant } from "@/lib/db";
import { log } from "@/lib/log/logger";
import { sendMail } from "@/lib/mail/send-mail";
import { addressOf, confirmationMail, reminderMail, type BookingMailFacts } from "./appointment-mail";
import { lockAppointment } from "./booking-checks";
import { localDate } from "./local-time";
import { addDays, localMinuteOfDay, localToday } from "./opening-hours";

export type AppointmentMailKind = "confirmation" | "reminder";

/** The audit entry that records a sent email: there is no column for it, and the log is where "never twice" is read from. */
export const MAIL_SENT_ACTION: Record<AppointmentMailKind, string> = {
  confirmation: "appointment.confirmation_sent",
  reminder: "appointment.reminder_sent",
};

const DAY_MS = 86_400_000;

interface Opening {
  timezone: string;
  opensAtMinute: number;
}

/** The local day before the appointment, once the location has opened that day: nobody is emailed at midnight. */
export function reminderDue(startsAt: Date, location: Opening, now: Date): boolean {
  const tomorrow = addDays(localToday(now, location.timezone), 1);
  return localDate(startsAt, location.timezone) === tomorrow && localMinuteOfDay(now, location.timezone) >= location.opensAtMinute;
}

/**
 * Emails the customer about a CONFIRMED appointment still to come, unless that
 * email was already sent. The appointment's row lock serializes two senders
 * (the action and the job, or two job instances); the mail goes out before the
 * audit entry is written, so a failed send records nothing and is tried again
 * later, and the audit chain's lock is not held while the mail server answers.
 * Returns whether an email was sent.
 */
export async function sendAppointmentMailOnce(orgId: string, appointmentId: string, kind: AppointmentMailKind, actor: AuditActor, now: Date): Promise<boolean> {
  return withTenant(orgId, async (tx, global) => {
    const appointment = await lockAppointment(tx, orgId, appointmentId);
    if (!appointment || appointment.status !== "CONFIRMED" || appointment.startsAt.getTime() <= now.getTime()) return false;
    const location = await tx.location.findFirstOrThrow({ where: { id: appointment.locationId } });
    if (kind === "reminder" && !reminderDue(appointment.startsAt, location, now)) return false;
    const sent = await tx.auditLog.findFirst({
      // Bounded below by the booking's creation (less a day for clock skew between app and database), so the index on createdAt applies.
      where: { action: MAIL_SENT_ACTION[kind], targetType: "Appointment", targetId: appointment.id, createdAt: { gte: new Date(appointment.createdAt.getTime() - DAY_MS) } },
      select: { id: true },
    });
    if (sent) return false;
    const customer = await tx.customer.findFirstOrThrow({ where: { id: appointment.customerId }, select: { displayName: true, email: true } });
    if (!customer.email) return false;
    const vehicle = appointment.vehicleId
      ? await tx.vehicle.findFirst({ where: { id: appointment.vehicleId }, select: { registration: true, make: true, model: true } })
      : null;
    const organization = await global.organization.findUniqueOrThrow({
      where: { id: orgId }, select: { name: true, addressLine1: true, city: true, postcode: true, phone: true },
    });
    const facts: BookingMailFacts = {
      to: customer.email,
      customerName: customer.displayName,
      workshopName: organization.name,
      locationName: location.name,
      ...addressOf(location, organization),
      timeZone: location.timezone,
      startsAt: appointment.startsAt,
      endsAt: appointment.endsAt,
      vehicle: vehicle ? [vehicle.registration, vehicle.make, vehicle.model].filter(Boolean).join(" ") || null : null,
    };
    await sendMail(kind === "confirmation" ? confirmationMail(facts) : reminderMail(facts));
    // Only the time it was about: the address and the text stay out of the append-only log.
    await audit(tx, actor, MAIL_SENT_ACTION[kind], { type: "Appointment", id: appointment.id }, { startsAt: appointment.startsAt.toISOString() });
    return true;
  }, { timeoutMs: 30_000 });
}

/**
 * After an appointment became CONFIRMED. The booking stands whether or not the
 * mail server answers: a failure is logged, and the hourly job
 * (sendAppointmentEmails) sends what is still missing.
 */
export async function emailConfirmation(actor: AuditActor, appointmentId: string, now: Date = new Date()): Promise<void> {
  try {
    await sendAppointmentMailOnce(actor.orgId, appointmentId, "confirmation", actor, now);
  } catch (error) {
    log.error({ orgId: actor.orgId, appointmentId, err: error }, "appointment confirmation email not sent");
  }
}
