import { withTenant } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { OrgContext } from "@/lib/org/context";
import { afterIdWhere, keysetSlice, type KeysetPage } from "@/lib/pagination/keyset";
import { authorize } from "@/lib/rbac";
import { normalizeVin } from "./vin";

export interface VehicleListFilter {
  customerId?: string;
  /** the plate as written on it; spaces and case do not matter */
  registration?: string;
  vin?: string;
}

/** A page of the workshop's vehicles in id order (lib/pagination/keyset.ts). */
export async function listVehicles(ctx: OrgContext, filter: VehicleListFilter, page: KeysetPage) {
  await authorize(ctx, "vehicle.read");
  const where: Prisma.VehicleWhereInput[] = [...afterIdWhere(page)];
  if (filter.customerId) where.push({ customerId: filter.customerId });
  // registrationKey is the plate upper-cased without spaces, kept by a trigger.
  if (filter.registration) where.push({ registrationKey: filter.registration.replace(/\s+/g, "").toUpperCase() });
  if (filter.vin) where.push({ vin: normalizeVin(filter.vin) });
  const rows = await withTenant(ctx.orgId, (tx) => tx.vehicle.findMany({ where: { AND: where }, orderBy: { id: "asc" }, take: page.limit + 1 }));
  return keysetSlice(rows, page);
}
