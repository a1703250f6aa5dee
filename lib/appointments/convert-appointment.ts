import type { z } from "zod";
import { audit } from "@/lib/audit/audit";
import { withQuotaAudit } from "@/lib/billing/quota";
import { withTenant, type TenantTx } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { parseInput } from "@/lib/forms/parse-input";
import { actorOf, type OrgContext } from "@/lib/org/context";
import { authorize, hasPermission } from "@/lib/rbac";
import { openRepairOrder } from "@/lib/repair-orders/create-repair-order";
import { ZConvertAppointment } from "./appointment-input";
import { appointmentNotFound, lockAppointment } from "./booking-checks";
import { appointmentStatusLabel, canMoveAppointment } from "./status";

/**
 * Opens the repair order for a customer who has arrived, carrying the customer,
 * the car and the concerns, and marks the appointment CONVERTED with a link to
 * it: one transaction, so there is never an order without its converted booking
 * or the other way round. The repair order counts against the plan like any other.
 */
export async function convertAppointment(ctx: OrgContext, appointmentId: string, raw: z.input<typeof ZConvertAppointment> = {}) {
  await authorize(ctx, "appointment.update");
  await authorize(ctx, "repairOrder.create");
  const input = parseInput(ZConvertAppointment, raw);
  return withQuotaAudit(ctx, () =>
    withTenant(ctx.orgId, async (tx, global) => {
      const appointment = await lockAppointment(tx, ctx.orgId, appointmentId);
      if (!appointment) throw appointmentNotFound();
      if (!canMoveAppointment(appointment.status, "CONVERTED")) {
        throw new AppError("CONFLICT", `Only an arrived customer's appointment becomes a repair order; this one is ${appointmentStatusLabel(appointment.status)}.`);
      }
      // The car that came in: the booked one unless the desk names another of the customer's cars.
      const vehicleId = input.vehicleId ?? appointment.vehicleId;
      if (!vehicleId) {
        throw new AppError("VALIDATION_FAILED", "Add the customer's vehicle to open a repair order.", {
          fields: { vehicleId: "Choose the vehicle the customer brought in." },
        });
      }
      const opened = await openRepairOrder(ctx, tx, global, {
        customerId: appointment.customerId, vehicleId, odometerIn: input.odometerIn, concerns: appointment.concerns ?? undefined,
      });
      // The technician booked for the job gets the work, while they may still work on repair orders.
      const technicianUserId = await stillWorksOnRepairOrders(tx, appointment.technicianUserId);
      const repairOrder = technicianUserId
        ? await tx.repairOrder.update({ where: { organizationId_id: { organizationId: ctx.orgId, id: opened.id } }, data: { technicianUserId } })
        : opened;
      const converted = await tx.appointment.update({
        where: { organizationId_id: { organizationId: ctx.orgId, id: appointment.id } },
        data: { status: "CONVERTED", repairOrderId: repairOrder.id, vehicleId },
      });
      await audit(tx, actorOf(ctx), "appointment.convert", { type: "Appointment", id: appointment.id }, {
        from: appointment.status, to: "CONVERTED", repairOrderId: repairOrder.id, repairOrderNumber: repairOrder.number, vehicleId, technicianUserId,
      });
      return { appointment: converted, repairOrder };
    }),
  );
}

async function stillWorksOnRepairOrders(tx: TenantTx, userId: string | null): Promise<string | null> {
  if (!userId) return null;
  const member = await tx.membership.findFirst({ where: { userId }, select: { role: true } });
  return member && hasPermission(member.role, "repairOrder.update") ? userId : null;
}
