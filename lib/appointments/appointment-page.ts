import { withTenant } from "@/lib/db";
import type { AppointmentStatus } from "@/lib/generated/prisma/client";
import type { OrgContext } from "@/lib/org/context";
import { can } from "@/lib/rbac";
import { listTechnicians } from "@/lib/repair-orders/technicians";
import { getAppointment } from "./get-appointment";
import { localDateTime } from "./opening-hours";
import { APPOINTMENT_TRANSITIONS, appointmentPermissionFor, EDITABLE_APPOINTMENT } from "./status";

/**
 * An appointment's page: the booking with its location, the customer's cars,
 * the bays and technicians it could move to, and the status changes this
 * member may make now (the server checks each again when it is made).
 */
export async function loadAppointmentPage(ctx: OrgContext, appointmentId: string, now: Date = new Date()) {
  const appointment = await getAppointment(ctx, appointmentId);
  const [location, vehicles, bays, repairOrder] = await withTenant(ctx.orgId, (tx) =>
    Promise.all([
      tx.location.findFirstOrThrow({ where: { id: appointment.locationId }, select: { id: true, name: true, timezone: true } }),
      tx.vehicle.findMany({ where: { customerId: appointment.customerId }, orderBy: { createdAt: "asc" }, select: { id: true, registration: true, make: true, model: true } }),
      tx.bay.findMany({ where: { locationId: appointment.locationId, active: true }, orderBy: [{ position: "asc" }, { name: "asc" }], select: { id: true, name: true } }),
      appointment.repairOrderId ? tx.repairOrder.findFirst({ where: { id: appointment.repairOrderId }, select: { id: true, number: true } }) : null,
    ]),
  );
  const workers = await listTechnicians(ctx);
  const started = appointment.startsAt.getTime() <= now.getTime();
  const statusChanges = APPOINTMENT_TRANSITIONS[appointment.status].filter(
    (to: AppointmentStatus) => to !== "CONVERTED" && (to !== "NO_SHOW" || started) && can(ctx, appointmentPermissionFor(to)),
  );
  return {
    appointment,
    location,
    vehicles,
    bays,
    repairOrder,
    technicians: workers.map((t) => ({ id: t.userId, name: t.name })),
    technicianName: appointment.technicianUserId ? (workers.find((t) => t.userId === appointment.technicianUserId)?.name ?? "Former member") : null,
    startWall: localDateTime(appointment.startsAt, location.timezone),
    durationMinutes: Math.round((appointment.endsAt.getTime() - appointment.startsAt.getTime()) / 60_000),
    statusChanges,
    editable: EDITABLE_APPOINTMENT.has(appointment.status) && can(ctx, "appointment.update"),
    convertible: appointment.status === "ARRIVED" && can(ctx, "appointment.update") && can(ctx, "repairOrder.create"),
  };
}

export type AppointmentPage = Awaited<ReturnType<typeof loadAppointmentPage>>;
