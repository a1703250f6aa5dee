"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { orgAction, orgSearch } from "@/lib/actions/org-action";
import { bookFromCalendar, type ZCalendarBooking } from "@/lib/appointments/book-from-calendar";
import { changeAppointmentStatus } from "@/lib/appointments/change-appointment-status";
import { convertAppointment } from "@/lib/appointments/convert-appointment";
import { findBookingCustomers, type BookingCustomer } from "@/lib/appointments/find-booking-customers";
import { rescheduleAppointment, type ZRescheduleAppointment } from "@/lib/appointments/reschedule-appointment";
import { STATUS_LABEL } from "@/lib/appointments/calendar-grid";
import { updateAppointment } from "@/lib/appointments/update-appointment";
import { AppointmentStatus } from "@/lib/generated/prisma/client";

const ZAppointmentId = z.object({ appointmentId: z.string().uuid("That appointment was not found.") });

// Loose: the booking's fields are parsed once, by the lib operation (its field errors come back through the form state).
export const bookAppointmentAction = orgAction(z.object({}).loose(), async (ctx, input) => {
  const appointment = await bookFromCalendar(ctx, input as z.input<typeof ZCalendarBooking>);
  return { ok: true, message: `Booked: ${STATUS_LABEL[appointment.status].toLowerCase()}.`, data: { appointmentId: appointment.id } };
});

/** A drag, a keyboard move or a resize on the calendar: only the fields that changed are sent. */
export const moveAppointmentAction = orgAction(ZAppointmentId.loose(), async (ctx, { appointmentId, ...fields }) => {
  await updateAppointment(ctx, appointmentId, fields);
  return { ok: true, message: "Saved." };
});

export const rescheduleAppointmentAction = orgAction(ZAppointmentId.loose(), async (ctx, { appointmentId, ...fields }) => {
  await rescheduleAppointment(ctx, appointmentId, fields as z.input<typeof ZRescheduleAppointment>);
  return { ok: true, message: "Appointment saved." };
});

export const changeAppointmentStatusAction = orgAction(
  ZAppointmentId.extend({ status: z.enum(AppointmentStatus, { message: "Choose a status." }) }),
  async (ctx, { appointmentId, status }) => {
    await changeAppointmentStatus(ctx, appointmentId, status);
    return { ok: true, message: `Now ${STATUS_LABEL[status].toLowerCase()}.` };
  },
);

// Opening the repair order leaves the appointment behind: answer with the order's page (works without JavaScript too).
export const convertAppointmentAction = orgAction(ZAppointmentId.loose(), async (ctx, { appointmentId, ...fields }) => {
  const { repairOrder } = await convertAppointment(ctx, appointmentId, fields);
  revalidatePath(`/${ctx.orgSlug}`, "layout");
  redirect(`/${ctx.orgSlug}/repair-orders/${repairOrder.id}`);
});

/**
 * The booking form's customer picker, as the user types. Not a form action:
 * it changes nothing, so it revalidates nothing; it is counted like one.
 */
export async function searchBookingCustomersAction(orgSlug: string, q: string): Promise<BookingCustomer[]> {
  return orgSearch(orgSlug, q, findBookingCustomers);
}
