import { audit, type AuditActor } from "@/lib/audit/audit";
import { withTenant, type TenantTx } from "@/lib/db";
import { log } from "@/lib/log/logger";
import type { AppointmentStatus } from "@/lib/generated/prisma/client";
import { sendMail, type Mail } from "@/lib/mail/send-mail";
import { addressOf, cancellationMail, confirmationMail, reminderMail, type BookingMailFacts } from "./appointment-mail";
import { lockAppointment } from "./booking-checks";
import { localDate } from "./local-time";
import { addDays, localMinuteOfDay, localToday } from "./opening-hours";

export type AppointmentMailKind = "confirmation" | "reminder" | "cancellation";

/** The audit entry that records a sent email: there is no column for it, and the log is where "never twice" is read from. */
export const MAIL_SENT_ACTION: Record<AppointmentMailKind, string> = {
  confirmation: "appointment.confirmation_sent",
  reminder: "appointment.reminder_sent",
  cancellation: "appointment.cancellation_sent",
};
/** Committed before the mail goes out: the claim that stops a second sender. */
export const MAIL_SENDING_ACTION: Record<AppointmentMailKind, string> = {
  confirmation: "appointment.confirmation_sending",
  reminder: "appointment.reminder_sending",
  cancellation: "appointment.cancellation_sending",
};
/** The mail server refused: the claim is released and a later run may try again. */
export const MAIL_FAILED_ACTION: Record<AppointmentMailKind, string> = {
  confirmation: "appointment.confirmation_failed",
  reminder: "appointment.reminder_failed",
  cancellation: "appointment.cancellation_failed",
};

export const mailActionsOf = (kind: AppointmentMailKind) => [MAIL_SENDING_ACTION[kind], MAIL_SENT_ACTION[kind], MAIL_FAILED_ACTION[kind]];

export interface MailEntry {
  action: string;
  seq: number;
  metadata: unknown;
}

const startsAtOf = (metadata: unknown) =>
  metadata !== null && typeof metadata === "object" && "startsAt" in metadata ? (metadata as { startsAt: unknown }).startsAt : undefined;

/**
 * Owed unless an email of this kind was sent or is being sent for the booking's
 * CURRENT time: a confirmed booking that moves is confirmed again, and the
 * reminder is for the time it now has.
 */
export function mailOwed(entries: readonly MailEntry[], kind: AppointmentMailKind, startsAt: Date): boolean {
  const at = startsAt.toISOString();
  const latest = entries
    .filter((entry) => mailActionsOf(kind).includes(entry.action) && startsAtOf(entry.metadata) === at)
    .reduce<MailEntry | null>((last, entry) => (last && last.seq > entry.seq ? last : entry), null);
  return !latest || latest.action === MAIL_FAILED_ACTION[kind];
}

/** The status a booking must have for each email: a reminder or confirmation of a cancelled booking is never sent. */
const STATUS_MAILED: Record<AppointmentMailKind, AppointmentStatus> = { confirmation: "CONFIRMED", reminder: "CONFIRMED", cancellation: "CANCELLED" };

/**
 * A cancellation is news only to a customer we told it was on: one whose confirmation for this
 * time went out. A request declined before it was confirmed, or a booking the customer was never
 * emailed about, gets no cancellation email.
 */
export function wasConfirmedToCustomer(entries: readonly MailEntry[], startsAt: Date): boolean {
  return entries.some((entry) => entry.action === MAIL_SENT_ACTION.confirmation && startsAtOf(entry.metadata) === startsAt.toISOString());
}

/** The booking's last status change was CONFIRMED -> CANCELLED: not a customer who had already arrived (they know). */
async function cancelledWhileConfirmed(tx: TenantTx, appointment: { id: string; createdAt: Date }): Promise<boolean> {
  const last = await tx.auditLog.findFirst({
    where: { action: "appointment.status", targetType: "Appointment", targetId: appointment.id, createdAt: { gte: new Date(appointment.createdAt.getTime() - DAY_MS) } },
    orderBy: { seq: "desc" },
    select: { metadata: true },
  });
  const change = last?.metadata as { from?: unknown; to?: unknown } | null | undefined;
  return change?.from === "CONFIRMED" && change.to === "CANCELLED";
}

