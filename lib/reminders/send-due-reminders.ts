// The daily reminder job. Organizations are a global table; each workshop's
// vehicles are read and claimed inside withTenant(orgId, ...), so row-level
// security binds the job as it binds a request: it never bypasses it.
import type { AuditActor } from "@/lib/audit/audit";
import { billingAccess } from "@/lib/billing/billing-access";
import { db, withTenant } from "@/lib/db";
import { log } from "@/lib/log/logger";
import { localDay, type Day } from "./calendar-day";
import { lockVehicleReminders, planReminders, recordReminders, type Claim } from "./claim-reminders";
import { deliverReminders, type Workshop } from "./deliver-reminders";
import { dueForReminder, REMINDER_RULES } from "./due-rules";
import { loadDueVehicles } from "./load-due-vehicles";

export interface ReminderRun {
  sent: number;
  skipped: number;
  failed: number;
}

const systemActor = (orgId: string): AuditActor => ({ orgId, userId: null, requestId: "job:service-reminders" });

function windowFrom(today: Day) {
  return { from: today - REMINDER_RULES.catchUpDays, to: today + Math.max(REMINDER_RULES.serviceLeadDays, REMINDER_RULES.inspectionLeadDays) };
}

async function remindVehicle(orgId: string, vehicleId: string, timeZone: string, today: Day): Promise<Claim | "skipped" | null> {
  return withTenant(orgId, async (tx) => {
    await lockVehicleReminders(tx, vehicleId);
    // Read again under the lock: another instance may have claimed meanwhile.
    const [vehicle] = await loadDueVehicles(tx, { ...windowFrom(today), timeZone, vehicleId });
    if (!vehicle) return null;
    const plan = planReminders(vehicle, vehicle.items.filter((item) => dueForReminder(item, today)));
    const claim = await recordReminders(tx, systemActor(orgId), vehicle, plan, "schedule");
    return claim ?? (plan.skipReason && plan.create.length ? "skipped" : null);
  });
}

async function remindWorkshop(organization: Workshop & { id: string; timezone: string }, now: Date, run: ReminderRun) {
  const today = localDay(now, organization.timezone);
  const candidates = await withTenant(organization.id, (tx) => loadDueVehicles(tx, { ...windowFrom(today), timeZone: organization.timezone }));
  for (const candidate of candidates) {
    // Most vehicles were dealt with on an earlier day: skip them without a transaction each.
    const plan = planReminders(candidate, candidate.items.filter((item) => dueForReminder(item, today)));
    if (plan.create.length === 0 && plan.reclaim.length === 0) continue;
    try {
      const outcome = await remindVehicle(organization.id, candidate.vehicleId, organization.timezone, today);
      if (outcome === "skipped") run.skipped += 1;
      else if (outcome) {
        await deliverReminders(outcome, organization, systemActor(organization.id));
        run.sent += 1;
      }
    } catch (error) {
      run.failed += 1;
      log.error({ orgId: organization.id, vehicleId: candidate.vehicleId, err: error }, "service reminder not sent");
    }
  }
}

/** Emails every reminder now due, in every workshop, once. Counts are per vehicle (one email covers its service and MOT). */
export async function sendDueReminders(options: { now?: Date } = {}): Promise<ReminderRun> {
  const now = options.now ?? new Date();
  const run: ReminderRun = { sent: 0, skipped: 0, failed: 0 };
  const organizations = await db().organization.findMany({
    select: { id: true, name: true, timezone: true, phone: true, email: true, plan: true, subscriptionStatus: true, pastDueSince: true, trialEndsAt: true },
    orderBy: { id: "asc" },
  });
  for (const organization of organizations) {
    // A workshop read-only for non-payment creates nothing, reminders included.
    if (billingAccess(organization, now).readOnly) continue;
    try {
      await remindWorkshop(organization, now, run);
    } catch (error) {
      run.failed += 1;
      log.error({ orgId: organization.id, err: error }, "service reminders for a workshop failed");
    }
  }
  return run;
}

/** The pg-boss handler: a failure anywhere fails the job so pg-boss retries it; what was sent stays sent. */
export async function runDailyReminders(): Promise<void> {
  const run = await sendDueReminders();
  log.info(run, "service reminders run");
  if (run.failed > 0) throw new Error(`${run.failed} service reminder(s) could not be sent`);
}
