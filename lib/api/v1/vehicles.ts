import { z } from "zod";
import { FuelType, type Vehicle } from "@/lib/generated/prisma/client";
import { getVehicle } from "@/lib/vehicles/get-vehicle";
import { listVehicles } from "@/lib/vehicles/list-vehicles";
import { addVehicle, patchVehicle, ZVehicle } from "@/lib/vehicles/save-vehicle";
import { defineListOperation, defineOperation, keysetList } from "../operation";
import { vehicleDto, ZVehicleDto } from "./vehicle-dto";
import { mergePatch, optionalText, ZIdParams, ZUuid } from "./schema-parts";

const output = { name: "Vehicle", schema: ZVehicleDto };
const tag = "Vehicles";
const optionalInt = (min: number, max: number) => z.int().min(min).max(max).nullable().optional();
const optionalDate = z.iso.date().nullable().optional();

// JSON types and limits for the document; the VIN check digit, plate and
// odometer rules are applied by ZVehicle, the schema the app's forms use.
const ZVehicleFields = z
  .object({
    vin: optionalText(32).meta({ description: "17 characters with a valid check digit; spaces and dashes are ignored." }),
    registration: optionalText(16).meta({ description: "The plate. A vehicle needs a plate or a VIN." }),
    make: optionalText(60).meta({ description: "Filled in from the VIN when left empty." }),
    model: optionalText(60),
    year: optionalInt(1886, 2100),
    engine: optionalText(60),
    fuel: z.enum(FuelType).nullable().optional(),
    odometer: optionalInt(0, 5_000_000).meta({ description: "Never lower than the last reading." }),
    nextServiceDue: optionalDate,
    nextServiceOdometer: optionalInt(0, 5_000_000),
    inspectionDue: optionalDate,
  })
  .strict();

const ZVehicleCreate = ZVehicleFields.extend({ customerId: ZUuid("The owner: a customer of this workshop.") }).strict();

/** The lib schema reads what a form would send; null and absent are both "empty". */
const current = (vehicle: Vehicle) => ({
  vin: vehicle.vin ?? undefined,
  registration: vehicle.registration ?? undefined,
  make: vehicle.make ?? undefined,
  model: vehicle.model ?? undefined,
  year: vehicle.year ?? undefined,
  engine: vehicle.engine ?? undefined,
  fuel: vehicle.fuel ?? undefined,
  odometer: vehicle.odometer ?? undefined,
  nextServiceDue: vehicle.nextServiceDue ?? undefined,
  nextServiceOdometer: vehicle.nextServiceOdometer ?? undefined,
  inspectionDue: vehicle.inspectionDue ?? undefined,
});

export const listVehiclesOperation = defineListOperation({
  operationId: "listVehicles",
  path: "/vehicles",
  tag,
  summary: "List vehicles",
  description: "Oldest first. Filter by owner, plate or VIN.",
  scope: "READ",
  query: z
    .object({
      customerId: ZUuid("Only this customer's vehicles.").optional(),
      registration: z.string().trim().min(1).max(16).optional().meta({ description: "The exact plate; spaces and case do not matter." }),
      vin: z.string().trim().min(1).max(32).optional().meta({ description: "The exact VIN." }),
    })
    .strict(),
  output,
  handler: (ctx, { query, page }) =>
    keysetList(page, async (keyset) => {
      const { items, nextAfterId } = await listVehicles(ctx, query, keyset);
      return { items: items.map(vehicleDto), nextAfterId };
    }),
});

export const getVehicleOperation = defineOperation({
  operationId: "getVehicle",
  method: "GET",
  path: "/vehicles/{id}",
  tag,
  summary: "Get a vehicle",
  scope: "READ",
  params: ZIdParams("vehicle"),
  output,
  handler: async (ctx, { params }) => vehicleDto(await getVehicle(ctx, params.id)),
});

export const createVehicleOperation = defineOperation({
  operationId: "createVehicle",
  method: "POST",
  path: "/vehicles",
  tag,
  summary: "Add a vehicle to a customer",
  description: "409 CONFLICT when the VIN is already on file in this workshop.",
  scope: "READ_WRITE",
  body: ZVehicleCreate,
  output,
  handler: async (ctx, { body: { customerId, ...fields } }) => vehicleDto(await addVehicle(ctx, customerId, ZVehicle.parse(mergePatch({}, fields)))),
});

export const updateVehicleOperation = defineOperation({
  operationId: "updateVehicle",
  method: "PATCH",
  path: "/vehicles/{id}",
  tag,
  summary: "Update a vehicle",
  description: "Changes only the fields sent; `null` clears an optional field. The owner cannot be changed here.",
  scope: "READ_WRITE",
  params: ZIdParams("vehicle"),
  body: ZVehicleFields,
  output,
  // Merged with the row as it is under lock: a concurrent PATCH of another field is kept.
  handler: async (ctx, { params, body }) => vehicleDto(await patchVehicle(ctx, params.id, (before) => ZVehicle.parse(mergePatch(current(before), body)))),
});
