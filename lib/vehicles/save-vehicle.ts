import { z } from "zod";
import { blankToUndefined } from "@/lib/forms/blank";
import { audit } from "@/lib/audit/audit";
import { personalChanges, sealPersonal } from "@/lib/audit/personal-data";
import { tenantOf, withTenant, type TenantTx } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { FuelType, Prisma, type Vehicle } from "@/lib/generated/prisma/client";
import { actorOf, type OrgContext } from "@/lib/org/context";
import { authorize } from "@/lib/rbac";
import { decodeVin } from "./vin-decode";
import { isValidVin, normalizeVin } from "./vin";
import { isUuid } from "@/lib/ids";

const optionalText = (max: number) => z.preprocess(blankToUndefined, z.string().trim().max(max).optional());
const optionalInt = (min: number, max: number, message: string) =>
  z.preprocess(blankToUndefined, z.coerce.number({ message }).int(message).min(min, message).max(max, message).optional());
const optionalDate = z.preprocess(blankToUndefined, z.coerce.date({ message: "Enter a date." }).optional());

export const ZVehicle = z.object({
  vin: z.preprocess(
    blankToUndefined,
    z.string().transform(normalizeVin).refine(isValidVin, "This is not a valid VIN: check the 17 characters (no I, O or Q) and the check digit.").optional(),
  ),
  registration: z.preprocess(blankToUndefined, z.string().trim().toUpperCase().max(16, "Use at most 16 characters.").optional()),
  make: optionalText(60),
  model: optionalText(60),
  year: optionalInt(1886, new Date().getUTCFullYear() + 1, "Enter a year such as 2019."),
  engine: optionalText(60),
  fuel: z.preprocess(blankToUndefined, z.enum(FuelType, { message: "Choose a fuel." }).optional()),
  odometer: optionalInt(0, 5_000_000, "Enter the odometer as a whole number."),
  nextServiceDue: optionalDate,
  nextServiceOdometer: optionalInt(0, 5_000_000, "Enter a whole number."),
  inspectionDue: optionalDate,
}).refine((v) => v.vin || v.registration, { path: ["registration"], message: "Enter a registration plate or a VIN." });

export type VehicleInput = z.infer<typeof ZVehicle>;

/** Fills make and model year from the VIN where the form left them empty. */
function withDecodedVin(input: VehicleInput) {
  const decoded = input.vin ? decodeVin(input.vin) : { make: null, modelYear: null };
  return { ...input, make: input.make ?? decoded.make ?? undefined, year: input.year ?? decoded.modelYear ?? undefined };
}

const toData = (input: ReturnType<typeof withDecodedVin>) => ({
  vin: input.vin ?? null,
  registration: input.registration ?? null,
  make: input.make ?? null,
  model: input.model ?? null,
  year: input.year ?? null,
  engine: input.engine ?? null,
  fuel: input.fuel ?? null,
  odometer: input.odometer ?? null,
  nextServiceDue: input.nextServiceDue ?? null,
  nextServiceOdometer: input.nextServiceOdometer ?? null,
  inspectionDue: input.inspectionDue ?? null,
});

/** They identify the owner: sealed with the customer's key in the audit log (lib/audit/personal-data.ts). */
const VEHICLE_PERSONAL_FIELDS = ["vin", "registration"] as const;

function duplicateVin(error: unknown): never {
  if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
    throw new AppError("CONFLICT", "A vehicle with this VIN is already on file.", { fields: { vin: "A vehicle with this VIN is already on file in this workshop." } });
  }
  throw error;
}

async function customerOr404(tx: TenantTx, customerId: string) {
  const customer = isUuid(customerId) ? await tx.customer.findFirst({ where: { id: customerId }, select: { id: true } }) : null;
  if (!customer) throw new AppError("NOT_FOUND", "That customer was not found.");
  return customer;
}

export async function addVehicle(ctx: OrgContext, customerId: string, raw: VehicleInput) {
  await authorize(ctx, "vehicle.create");
  const input = withDecodedVin(raw);
  return withTenant(ctx.orgId, async (tx) => {
    await customerOr404(tx, customerId);
    const vehicle = await tx.vehicle.create({ data: { organizationId: ctx.orgId, customerId, ...toData(input) } }).catch(duplicateVin);
    await audit(tx, actorOf(ctx), "vehicle.create", { type: "Vehicle", id: vehicle.id }, {
      customerId, vin: await sealPersonal(tx, customerId, vehicle.vin), registration: await sealPersonal(tx, customerId, vehicle.registration),
    });
    return vehicle;
  });
}

export async function updateVehicle(ctx: OrgContext, vehicleId: string, raw: VehicleInput) {
  return patchVehicle(ctx, vehicleId, () => raw);
}

/**
 * Changes a vehicle to what `next` makes of the row as it is now. The row is
 * locked while `next` reads it, so a concurrent change to another field is
 * kept, not overwritten by a copy read before it (the API's PATCH).
 */
export async function patchVehicle(ctx: OrgContext, vehicleId: string, next: (before: Vehicle) => VehicleInput) {
  await authorize(ctx, "vehicle.update");
  return withTenant(ctx.orgId, async (tx) => {
    const before = isUuid(vehicleId) ? await lockedVehicle(tx, vehicleId) : null;
    if (!before) throw new AppError("NOT_FOUND", "That vehicle was not found.");
    const input = withDecodedVin(next(before));
    if (input.odometer !== undefined && before.odometer !== null && input.odometer < before.odometer) {
      throw new AppError("VALIDATION_FAILED", "Check the odometer.", { fields: { odometer: `The last reading was ${before.odometer}; a new one cannot be lower.` } });
    }
    const data = toData(input);
    const vehicle = await tx.vehicle
      .update({ where: { organizationId_id: { organizationId: ctx.orgId, id: vehicleId } }, data })
      .catch(duplicateVin);
    await audit(tx, actorOf(ctx), "vehicle.update", { type: "Vehicle", id: vehicle.id }, await personalChanges(tx, before.customerId, before, data, VEHICLE_PERSONAL_FIELDS));
    return vehicle;
  });
}

async function lockedVehicle(tx: TenantTx, vehicleId: string) {
  await tx.$queryRaw`SELECT id FROM "Vehicle" WHERE "organizationId" = ${tenantOf(tx)}::uuid AND id = ${vehicleId}::uuid FOR UPDATE`;
  return tx.vehicle.findFirst({ where: { id: vehicleId } });
}
