import type { TenantTx } from "@/lib/db";
import type { ServiceReminderKind } from "@/lib/generated/prisma/client";
import { dateOfDay, dayOfDate, localDay, type Day } from "./calendar-day";
import { dueItems, type DueItem, type OdometerReading } from "./due-rules";

export interface RecordedReminder {
  id: string;
  kind: ServiceReminderKind;
  dueOn: Day;
  sentAt: Date | null;
  skippedReason: string | null;
  createdAt: Date;
}

export interface DueVehicle {
  vehicleId: string;
  registration: string | null;
  description: string;
  customer: { id: string; displayName: string; email: string | null; reminderConsent: boolean };
  /** what falls due inside the window asked for */
  items: DueItem[];
  reminders: RecordedReminder[];
}

/**
 * Odometer readings: each repair order's reading on the day it was opened (the
 * workshop's calendar), and the vehicle's own figure on the day it was last
 * changed when it is higher than any of them (typed in on the vehicle form).
 */
function readingsOf(
  vehicle: { odometer: number | null; updatedAt: Date; repairOrders: Array<{ createdAt: Date; odometerIn: number | null }> },
  timeZone: string,
): OdometerReading[] {
  const readings = vehicle.repairOrders.flatMap((order) => (order.odometerIn === null ? [] : [{ day: localDay(order.createdAt, timeZone), odometer: order.odometerIn }]));
  if (vehicle.odometer !== null && readings.every((reading) => reading.odometer < vehicle.odometer!)) {
    readings.push({ day: localDay(vehicle.updatedAt, timeZone), odometer: vehicle.odometer });
  }
  return readings;
}

/**
 * Vehicles that may fall due between `from` and `to` (days): a due date in the
 * window, or a mileage target (whose date is estimated here). Runs inside the
 * workshop's transaction, so only its own vehicles are seen.
 */
export async function loadDueVehicles(
  tx: TenantTx,
  window: { from: Day; to: Day; timeZone: string; vehicleId?: string },
): Promise<DueVehicle[]> {
  const range = { gte: dateOfDay(window.from), lte: dateOfDay(window.to) };
  const vehicles = await tx.vehicle.findMany({
    where: {
      ...(window.vehicleId ? { id: window.vehicleId } : {}),
      OR: [{ nextServiceDue: range }, { inspectionDue: range }, { nextServiceOdometer: { not: null } }],
    },
    select: {
      id: true, registration: true, make: true, model: true, odometer: true, updatedAt: true,
      nextServiceDue: true, nextServiceOdometer: true, inspectionDue: true,
      customer: { select: { id: true, displayName: true, email: true, reminderConsent: true } },
      repairOrders: { where: { odometerIn: { not: null } }, select: { createdAt: true, odometerIn: true } },
      serviceReminders: { select: { id: true, kind: true, dueOn: true, sentAt: true, skippedReason: true, createdAt: true } },
    },
  });
  return vehicles
    .map((vehicle) => ({
      vehicleId: vehicle.id,
      registration: vehicle.registration,
      description: [vehicle.make, vehicle.model].filter(Boolean).join(" ") || "vehicle",
      customer: vehicle.customer,
      items: dueItems(
        {
          nextServiceDue: vehicle.nextServiceDue && dayOfDate(vehicle.nextServiceDue),
          nextServiceOdometer: vehicle.nextServiceOdometer,
          inspectionDue: vehicle.inspectionDue && dayOfDate(vehicle.inspectionDue),
        },
        readingsOf(vehicle, window.timeZone),
      ).filter((item) => item.day >= window.from && item.day <= window.to),
      reminders: vehicle.serviceReminders.map((reminder) => ({ ...reminder, dueOn: dayOfDate(reminder.dueOn) })),
    }))
    .filter((vehicle) => vehicle.items.length > 0);
}
