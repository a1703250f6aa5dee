import { audit, type AuditActor } from "@/lib/audit/audit";
import { withTenant } from "@/lib/db";
import { sendMail } from "@/lib/mail/send-mail";
import { isoDay, longDay } from "./calendar-day";
import { SEND_FAILED, type Claim } from "./claim-reminders";

export interface Workshop {
  name: string;
  phone: string | null;
  email: string | null;
}

function describeItem({ kind, day, by, odometer }: Claim["reminders"][number]["item"]): string {
  if (kind === "INSPECTION") return `its MOT / inspection on ${longDay(day)}`;
  if (by === "mileage") return `a service at ${odometer!.toLocaleString("en-GB")} on the odometer, which we expect around ${longDay(day)}`;
  return `a service on ${longDay(day)}`;
}

export function reminderMail(claim: Claim, workshop: Workshop) {
  const car = `${claim.vehicle.description}${claim.vehicle.registration ? ` (${claim.vehicle.registration})` : ""}`;
  const contact = [workshop.phone && `call us on ${workshop.phone}`, workshop.email && `email ${workshop.email}`].filter(Boolean).join(" or ");
  const text = [
    `Hello ${claim.customer.displayName},`,
    "",
    `Your ${car} is due for:`,
    ...claim.reminders.map(({ item }) => `- ${describeItem(item)}`),
    "",
    contact ? `To book it in, ${contact}.` : "To book it in, get in touch with us.",
    "",
    workshop.name,
    "",
    `You get this because you asked ${workshop.name} for service reminders by email. Tell us if you no longer want them.`,
  ].join("\n");
  const subject = claim.reminders.some(({ item }) => item.kind === "SERVICE") ? `Your ${car} is due for a service` : `Your ${car} is due for its MOT / inspection`;
  return { to: claim.customer.email, subject, text };
}

/**
 * Sends the claimed reminders as one email, then records sentAt. When the mail
 * server refuses, the rows record "send failed" (a later run may claim them
 * again) and the error is rethrown.
 */
export async function deliverReminders(claim: Claim, workshop: Workshop, actor: AuditActor): Promise<void> {
  const ids = claim.reminders.map((reminder) => reminder.id);
  try {
    await sendMail(reminderMail(claim, workshop));
  } catch (error) {
    await withTenant(claim.orgId, async (tx) => {
      await tx.serviceReminder.updateMany({ where: { id: { in: ids }, sentAt: null }, data: { skippedReason: SEND_FAILED } });
      const reminders = claim.reminders.map(({ item }) => ({ kind: item.kind, dueOn: isoDay(item.day) }));
      await audit(tx, actor, "reminder.sendFailed", { type: "Vehicle", id: claim.vehicleId }, { reminders });
    });
    throw error;
  }
  await withTenant(claim.orgId, (tx) => tx.serviceReminder.updateMany({ where: { id: { in: ids }, sentAt: null }, data: { sentAt: new Date() } }));
}
