import { z } from "zod";
import { blankToUndefined } from "@/lib/forms/blank";
import { AppointmentStatus } from "@/lib/generated/prisma/client";

// Plain-JSON schemas, shared by the REST API and the forms: every value stays a
// string or number (no transforms to Date), so they describe a JSON body as is.
// Times are resolved in the location's time zone by the operation, which knows it.

/** A form's empty field clears an optional value on update (JSON sends null for the same). */
const blankToNull = (value: unknown) => (typeof value === "string" && value.trim() === "" ? null : value);

const id = (message: string) => z.string({ message }).uuid(message);
const optionalId = (message: string) => z.preprocess(blankToUndefined, id(message).optional());
const clearableId = (message: string) => z.preprocess(blankToNull, id(message).nullable().optional());

/**
 * An instant with its offset ("2027-03-01T09:00:00Z", "…+01:00"), or a local
 * date and time at the location ("2027-03-01T09:00", what a datetime-local input sends).
 */
export const ZAppointmentTime = z.iso.datetime({
  offset: true,
  local: true,
  message: "Enter a date and time, e.g. 2027-03-01T09:00 (or with an offset, 2027-03-01T09:00:00Z).",
});

const concerns = z.string().trim().max(4000, "Use at most 4000 characters.");

export const ZCreateAppointment = z.object({
  locationId: id("Choose a location."),
  customerId: id("Choose a customer."),
  vehicleId: optionalId("Choose one of the customer's vehicles."),
  bayId: optionalId("Choose a bay."),
  technicianUserId: optionalId("Choose a technician."),
  startsAt: ZAppointmentTime,
  endsAt: ZAppointmentTime,
  concerns: z.preprocess(blankToUndefined, concerns.optional()),
  /** the front desk or an integration may book straight as confirmed; online requests always start REQUESTED */
  status: z.enum(["REQUESTED", "CONFIRMED"], { message: "Choose requested or confirmed." }).default("REQUESTED"),
});
export type TCreateAppointment = z.infer<typeof ZCreateAppointment>;

/**
 * A move, resize or edit: an absent field stays as it is, null (or a blank form
 * field) clears it. A new start alone moves the appointment and keeps its length.
 */
export const ZUpdateAppointment = z.object({
  startsAt: ZAppointmentTime.optional(),
  endsAt: ZAppointmentTime.optional(),
  bayId: clearableId("Choose a bay."),
  technicianUserId: clearableId("Choose a technician."),
  vehicleId: clearableId("Choose one of the customer's vehicles."),
  concerns: z.preprocess(blankToNull, concerns.nullable().optional()),
});
export type TUpdateAppointment = z.infer<typeof ZUpdateAppointment>;

export const ZAppointmentStatusChange = z.object({
  status: z.enum(AppointmentStatus, { message: "Choose a status." }),
});

/** The car is needed for a repair order: given here when the booking had none (or a different car came in). */
export const ZConvertAppointment = z.object({
  vehicleId: optionalId("Choose one of the customer's vehicles."),
  odometerIn: z.preprocess(
    blankToUndefined,
    z.coerce.number({ message: "Enter the odometer as a whole number." }).int("Enter the odometer as a whole number.").min(0).max(5_000_000).optional(),
  ),
});
export type TConvertAppointment = z.infer<typeof ZConvertAppointment>;

/** A calendar page: one location's day, or its Monday-to-Sunday week, in the location's time zone. */
export const ZAppointmentCalendar = z.object({
  locationId: id("Choose a location."),
  date: z.iso.date({ message: "Enter a date, e.g. 2027-03-01." }),
  span: z.enum(["day", "week"], { message: "Choose day or week." }).default("day"),
});
export type TAppointmentCalendar = z.infer<typeof ZAppointmentCalendar>;

export const APPOINTMENT_PAGE_SIZE = { default: 50, max: 100 } as const;

/** Filters of the workshop-wide list (query string or JSON); `from`/`to` bound the start time, [from, to). */
export const ZListAppointments = z.object({
  locationId: optionalId("Choose a location."),
  customerId: optionalId("Choose a customer."),
  status: z.preprocess(blankToUndefined, z.enum(AppointmentStatus, { message: "Choose a status." }).optional()),
  from: z.preprocess(blankToUndefined, z.iso.datetime({ offset: true, message: "Enter an instant with its offset, e.g. 2027-03-01T00:00:00Z." }).optional()),
  to: z.preprocess(blankToUndefined, z.iso.datetime({ offset: true, message: "Enter an instant with its offset, e.g. 2027-03-08T00:00:00Z." }).optional()),
  cursor: z.preprocess(blankToUndefined, z.string().max(200, "This page link is not valid.").optional()),
  limit: z.preprocess(
    blankToUndefined,
    z.coerce.number({ message: "Enter a whole number." }).int("Enter a whole number.")
      .min(1, `Between 1 and ${APPOINTMENT_PAGE_SIZE.max}.`).max(APPOINTMENT_PAGE_SIZE.max, `Between 1 and ${APPOINTMENT_PAGE_SIZE.max}.`)
      .default(APPOINTMENT_PAGE_SIZE.default),
  ),
});
export type TListAppointments = z.infer<typeof ZListAppointments>;

export const ZCreateBay = z.object({
  locationId: id("Choose a location."),
  name: z.string({ message: "Name the bay." }).trim().min(1, "Name the bay.").max(60, "Use at most 60 characters."),
  position: z.preprocess(blankToUndefined, z.coerce.number({ message: "Enter a whole number." }).int("Enter a whole number.").min(0).max(999).optional()),
});
export type TCreateBay = z.infer<typeof ZCreateBay>;
