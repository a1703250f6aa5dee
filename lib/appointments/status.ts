import type { AppointmentStatus } from "@/lib/generated/prisma/client";
import type { Permission } from "@/lib/rbac";

/**
 * Every legal move. Anything not listed is refused. ARRIVED -> CANCELLED is
 * allowed: a customer who came in and left without work must not stay "arrived"
 * for ever. CONVERTED, NO_SHOW and CANCELLED are final.
 */
export const APPOINTMENT_TRANSITIONS: Record<AppointmentStatus, readonly AppointmentStatus[]> = {
  REQUESTED: ["CONFIRMED", "CANCELLED"],
  CONFIRMED: ["ARRIVED", "NO_SHOW", "CANCELLED"],
  ARRIVED: ["CONVERTED", "CANCELLED"],
  CONVERTED: [],
  NO_SHOW: [],
  CANCELLED: [],
};

export const canMoveAppointment = (from: AppointmentStatus, to: AppointmentStatus) => APPOINTMENT_TRANSITIONS[from].includes(to);

/** Calling off a booking (or recording that the customer never came) is cancelling it. */
export function appointmentPermissionFor(to: AppointmentStatus): Permission {
  return to === "CANCELLED" || to === "NO_SHOW" ? "appointment.cancel" : "appointment.update";
}

/** Only a booking not yet under way can be moved or edited. */
export const EDITABLE_APPOINTMENT: ReadonlySet<AppointmentStatus> = new Set(["REQUESTED", "CONFIRMED"]);

/**
 * Statuses that hold their bay and technician. Warning: must match the WHERE of
 * the Appointment_bay_free and Appointment_technician_free exclusion constraints.
 */
export const LIVE_APPOINTMENT: readonly AppointmentStatus[] = ["REQUESTED", "CONFIRMED", "ARRIVED", "CONVERTED"];

export const appointmentStatusLabel = (status: AppointmentStatus) => status.toLowerCase().replace(/_/g, " ");
