import type { TenantTx } from "@/lib/db";

/**
 * The records an erasure of one customer reaches: their vehicles, and every visit they made or
 * their vehicles had. Not visits they only paid for: a fleet payer's erasure must not wipe its
 * drivers' own records (their invoices billed to the payer are anonymized by the invoice step).
 */
export interface CustomerFootprint {
  vehicleIds: string[];
  repairOrderIds: string[];
}

export async function customerFootprint(tx: TenantTx, customerId: string): Promise<CustomerFootprint> {
  const vehicles = await tx.vehicle.findMany({ where: { customerId }, select: { id: true } });
  const vehicleIds = vehicles.map((vehicle) => vehicle.id);
  const orders = await tx.repairOrder.findMany({
    where: { OR: [{ customerId }, { vehicleId: { in: vehicleIds } }] },
    select: { id: true },
  });
  return { vehicleIds, repairOrderIds: orders.map((order) => order.id) };
}

/** The inspection photos of those visits: their files are deleted before the rows. */
export function photosOf(tx: TenantTx, footprint: CustomerFootprint) {
  return tx.attachment.findMany({
    where: { inspectionItem: { inspection: { repairOrderId: { in: footprint.repairOrderIds } } } },
    select: { id: true, storage: true, storageKey: true },
  });
}
