import { withTenant, type TenantTx } from "@/lib/db";
import type { OrgContext } from "@/lib/org/context";
import { authorize } from "@/lib/rbac";
import { AppError } from "@/lib/errors";
import { isUuid } from "@/lib/ids";

/**
 * Where a repair order's parts come from. A repair order has no location of its
 * own, so its parts are taken from the workshop's first location (the one made
 * at sign-up): the oldest, ties broken by id.
 */
export async function workshopStockLocation(tx: TenantTx) {
  const location = await tx.location.findFirst({ orderBy: [{ createdAt: "asc" }, { id: "asc" }], select: { id: true, name: true } });
  if (!location) throw new AppError("CONFLICT", "Add a workshop location before fitting parts from stock.");
  return location;
}

/** A location of this workshop by id; anything else is "not found". */
export async function findLocation(tx: TenantTx, locationId: string) {
  const location = isUuid(locationId) ? await tx.location.findFirst({ where: { id: locationId }, select: { id: true, name: true } }) : null;
  if (!location) throw new AppError("NOT_FOUND", "That location was not found.");
  return location;
}

/** The workshop's locations, first (the repair orders' stock) first. */
export async function listStockLocations(ctx: OrgContext) {
  await authorize(ctx, "part.read");
  return withTenant(ctx.orgId, (tx) => tx.location.findMany({ orderBy: [{ createdAt: "asc" }, { id: "asc" }], select: { id: true, name: true } }));
}
