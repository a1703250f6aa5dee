import { z } from "zod";
import { AppointmentSource, AppointmentStatus, type Appointment } from "@/lib/generated/prisma/client";
import { iso, ZTimestamp } from "./schema-parts";

export const ZAppointmentDto = z
  .object({
    id: z.uuid(),
    locationId: z.uuid(),
    bayId: z.uuid().nullable(),
    technicianUserId: z.uuid().nullable(),
    customerId: z.uuid(),
    vehicleId: z.uuid().nullable(),
    startsAt: ZTimestamp,
    endsAt: ZTimestamp,
    status: z.enum(AppointmentStatus),
    source: z.enum(AppointmentSource).meta({ description: "STAFF (the front desk), ONLINE (the booking page) or API." }),
    concerns: z.string().nullable(),
    repairOrderId: z.uuid().nullable().meta({ description: "The repair order it became on arrival." }),
    createdAt: ZTimestamp,
    updatedAt: ZTimestamp,
  })
  .strict();

export const appointmentDto = (appointment: Appointment): z.input<typeof ZAppointmentDto> => ({
  id: appointment.id,
  locationId: appointment.locationId,
  bayId: appointment.bayId,
  technicianUserId: appointment.technicianUserId,
  customerId: appointment.customerId,
  vehicleId: appointment.vehicleId,
  startsAt: iso(appointment.startsAt),
  endsAt: iso(appointment.endsAt),
  status: appointment.status,
  source: appointment.source,
  concerns: appointment.concerns,
  repairOrderId: appointment.repairOrderId,
  createdAt: iso(appointment.createdAt),
  updatedAt: iso(appointment.updatedAt),
});
