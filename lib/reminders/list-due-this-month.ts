import { db, withTenant } from "@/lib/db";
import type { OrgContext } from "@/lib/org/context";
import { authorize } from "@/lib/rbac";
import { isoDay, localDay, monthOf } from "./calendar-day";
import { skipReasonFor } from "./claim-reminders";
import { matchingReminder, type DueItem } from "./due-rules";
import { loadDueVehicles } from "./load-due-vehicles";

/** A claim this old without sentAt was interrupted between claiming and sending. */
const UNCONFIRMED_AFTER_MS = 15 * 60_000;

export type ReminderStatus =
  | { state: "sent"; at: Date }
  | { state: "skipped"; reason: string }
  | { state: "sending" }
  | { state: "unconfirmed" }
  | { state: "not sent" };

export interface DueThisMonthRow {
  vehicleId: string;
  registration: string | null;
  description: string;
  customerId: string;
  customerName: string;
  items: Array<DueItem & { dueOn: string; reminder: ReminderStatus }>;
  /** "Send now" would send something (and would not be refused for consent or email) */
  canSend: boolean;
  /** why "Send now" would be refused, in the workshop's words */
  blockedBecause: string | null;
}

function statusOf(reminder: { sentAt: Date | null; skippedReason: string | null; createdAt: Date } | undefined, now: Date): ReminderStatus {
  if (!reminder) return { state: "not sent" };
  if (reminder.sentAt) return { state: "sent", at: reminder.sentAt };
  if (reminder.skippedReason) return { state: "skipped", reason: reminder.skippedReason };
  return now.getTime() - reminder.createdAt.getTime() > UNCONFIRMED_AFTER_MS ? { state: "unconfirmed" } : { state: "sending" };
}

/** Vehicles whose service or inspection falls due this calendar month, in the workshop's time zone. */
export async function listDueThisMonth(ctx: OrgContext, options: { now?: Date } = {}) {
  await authorize(ctx, "customer.read");
  const now = options.now ?? new Date();
  const { timezone } = await db().organization.findUniqueOrThrow({ where: { id: ctx.orgId }, select: { timezone: true } });
  const month = monthOf(localDay(now, timezone));
  const vehicles = await withTenant(ctx.orgId, (tx) => loadDueVehicles(tx, { from: month.first, to: month.last, timeZone: timezone }));
  const rows: DueThisMonthRow[] = vehicles.map((vehicle) => {
    const items = vehicle.items.map((item) => ({ ...item, dueOn: isoDay(item.day), reminder: statusOf(matchingReminder(item, vehicle.reminders), now) }));
    const skip = skipReasonFor(vehicle.customer);
    const open = items.some(({ reminder }) => reminder.state === "not sent" || reminder.state === "skipped");
    return {
      vehicleId: vehicle.vehicleId,
      registration: vehicle.registration,
      description: vehicle.description,
      customerId: vehicle.customer.id,
      customerName: vehicle.customer.displayName,
      items,
      canSend: open && skip === null,
      blockedBecause: skip === "no consent" ? "No consent to reminders by email" : skip === "no email" ? "No email address" : null,
    };
  });
  rows.sort((a, b) => Math.min(...a.items.map((i) => i.day)) - Math.min(...b.items.map((i) => i.day)) || (a.registration ?? "").localeCompare(b.registration ?? ""));
  return { month: { first: isoDay(month.first), last: isoDay(month.last) }, timeZone: timezone, rows };
}