const MAIL_OF: Record<AppointmentMailKind, (facts: BookingMailFacts) => Mail> = {
  confirmation: confirmationMail, reminder: reminderMail, cancellation: cancellationMail,
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
 * Under the appointment's row lock, in a short transaction, checks the email is
 * owed and commits a claim for it (the "sending" entry); returns what to send,
 * or null. The row lock serializes two senders (the action and the job, or two
 * job instances): the second finds the claim.
 */
async function claimMail(orgId: string, appointmentId: string, kind: AppointmentMailKind, actor: AuditActor, now: Date): Promise<BookingMailFacts | null> {
  return withTenant(orgId, async (tx, global) => {
    const appointment = await lockAppointment(tx, orgId, appointmentId);
    if (!appointment || appointment.status !== STATUS_MAILED[kind] || appointment.startsAt.getTime() <= now.getTime()) return null;
    const location = await tx.location.findFirstOrThrow({ where: { id: appointment.locationId } });
    if (kind === "reminder" && !reminderDue(appointment.startsAt, location, now)) return null;
    const entries = await tx.auditLog.findMany({
      // Bounded below by the booking's creation (less a day for clock skew between app and database), so the index on createdAt applies.
      where: {
        action: { in: [...mailActionsOf(kind), MAIL_SENT_ACTION.confirmation] }, targetType: "Appointment", targetId: appointment.id,
        createdAt: { gte: new Date(appointment.createdAt.getTime() - DAY_MS) },
      },
      select: { action: true, seq: true, metadata: true },
    });
    if (!mailOwed(entries, kind, appointment.startsAt)) return null;
    if (kind === "cancellation" && !(wasConfirmedToCustomer(entries, appointment.startsAt) && (await cancelledWhileConfirmed(tx, appointment)))) return null;
    const customer = await tx.customer.findFirstOrThrow({ where: { id: appointment.customerId }, select: { displayName: true, email: true } });
    if (!customer.email) return null;
    const vehicle = appointment.vehicleId
      ? await tx.vehicle.findFirst({ where: { id: appointment.vehicleId }, select: { registration: true, make: true, model: true } })
      : null;
    const organization = await global.organization.findUniqueOrThrow({
      where: { id: orgId }, select: { name: true, addressLine1: true, city: true, postcode: true, phone: true },
    });
    // Only the time it is about: the address and the text stay out of the append-only log.
    await audit(tx, actor, MAIL_SENDING_ACTION[kind], { type: "Appointment", id: appointment.id }, { startsAt: appointment.startsAt.toISOString() });
    return {
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
  });
}

async function recordMail(orgId: string, appointmentId: string, action: string, actor: AuditActor, startsAt: Date): Promise<void> {
  await withTenant(orgId, (tx) => audit(tx, actor, action, { type: "Appointment", id: appointmentId }, { startsAt: startsAt.toISOString() }));
}

/**
 * Emails the customer about a CONFIRMED appointment still to come, unless that
 * email was already sent (or is being sent) for its current time. Claim, then
 * send with no transaction open (a slow mail server holds no lock and no
 * pooled connection), then record it sent. A refusal by the mail server
 * releases the claim so a later run tries again; a crash between the claim and
 * the send loses that one email rather than sending it twice.
 * Returns whether an email was sent.
 */
export async function sendAppointmentMailOnce(orgId: string, appointmentId: string, kind: AppointmentMailKind, actor: AuditActor, now: Date): Promise<boolean> {
  const facts = await claimMail(orgId, appointmentId, kind, actor, now);
  if (!facts) return false;
  try {
    await sendMail(MAIL_OF[kind](facts));
  } catch (error) {
    await recordMail(orgId, appointmentId, MAIL_FAILED_ACTION[kind], actor, facts.startsAt);
    throw error;
  }
  await recordMail(orgId, appointmentId, MAIL_SENT_ACTION[kind], actor, facts.startsAt);
  return true;
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

/**
 * After a CONFIRMED booking was cancelled by the workshop: the customer is told not to come, if we
 * had told them it was on. Like the confirmation, a failure is logged and the hourly job retries it.
 */
export async function emailCancellation(actor: AuditActor, appointmentId: string, now: Date = new Date()): Promise<void> {
  try {
    await sendAppointmentMailOnce(actor.orgId, appointmentId, "cancellation", actor, now);
  } catch (error) {
    log.error({ orgId: actor.orgId, appointmentId, err: error }, "appointment cancellation email not sent");
  }
}
