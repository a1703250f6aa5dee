// The hourly appointment email job. Organizations are a global table; each
// workshop's appointments are read inside withTenant(orgId, ...), so row-level
// security binds the job as it binds a request.
import type { AuditActor } from "@/lib/audit/audit";
import { db, withTenant } from "@/lib/db";
import { log } from "@/lib/log/logger";
import {
  mailActionsOf, mailOwed, reminderDue, sendAppointmentMailOnce, wasConfirmedToCustomer, type AppointmentMailKind, type MailEntry,
} from "./send-appointment-email";

export interface AppointmentEmailRun {
  confirmations: number;
  reminders: number;
  cancellations: number;
  failed: number;
}

const HOUR_MS = 3_600_000;
/** A confirmation whose immediate send failed is retried for this long after the booking last changed. */
const CONFIRMATION_RETRY_MS = 24 * HOUR_MS;

const systemActor = (orgId: string): AuditActor => ({ orgId, userId: null, requestId: "job:appointment-emails" });

interface Candidate {
  id: string;
  kind: AppointmentMailKind;
}

/** What may be owed in one workshop, less what the audit log already records as sent (one query each, not a transaction per booking). */
async function candidatesOf(orgId: string, now: Date): Promise<Candidate[]> {
  return withTenant(orgId, async (tx) => {
    const [upcoming, cancelled, locations] = await Promise.all([
      tx.appointment.findMany({
        where: {
          status: "CONFIRMED", startsAt: { gt: now },
          // Tomorrow in any zone starts within 48 hours of now.
          OR: [{ startsAt: { lt: new Date(now.getTime() + 49 * HOUR_MS) } }, { updatedAt: { gte: new Date(now.getTime() - CONFIRMATION_RETRY_MS) } }],
        },
        select: { id: true, startsAt: true, updatedAt: true, createdAt: true, locationId: true },
      }),
      // Cancelled lately and still to come: a cancellation email whose immediate send failed.
      tx.appointment.findMany({
        where: { status: "CANCELLED", startsAt: { gt: now }, updatedAt: { gte: new Date(now.getTime() - CONFIRMATION_RETRY_MS) } },
        select: { id: true, startsAt: true, createdAt: true },
      }),
      tx.location.findMany({ select: { id: true, timezone: true, opensAtMinute: true } }),
    ]);
    const all = [...upcoming, ...cancelled];
    if (all.length === 0) return [];
    const sites = new Map(locations.map((location) => [location.id, location]));
    const entries = await tx.auditLog.findMany({
      where: {
        action: { in: [...mailActionsOf("confirmation"), ...mailActionsOf("reminder"), ...mailActionsOf("cancellation")] },
        targetType: "Appointment", targetId: { in: all.map((a) => a.id) },
        createdAt: { gte: new Date(Math.min(...all.map((a) => a.createdAt.getTime())) - 24 * HOUR_MS) },
      },
      select: { action: true, seq: true, metadata: true, targetId: true },
    });
    const byAppointment = new Map<string, MailEntry[]>();
    for (const entry of entries) byAppointment.set(entry.targetId!, [...(byAppointment.get(entry.targetId!) ?? []), entry]);
    const owed = (appointment: { id: string; startsAt: Date }, kind: AppointmentMailKind) => mailOwed(byAppointment.get(appointment.id) ?? [], kind, appointment.startsAt);
    const cancellations: Candidate[] = cancelled
      .filter((appointment) => owed(appointment, "cancellation") && wasConfirmedToCustomer(byAppointment.get(appointment.id) ?? [], appointment.startsAt))
      .map((appointment) => ({ id: appointment.id, kind: "cancellation" }));
    return [...cancellations, ...upcoming.flatMap((appointment) => {
      const location = sites.get(appointment.locationId);
      const list: Candidate[] = [];
      if (appointment.updatedAt.getTime() >= now.getTime() - CONFIRMATION_RETRY_MS && owed(appointment, "confirmation")) {
        list.push({ id: appointment.id, kind: "confirmation" });
      }
      if (location && reminderDue(appointment.startsAt, location, now) && owed(appointment, "reminder")) list.push({ id: appointment.id, kind: "reminder" });
      return list;
    })];
  });
}

/**
 * Sends the reminder the day before each CONFIRMED appointment (once the
 * location has opened that day), and any confirmation or cancellation whose
 * immediate send failed. Safe to run as often as you like and on several instances at once:
 * each email is sent at most once per appointment and start time (sendAppointmentMailOnce).
 */
export async function sendAppointmentEmails(options: { now?: Date } = {}): Promise<AppointmentEmailRun> {
  const now = options.now ?? new Date();
  const run: AppointmentEmailRun = { confirmations: 0, reminders: 0, cancellations: 0, failed: 0 };
  const organizations = await db().organization.findMany({ select: { id: true }, orderBy: { id: "asc" } });
  for (const { id: orgId } of organizations) {
    let candidates: Candidate[] = [];
    try {
      candidates = await candidatesOf(orgId, now);
    } catch (error) {
      run.failed += 1;
      log.error({ orgId, err: error }, "appointment emails for a workshop failed");
    }
    for (const candidate of candidates) {
      try {
        if (await sendAppointmentMailOnce(orgId, candidate.id, candidate.kind, systemActor(orgId), now)) {
          if (candidate.kind === "confirmation") run.confirmations += 1;
          else if (candidate.kind === "reminder") run.reminders += 1;
          else run.cancellations += 1;
        }
      } catch (error) {
        run.failed += 1;
        log.error({ orgId, appointmentId: candidate.id, kind: candidate.kind, err: error }, "appointment email not sent");
      }
    }
  }
  return run;
}

/** The pg-boss handler: a failure fails the job so pg-boss retries it; what was sent stays sent. */
export async function runAppointmentEmails(): Promise<void> {
  const run = await sendAppointmentEmails();
  log.info({ job: "appointment-emails", ...run }, "appointment emails sent");
  if (run.failed > 0) throw new Error(`${run.failed} appointment email(s) could not be sent; the retry sends only what is still missing`);
}
