import { audit } from "@/lib/audit/audit";
import { withTenant, type TenantTx } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { Vehicle } from "@/lib/generated/prisma/client";
import { isUuid } from "@/lib/ids";
import { actorOf, type OrgContext } from "@/lib/org/context";
import { authorize } from "@/lib/rbac";

export interface MergeVehiclesInput {
  /** the vehicle that stays */
  keepId: string;
  /** the duplicate: its repair orders and recommendations move to keepId, then it is deleted */
  mergeId: string;
}

const FILLED_FROM_DUPLICATE = [
  "vin", "registration", "make", "model", "year", "engine", "fuel", "nextServiceDue", "nextServiceOdometer", "inspectionDue",
] as const satisfies ReadonlyArray<keyof Vehicle>;

type VehicleFields = Pick<Vehicle, (typeof FILLED_FROM_DUPLICATE)[number] | "odometer">;

/**
 * The kept vehicle after the merge: each blank field takes the duplicate's value, what the
 * kept vehicle already has stays, and the odometer is the higher reading (it never goes down).
 */
export function mergedVehicleFields(keep: VehicleFields, merge: VehicleFields) {
  const data: Partial<VehicleFields> = {};
  const filled: string[] = [];
  for (const field of FILLED_FROM_DUPLICATE) {
    if (keep[field] === null && merge[field] !== null) {
      Object.assign(data, { [field]: merge[field] });
      filled.push(field);
    }
  }
  if (merge.odometer !== null && (keep.odometer === null || merge.odometer > keep.odometer)) {
    data.odometer = merge.odometer;
    filled.push("odometer");
  }
  return { data, filled };
}

/**
 * Why two vehicles cannot be merged, or null. Only vehicles of the same customer merge: a
 * repair order's vehicle must be its customer's, so moving another customer's repair orders onto
 * this vehicle would break that rule (merge the customers first; their vehicles come along).
 * Two different VINs are two different vehicles.
 */
export function vehicleMergeRefusal(keep: Pick<Vehicle, "customerId" | "vin">, merge: Pick<Vehicle, "customerId" | "vin">): string | null {
  if (keep.customerId !== merge.customerId) return "These vehicles belong to different customers: merge the customers first.";
  if (keep.vin && merge.vin && keep.vin !== merge.vin) return "These vehicles have different VINs: they are two different vehicles.";
  return null;
}

function checkIds({ keepId, mergeId }: MergeVehiclesInput) {
  if (!isUuid(keepId) || !isUuid(mergeId)) throw new AppError("NOT_FOUND", "That vehicle was not found.");
  if (keepId === mergeId) {
    throw new AppError("VALIDATION_FAILED", "A vehicle cannot be merged into itself.", { fields: { mergeId: "Choose another vehicle: this is the same one." } });
  }
}

async function bothVehicles(tx: TenantTx, { keepId, mergeId }: MergeVehiclesInput) {
  const keep = await tx.vehicle.findFirst({ where: { id: keepId } });
  const merge = await tx.vehicle.findFirst({ where: { id: mergeId } });
  if (!keep || !merge) throw new AppError("NOT_FOUND", "That vehicle was not found.");
  const refusal = vehicleMergeRefusal(keep, merge);
  if (refusal) throw new AppError("VALIDATION_FAILED", refusal, { fields: { mergeId: refusal } });
  return { keep, merge };
}

/** What merging would move and fill, for the confirm step. Changes nothing. */
export async function vehicleMergePreview(ctx: OrgContext, input: MergeVehiclesInput) {
  await authorize(ctx, "vehicle.update");
  checkIds(input);
  return withTenant(ctx.orgId, async (tx) => {
    const { keep, merge } = await bothVehicles(tx, input);
    const counts = {
      repairOrders: await tx.repairOrder.count({ where: { vehicleId: merge.id } }),
      recommendations: await tx.recommendation.count({ where: { vehicleId: merge.id } }),
    };
    return { keep, merge, counts, ...mergedVehicleFields(keep, merge) };
  });
}

/**
 * Merges a duplicate vehicle into the one kept, in one transaction: repair orders and
 * recommendations move over, blanks are filled, the higher odometer is kept, the duplicate is
 * deleted. The duplicate is deleted before its VIN is copied, so the per-workshop VIN
 * uniqueness holds at every step. Audited as "vehicle.merge" with ids and counts only.
 */
export async function mergeVehicles(ctx: OrgContext, input: MergeVehiclesInput) {
  await authorize(ctx, "vehicle.update");
  checkIds(input);
  return withTenant(ctx.orgId, async (tx) => {
    // Row locks in id order: concurrent merges and edits of either vehicle wait for this one.
    const locked = await tx.$queryRaw<Array<{ id: string }>>`
      SELECT id FROM "Vehicle" WHERE id IN (${input.keepId}::uuid, ${input.mergeId}::uuid) ORDER BY id FOR UPDATE`;
    if (locked.length !== 2) throw new AppError("NOT_FOUND", "That vehicle was not found.");
    const { keep, merge } = await bothVehicles(tx, input);

    const repairOrders = await tx.repairOrder.updateMany({ where: { vehicleId: merge.id }, data: { vehicleId: keep.id } });
    const recommendations = await tx.recommendation.updateMany({ where: { vehicleId: merge.id }, data: { vehicleId: keep.id } });
    await tx.vehicle.delete({ where: { organizationId_id: { organizationId: ctx.orgId, id: merge.id } } });
    const { data, filled } = mergedVehicleFields(keep, merge);
    const vehicle = filled.length > 0
      ? await tx.vehicle.update({ where: { organizationId_id: { organizationId: ctx.orgId, id: keep.id } }, data })
      : keep;

    const moved = { repairOrders: repairOrders.count, recommendations: recommendations.count };
    await audit(tx, actorOf(ctx), "vehicle.merge", { type: "Vehicle", id: keep.id }, { keptId: keep.id, mergedId: merge.id, customerId: keep.customerId, moved, filled });
    return { vehicle, moved, filled };
  });
}
