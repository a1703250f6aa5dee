import { withTenant } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { isUuid } from "@/lib/ids";
import type { OrgContext } from "@/lib/org/context";
import { authorize } from "@/lib/rbac";

/** One vehicle of the workshop; anything else (another workshop's id, not a UUID) is "not found". */
export async function getVehicle(ctx: OrgContext, vehicleId: string) {
  await authorize(ctx, "vehicle.read");
  const vehicle = isUuid(vehicleId) ? await withTenant(ctx.orgId, (tx) => tx.vehicle.findFirst({ where: { id: vehicleId } })) : null;
  if (!vehicle) throw new AppError("NOT_FOUND", "That vehicle was not found.");
  return vehicle;
}
