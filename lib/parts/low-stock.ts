import { withTenant } from "@/lib/db";
import type { OrgContext } from "@/lib/org/context";
import { authorize } from "@/lib/rbac";

/** How much the low stock list suggests ordering: enough to bring stock back up to twice the reorder level. */
export const suggestedOrderMilli = (reorderLevelMilli: number, onHandMilli: number, onOrderMilli: number) =>
  Math.max(1000, 2 * reorderLevelMilli - onHandMilli - onOrderMilli);

/**
 * Active parts at or below their reorder level, per location (a location with
 * no stock record has none). A reorder level of 0 means "do not reorder", so
 * those parts never appear. Each row says how much is already on order there
 * (open purchase orders, not yet received).
 */
export async function listLowStock(ctx: OrgContext) {
  await authorize(ctx, "part.read");
  const { parts, locations, openLines } = await withTenant(ctx.orgId, async (tx) => ({
    parts: await tx.part.findMany({
      where: { active: true, reorderLevelMilli: { gt: 0 } }, orderBy: { sku: "asc" }, take: 2000,
      include: { stockLevels: { select: { locationId: true, onHandMilli: true } }, defaultSupplier: { select: { id: true, name: true } } },
    }),
    locations: await tx.location.findMany({ orderBy: [{ createdAt: "asc" }, { id: "asc" }], select: { id: true, name: true } }),
    openLines: await tx.purchaseOrderLine.findMany({
      where: { purchaseOrder: { status: { in: ["DRAFT", "ORDERED", "PARTIALLY_RECEIVED"] } } },
      select: { partId: true, quantityMilli: true, receivedMilli: true, purchaseOrder: { select: { locationId: true } } },
    }),
  }));
  const onOrder = new Map<string, number>();
  for (const line of openLines) {
    const key = `${line.partId}:${line.purchaseOrder.locationId}`;
    onOrder.set(key, (onOrder.get(key) ?? 0) + line.quantityMilli - line.receivedMilli);
  }
  return parts.flatMap((part) => {
    const onHand = new Map(part.stockLevels.map((level) => [level.locationId, level.onHandMilli]));
    return locations
      .map((location) => {
        const onHandMilli = onHand.get(location.id) ?? 0;
        const onOrderMilli = onOrder.get(`${part.id}:${location.id}`) ?? 0;
        return {
          partId: part.id, sku: part.sku, description: part.description, supplier: part.defaultSupplier,
          location, reorderLevelMilli: part.reorderLevelMilli, onHandMilli, onOrderMilli,
          suggestedMilli: suggestedOrderMilli(part.reorderLevelMilli, onHandMilli, onOrderMilli),
        };
      })
      .filter((row) => row.onHandMilli <= row.reorderLevelMilli);
  });
}
