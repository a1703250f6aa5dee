import { withTenant } from "@/lib/db";
import { isUuid } from "@/lib/ids";
import type { OrgContext } from "@/lib/org/context";
import { authorize } from "@/lib/rbac";
import { appointmentNotFound } from "./booking-checks";
import { APPOINTMENT_DETAILS } from "./list-calendar-appointments";

/** One appointment with who, which car and which bay; another workshop's id, or no id at all, is "not found". */
export async function getAppointment(ctx: OrgContext, appointmentId: string) {
  await authorize(ctx, "appointment.read");
  const appointment = isUuid(appointmentId)
    ? await withTenant(ctx.orgId, (tx) => tx.appointment.findFirst({ where: { id: appointmentId }, include: APPOINTMENT_DETAILS }))
    : null;
  if (!appointment) throw appointmentNotFound();
  return appointment;
}
