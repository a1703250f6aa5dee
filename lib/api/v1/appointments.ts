import { z } from "zod";
import { ZAppointmentTime, ZCreateAppointment, ZListAppointments, ZUpdateAppointment } from "@/lib/appointments/appointment-input";
import { changeAppointmentStatus } from "@/lib/appointments/change-appointment-status";
import { createAppointment } from "@/lib/appointments/create-appointment";
import { getAppointment } from "@/lib/appointments/get-appointment";
import { listAppointments } from "@/lib/appointments/list-appointments";
import { updateAppointment } from "@/lib/appointments/update-appointment";
import { AppError } from "@/lib/errors";
import { AppointmentStatus } from "@/lib/generated/prisma/client";
import { defineListOperation, defineOperation } from "../operation";
import { appointmentDto, ZAppointmentDto } from "./appointment-dto";
import { ZIdParams } from "./schema-parts";

const output = { name: "Appointment", schema: ZAppointmentDto };
const tag = "Appointments";
const time = (description: string) =>
  ZAppointmentTime.meta({ description: `${description} An instant with its offset, or a local date and time read in the location's time zone.` });

// The appointments lib's own schemas describe plain JSON already; closed here to unknown fields.
const ZAppointmentCreate = ZCreateAppointment.extend({ startsAt: time("Start."), endsAt: time("End.") }).strict();
const ZAppointmentPatch = ZUpdateAppointment.extend({
  startsAt: time("New start; alone it moves the booking and keeps its length.").optional(),
  endsAt: time("New end.").optional(),
  status: z.enum(AppointmentStatus).optional().meta({
    description: "Confirm, check in (ARRIVED), cancel or record a no-show. Send it on its own: a status change is not combined with other changes.",
  }),
}).strict();

export const listAppointmentsOperation = defineListOperation({
  operationId: "listAppointments",
  path: "/appointments",
  tag,
  summary: "List appointments",
  description: "By start time, earliest first. `from`/`to` bound the start time, [from, to).",
  scope: "READ",
  query: ZListAppointments.pick({ locationId: true, customerId: true, status: true, from: true, to: true }).strict(),
  output,
  handler: async (ctx, { query, page }) => {
    const { items, nextCursor } = await listAppointments(ctx, { ...query, ...page });
    return { items: items.map(appointmentDto), nextCursor };
  },
});

export const getAppointmentOperation = defineOperation({
  operationId: "getAppointment",
  method: "GET",
  path: "/appointments/{id}",
  tag,
  summary: "Get an appointment",
  scope: "READ",
  params: ZIdParams("appointment"),
  output,
  handler: async (ctx, { params }) => appointmentDto(await getAppointment(ctx, params.id)),
});

export const createAppointmentOperation = defineOperation({
  operationId: "createAppointment",
  method: "POST",
  path: "/appointments",
  tag,
  summary: "Book an appointment",
  description: "409 CONFLICT when the bay or the technician is taken at that time. Booked with source API.",
  scope: "READ_WRITE",
  body: ZAppointmentCreate,
  output,
  handler: async (ctx, { body }) => appointmentDto(await createAppointment(ctx, body, { source: "API" })),
});

export const updateAppointmentOperation = defineOperation({
  operationId: "updateAppointment",
  method: "PATCH",
  path: "/appointments/{id}",
  tag,
  summary: "Move, edit or change the status of an appointment",
  description: "Changes only the fields sent; `null` clears an optional field. Only REQUESTED and CONFIRMED bookings can be moved or edited.",
  scope: "READ_WRITE",
  params: ZIdParams("appointment"),
  body: ZAppointmentPatch,
  output,
  handler: async (ctx, { params, body: { status, ...changes } }) => {
    if (status === undefined) return appointmentDto(await updateAppointment(ctx, params.id, changes));
    if (Object.keys(changes).length > 0) {
      throw new AppError("VALIDATION_FAILED", "Check the fields named in `fields`.", { fields: { status: "Change the status in a request of its own." } });
    }
    return appointmentDto(await changeAppointmentStatus(ctx, params.id, status));
  },
});
