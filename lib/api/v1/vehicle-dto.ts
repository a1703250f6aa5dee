import { z } from "zod";
import { FuelType, type Vehicle } from "@/lib/generated/prisma/client";
import { iso, isoDateOrNull, ZDate, ZTimestamp } from "./schema-parts";

export const ZVehicleDto = z
  .object({
    id: z.uuid(),
    customerId: z.uuid(),
    vin: z.string().nullable().meta({ description: "ISO 3779, upper case." }),
    registration: z.string().nullable(),
    make: z.string().nullable(),
    model: z.string().nullable(),
    year: z.int().nullable(),
    engine: z.string().nullable(),
    fuel: z.enum(FuelType).nullable(),
    odometer: z.int().nullable().meta({ description: "The latest reading, in the workshop's unit." }),
    nextServiceDue: ZDate.nullable(),
    nextServiceOdometer: z.int().nullable(),
    inspectionDue: ZDate.nullable().meta({ description: "MOT / periodic inspection due date." }),
    createdAt: ZTimestamp,
    updatedAt: ZTimestamp,
  })
  .strict();

export const vehicleDto = (vehicle: Vehicle): z.input<typeof ZVehicleDto> => ({
  id: vehicle.id,
  customerId: vehicle.customerId,
  vin: vehicle.vin,
  registration: vehicle.registration,
  make: vehicle.make,
  model: vehicle.model,
  year: vehicle.year,
  engine: vehicle.engine,
  fuel: vehicle.fuel,
  odometer: vehicle.odometer,
  nextServiceDue: isoDateOrNull(vehicle.nextServiceDue),
  nextServiceOdometer: vehicle.nextServiceOdometer,
  inspectionDue: isoDateOrNull(vehicle.inspectionDue),
  createdAt: iso(vehicle.createdAt),
  updatedAt: iso(vehicle.updatedAt),
});
