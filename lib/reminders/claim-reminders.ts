// Sending a reminder once. Under a per-vehicle lock, inside the workshop's
// transaction, a ServiceReminder row is written before any email leaves: the
// row is the claim. It commits, then the email is sent, then sentAt is set.
// A second instance, a retried job or a second click waits on the lock and
// finds the row, so it never sends again; a crash between commit and send
// loses that one email rather than sending it twice (the row stays without
// sentAt and the reminders page shows it as not confirmed).
import { audit, type AuditActor } from "@/lib/audit/audit";
import { tenantOf, type TenantTx } from "@/lib/db";
import { dateOfDay, isoDay } from "./calendar-day";
import { matchingReminder, type DueItem } from "./due-rules";
import type { DueVehicle, RecordedReminder } from "./load-due-vehicles";

export type SkipReason = "no consent" | "no email";
/** recorded when the mail server refused: the reminder may be claimed again */
export const SEND_FAILED = "send failed";

export interface ReminderPlan {
  /** set when nothing may be sent to this customer: new rows record why */
  skipReason: SkipReason | null;
  /** due items with no reminder yet */
  create: DueItem[];
  /** due items skipped earlier for a reason that no longer holds (consent given, email added, mail server back) */
  reclaim: Array<{ item: DueItem; reminder: RecordedReminder }>;
  /** sent, being sent, or skipped for a reason that still holds */
  done: Array<{ item: DueItem; reminder: RecordedReminder }>;
}

export interface Claim {
  orgId: string;
  vehicleId: string;
  customer: { displayName: string; email: string };
  vehicle: { registration: string | null; description: string };
  reminders: Array<{ id: string; item: DueItem }>;
}

export function skipReasonFor(customer: DueVehicle["customer"]): SkipReason | null {
  if (!customer.reminderConsent) return "no consent";
  if (!customer.email) return "no email";
  return null;
}

export function planReminders(vehicle: DueVehicle, items: readonly DueItem[]): ReminderPlan {
  const plan: ReminderPlan = { skipReason: skipReasonFor(vehicle.customer), create: [], reclaim: [], done: [] };
  for (const item of items) {
    const reminder = matchingReminder(item, vehicle.reminders);
    if (!reminder) plan.create.push(item);
    else if (reminder.sentAt || reminder.skippedReason === null || plan.skipReason) plan.done.push({ item, reminder });
    else plan.reclaim.push({ item, reminder });
  }
  return plan;
}

/** Serializes everything that claims a vehicle's reminders, until the transaction ends. */
export async function lockVehicleReminders(tx: TenantTx, vehicleId: string): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`reminder:${tenantOf(tx)}:${vehicleId}`}, 0))`;
}

/**
 * Writes the plan (call under lockVehicleReminders, with the vehicle read after
 * the lock) and its one audit entry. Returns what to send now, or null when
 * nothing is to be sent (everything done, or skipped and recorded).
 */
export async function recordReminders(
  tx: TenantTx,
  actor: AuditActor,
  vehicle: DueVehicle,
  plan: ReminderPlan,
  trigger: "schedule" | "staff",
): Promise<Claim | null> {
  if (plan.create.length === 0 && plan.reclaim.length === 0) return null;
  const orgId = tenantOf(tx);
  const claimed: Claim["reminders"] = [];
  for (const item of plan.create) {
    const row = await tx.serviceReminder.create({
      data: { organizationId: orgId, vehicleId: vehicle.vehicleId, customerId: vehicle.customer.id, kind: item.kind, dueOn: dateOfDay(item.day), skippedReason: plan.skipReason },
      select: { id: true },
    });
    claimed.push({ id: row.id, item });
  }
  for (const { item, reminder } of plan.reclaim) {
    // Conditional on what was read: the lock makes it certain, the condition makes it obvious.
    const { count } = await tx.serviceReminder.updateMany({
      where: { id: reminder.id, sentAt: null, skippedReason: reminder.skippedReason },
      data: { skippedReason: null, dueOn: dateOfDay(item.day), customerId: vehicle.customer.id },
    });
    if (count !== 1) throw new Error("a reminder changed while its vehicle was locked");
    claimed.push({ id: reminder.id, item });
  }
  const summary = claimed.map(({ item }) => ({ kind: item.kind, dueOn: isoDay(item.day), by: item.by }));
  if (plan.skipReason) {
    await audit(tx, actor, "reminder.skip", { type: "Vehicle", id: vehicle.vehicleId }, { trigger, reason: plan.skipReason, reminders: summary });
    return null;
  }
  await audit(tx, actor, "reminder.send", { type: "Vehicle", id: vehicle.vehicleId }, { trigger, reminders: summary });
  return {
    orgId,
    vehicleId: vehicle.vehicleId,
    customer: { displayName: vehicle.customer.displayName, email: vehicle.customer.email! },
    vehicle: { registration: vehicle.registration, description: vehicle.description },
    reminders: claimed,
  };
}
