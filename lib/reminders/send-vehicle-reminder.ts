import { db, withTenant } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { isUuid } from "@/lib/ids";
import { actorOf, type OrgContext } from "@/lib/org/context";
import { authorize } from "@/lib/rbac";
import { localDay, longDay, monthOf } from "./calendar-day";
import { lockVehicleReminders, planReminders, recordReminders } from "./claim-reminders";
import { deliverReminders } from "./deliver-reminders";
import { loadDueVehicles } from "./load-due-vehicles";

const notFound = () => new AppError("NOT_FOUND", "That vehicle was not found.");

/**
 * "Send now" on the reminders page: emails what falls due for one vehicle this
 * month (the workshop's calendar) and has not been reminded of. Refused, with
 * nothing changed, when the customer has not agreed to reminders or has no
 * email, when nothing is due this month, or when it was already sent.
 */
export async function sendVehicleReminder(ctx: OrgContext, vehicleId: string, options: { now?: Date } = {}) {
  await authorize(ctx, "customer.update");
  if (!isUuid(vehicleId)) throw notFound();
  const workshop = await db().organization.findUniqueOrThrow({ where: { id: ctx.orgId }, select: { name: true, timezone: true, phone: true, email: true } });
  const month = monthOf(localDay(options.now ?? new Date(), workshop.timezone));
  const claim = await withTenant(ctx.orgId, async (tx) => {
    if (!(await tx.vehicle.findFirst({ where: { id: vehicleId }, select: { id: true } }))) throw notFound();
    await lockVehicleReminders(tx, vehicleId);
    const [vehicle] = await loadDueVehicles(tx, { from: month.first, to: month.last, timeZone: workshop.timezone, vehicleId });
    if (!vehicle) throw new AppError("CONFLICT", "Nothing falls due for this vehicle this month.");
    const plan = planReminders(vehicle, vehicle.items);
    if (plan.skipReason === "no consent") {
      throw new AppError("CONFLICT", `${vehicle.customer.displayName} has not agreed to reminders by email. Tick "Service reminders by email" on the customer first.`);
    }
    if (plan.skipReason === "no email") {
      throw new AppError("CONFLICT", `${vehicle.customer.displayName} has no email address. Add one on the customer first.`);
    }
    const claim = await recordReminders(tx, actorOf(ctx), vehicle, plan, "staff");
    if (!claim) {
      const sent = plan.done.map(({ reminder }) => reminder.sentAt).filter((at): at is Date => at !== null);
      throw new AppError(
        "CONFLICT",
        sent.length
          ? `The reminder was already sent on ${longDay(localDay(sent[0]!, workshop.timezone))}.`
          : "The reminder is already being sent.",
      );
    }
    return claim;
  });
  try {
    await deliverReminders(claim, workshop, actorOf(ctx));
  } catch (error) {
    throw new AppError("SERVICE_UNAVAILABLE", "The mail server did not take the reminder. Try again later.", { cause: error });
  }
  return { customerName: claim.customer.displayName, sent: claim.reminders.length };
}
