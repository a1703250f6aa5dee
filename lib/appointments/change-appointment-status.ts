import { audit } from "@/lib/audit/audit";
import { withTenant } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { parseInput } from "@/lib/forms/parse-input";
import type { AppointmentStatus } from "@/lib/generated/prisma/client";
import { actorOf, type OrgContext } from "@/lib/org/context";
import { authorize } from "@/lib/rbac";
import { ZAppointmentStatusChange } from "./appointment-input";
import { appointmentNotFound, lockAppointment } from "./booking-checks";
import { emailCancellation, emailConfirmation } from "./send-appointment-email";
import { appointmentPermissionFor, appointmentStatusLabel, canMoveAppointment } from "./status";

/**
 * Confirms, checks in, cancels or records a no-show; only legal moves
 * (./status.ts), each audited. CONVERTED happens only by convertAppointment,
 * which opens the repair order with it.
 */
export async function changeAppointmentStatus(ctx: OrgContext, appointmentId: string, status: AppointmentStatus, options: { now?: Date } = {}) {
  const { status: to } = parseInput(ZAppointmentStatusChange, { status });
  await authorize(ctx, appointmentPermissionFor(to));
  const now = options.now ?? new Date();
  const { changed, from } = await withTenant(ctx.orgId, async (tx) => {
    const appointment = await lockAppointment(tx, ctx.orgId, appointmentId);
    if (!appointment) throw appointmentNotFound();
    if (!canMoveAppointment(appointment.status, to)) {
      throw new AppError("CONFLICT", `An appointment cannot go from ${appointmentStatusLabel(appointment.status)} to ${appointmentStatusLabel(to)}.`);
    }
    if (to === "CONVERTED") throw new AppError("CONFLICT", "Open a repair order from the appointment to convert it.");
    if (to === "NO_SHOW" && appointment.startsAt.getTime() > now.getTime()) {
      throw new AppError("CONFLICT", "A customer can only be a no-show once the appointment's start time has passed.");
    }
    const changed = await tx.appointment.update({
      where: { organizationId_id: { organizationId: ctx.orgId, id: appointment.id } },
      data: { status: to },
    });
    await audit(tx, actorOf(ctx), "appointment.status", { type: "Appointment", id: appointment.id }, { from: appointment.status, to });
    return { changed, from: appointment.status };
  });
  // After the commit: the customer is told only about a change that happened.
  if (to === "CONFIRMED") await emailConfirmation(actorOf(ctx), changed.id, now);
  if (to === "CANCELLED" && from === "CONFIRMED") await emailCancellation(actorOf(ctx), changed.id, now);
  return changed;
}
