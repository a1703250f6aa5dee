import { tenantOf, type TenantTx } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { Prisma } from "@/lib/generated/prisma/client";
import { isUuid } from "@/lib/ids";
import { hasPermission } from "@/lib/rbac";
import { formatLocalDay, parseWallClock, resolveWallClock } from "./local-time";

// The rules every booking obeys, whether it is being made or moved. Each
// lookup is scoped to the workshop, so another workshop's id is "not found".

export const MIN_APPOINTMENT_MINUTES = 15;
export const MAX_APPOINTMENT_HOURS = 12;

export interface Slot {
  startsAt: Date;
  endsAt: Date;
}

const invalid = (message: string, fields: Record<string, string>) => new AppError("VALIDATION_FAILED", message, { fields });
const notFound = (what: string, field: string, hint: string) => new AppError("NOT_FOUND", `That ${what} was not found.`, { fields: { [field]: hint } });

/**
 * A time from the input as an instant at the location. A local time the clocks
 * skip (01:30 when they go forward at 01:00) is refused rather than shifted: the
 * customer was never told the shifted time. A local time that happens twice (the
 * clocks going back) is its first occurrence.
 */
export function instantAt(value: string, timeZone: string, field: "startsAt" | "endsAt"): Date {
  const wall = parseWallClock(value);
  if (wall === null) return new Date(value);
  const local = resolveWallClock(wall, timeZone);
  if (local.kind === "exact") return local.instant;
  if (local.kind === "ambiguous") return local.earlier;
  const message = `The clocks go forward on ${formatLocalDay(wall)}: ${value.slice(11, 16)} does not exist in ${timeZone}. Choose another time.`;
  throw invalid(message, { [field]: message });
}

/** Start in the future (when it is being set), at least 15 minutes long, at most 12 hours: real time, not wall-clock time. */
export function checkSlot(slot: Slot, now: Date, options: { startChanged: boolean }): void {
  const fields: Record<string, string> = {};
  if (options.startChanged && slot.startsAt.getTime() <= now.getTime()) fields.startsAt = "That time has passed. Choose a time in the future.";
  const minutes = (slot.endsAt.getTime() - slot.startsAt.getTime()) / 60_000;
  if (minutes <= 0) fields.endsAt = "The appointment must end after it starts.";
  else if (minutes < MIN_APPOINTMENT_MINUTES) fields.endsAt = `An appointment lasts at least ${MIN_APPOINTMENT_MINUTES} minutes.`;
  else if (minutes > MAX_APPOINTMENT_HOURS * 60) fields.endsAt = `An appointment lasts at most ${MAX_APPOINTMENT_HOURS} hours.`;
  if (Object.keys(fields).length > 0) throw invalid("Check the appointment's times.", fields);
}

export async function findLocation(tx: TenantTx, locationId: string) {
  const location = isUuid(locationId) ? await tx.location.findFirst({ where: { id: locationId } }) : null;
  if (!location) throw notFound("location", "locationId", "Choose one of the workshop's locations.");
  return location;
}

export async function findCustomer(tx: TenantTx, customerId: string) {
  const customer = isUuid(customerId) ? await tx.customer.findFirst({ where: { id: customerId }, select: { id: true, displayName: true } }) : null;
  if (!customer) throw notFound("customer", "customerId", "Choose one of the workshop's customers.");
  return customer;
}

/** The car must be the customer's: a booking for someone else's car is a mistake at the desk. */
export async function checkVehicle(tx: TenantTx, vehicleId: string, customerId: string) {
  const vehicle = isUuid(vehicleId) ? await tx.vehicle.findFirst({ where: { id: vehicleId }, select: { id: true, customerId: true } }) : null;
  if (!vehicle) throw notFound("vehicle", "vehicleId", "Choose one of the customer's vehicles.");
  if (vehicle.customerId !== customerId) {
    throw invalid("That vehicle belongs to another customer.", { vehicleId: "Choose one of this customer's vehicles." });
  }
  return vehicle;
}

/** Reads the bay under a share lock: a bay being retired at this moment is either seen inactive or cannot retire until this booking commits. */
export async function checkBay(tx: TenantTx, bayId: string, locationId: string) {
  if (isUuid(bayId)) await tx.$queryRaw`SELECT 1 FROM "Bay" WHERE "organizationId" = ${tenantOf(tx)}::uuid AND id = ${bayId}::uuid FOR SHARE`;
  const bay = isUuid(bayId) ? await tx.bay.findFirst({ where: { id: bayId } }) : null;
  if (!bay) throw notFound("bay", "bayId", "Choose one of the location's bays.");
  if (bay.locationId !== locationId) throw invalid(`${bay.name} is at another location.`, { bayId: "Choose one of this location's bays." });
  if (!bay.active) throw invalid(`${bay.name} is no longer in use.`, { bayId: `${bay.name} is no longer in use. Choose another bay.` });
  return bay;
}

/**
 * Anyone whose role works on repair orders can be booked (an owner who also
 * turns spanners), the same members as a repair order's technician picker
 * (lib/repair-orders/technicians.ts); viewers cannot. Membership is scoped to
 * the workshop, so another workshop's user is "not found".
 */
export async function checkTechnician(tx: TenantTx, global: Prisma.TransactionClient, userId: string) {
  const member = isUuid(userId) ? await tx.membership.findFirst({ where: { userId }, select: { role: true } }) : null;
  if (!member) throw notFound("technician", "technicianUserId", "Choose a member of this workshop.");
  if (!hasPermission(member.role, "repairOrder.update")) {
    throw invalid("That member does not work on cars.", { technicianUserId: "This member's role can only view the workshop's work." });
  }
  const user = await global.user.findUnique({ where: { id: userId }, select: { name: true } });
  return { userId, name: user?.name ?? "That technician" };
}

/** Takes the appointment's row lock for the rest of the transaction, then reads it: two edits of one booking serialize. */
export async function lockAppointment(tx: TenantTx, orgId: string, appointmentId: string) {
  if (!isUuid(appointmentId)) return null;
  await tx.$queryRaw`SELECT 1 FROM "Appointment" WHERE "organizationId" = ${orgId}::uuid AND id = ${appointmentId}::uuid FOR UPDATE`;
  return tx.appointment.findFirst({ where: { id: appointmentId } });
}

export const appointmentNotFound = () => new AppError("NOT_FOUND", "That appointment was not found.");
