// Every background job in one table: its queue's retry and expiry settings,
// its schedule, and its handler. The migration step creates a queue for each
// entry (as the owner); every app instance runs a worker for each and keeps
// the schedules in step with this file. Handlers are loaded lazily so the
// migration step can read this table without loading the domain code.
import type PgBoss from "pg-boss";

/** pg-boss's own schema; created and migrated by the table owner, never by the app. */
export const JOB_SCHEMA = "pgboss";

/**
 * pg-boss 10's timekeeper moves each cron tick through this internal queue
 * (src/timekeeper.js). It tries to create it at start and ignores a failure,
 * which the app role always gets, so the owner creates it with the others.
 */
export const CRON_QUEUE = "__pgboss__send-it";

export type JobHandler = (data: unknown) => Promise<void>;

export interface JobDefinition {
  queue: Omit<PgBoss.Queue, "name">;
  /** a cron tick inserts one job across all instances (pg-boss serializes the cron check and dedupes the tick) */
  schedule?: { cron: string; tz: string };
  load: () => Promise<JobHandler>;
}

export const JOBS = {
  /** daily at 06:00 UTC: email the service and inspection reminders now due (lib/reminders) */
  "service-reminders": {
    queue: { retryLimit: 3, retryDelay: 300, retryBackoff: true, expireInSeconds: 3600 },
    schedule: { cron: "0 6 * * *", tz: "UTC" },
    load: async () => (await import("@/lib/reminders/send-due-reminders")).runDailyReminders,
  },
  /** hourly: appointment reminders the day before (once each location has opened) and confirmations whose first send failed (lib/appointments) */
  "appointment-emails": {
    queue: { retryLimit: 3, retryDelay: 300, retryBackoff: true, expireInSeconds: 1800 },
    schedule: { cron: "5 * * * *", tz: "UTC" },
    load: async () => (await import("@/lib/appointments/send-appointment-emails")).runAppointmentEmails,
  },
  /** on request: build a GDPR export's ZIP (lib/gdpr/export); a whole large workshop takes minutes */
  "privacy-export": {
    queue: { retryLimit: 2, retryDelay: 60, retryBackoff: true, expireInSeconds: 4 * 3600 },
    load: async () => (await import("@/lib/gdpr/export/run-export")).runPrivacyExport,
  },
  /** daily at 03:30 UTC: delete export files past their 7 days and mark them COMPLETED (lib/gdpr/export) */
  "privacy-export-cleanup": {
    queue: { retryLimit: 3, retryDelay: 300, retryBackoff: true, expireInSeconds: 3600 },
    schedule: { cron: "30 3 * * *", tz: "UTC" },
    load: async () => (await import("@/lib/gdpr/export/remove-expired-exports")).runExportCleanup,
  },
  /** hourly: erasures (Art. 17) and workshop closures whose grace period is over (lib/gdpr/erasure); a failed one is retried */
  "privacy-erasures": {
    queue: { retryLimit: 3, retryDelay: 600, retryBackoff: true, expireInSeconds: 3600 },
    schedule: { cron: "25 * * * *", tz: "UTC" },
    load: async () => (await import("@/lib/gdpr/erasure/run-due-erasures")).runPrivacyErasures,
  },
  /** daily at 00:05 UTC: every workshop's audit chain verified against its anchors; a broken one raises an alert (lib/alerts) */
  "audit-verify": {
    queue: { retryLimit: 2, retryDelay: 300, retryBackoff: true, expireInSeconds: 3600 },
    schedule: { cron: "5 0 * * *", tz: "UTC" },
    load: async () => (await import("@/lib/audit/verify-audit-chains")).runAuditVerification,
  },
  /** daily at 00:15 UTC: each workshop's audit chain head appended to the day's anchor file outside the database (lib/audit/anchors.ts) */
  "audit-anchors": {
    queue: { retryLimit: 3, retryDelay: 300, retryBackoff: true, expireInSeconds: 1800 },
    schedule: { cron: "15 0 * * *", tz: "UTC" },
    load: async () => (await import("@/lib/audit/anchor-audit-heads")).runAuditAnchors,
  },
} satisfies Record<string, JobDefinition>;

export type JobName = keyof typeof JOBS;

export const JOB_NAMES = Object.keys(JOBS) as JobName[];
