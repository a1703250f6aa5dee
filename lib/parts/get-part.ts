import { db, withTenant } from "@/lib/db";
import type { OrgContext } from "@/lib/org/context";
import { authorize, can } from "@/lib/rbac";
import { findPart } from "./find-part";
import { sellingPriceMinor } from "./part-price";

export const LEDGER_ROWS = 100;

/**
 * A part with its stock at every location (a location it has never been at
 * shows 0) and its newest ledger entries, each naming who moved the stock.
 * What the workshop pays (cost, markup, the ledger's unit costs) is only for
 * those who may change the part: technicians and viewers see price and stock.
 */
export async function getPart(ctx: OrgContext, partId: string) {
  await authorize(ctx, "part.read");
  const { part, locations, levels, movements } = await withTenant(ctx.orgId, async (tx) => {
    const found = await findPart(tx, partId);
    const [supplier, locations, levels, movements] = await Promise.all([
      found.defaultSupplierId ? tx.supplier.findFirst({ where: { id: found.defaultSupplierId }, select: { id: true, name: true } }) : null,
      tx.location.findMany({ orderBy: [{ createdAt: "asc" }, { id: "asc" }], select: { id: true, name: true } }),
      tx.stockLevel.findMany({ where: { partId: found.id }, select: { locationId: true, onHandMilli: true } }),
      tx.stockMovement.findMany({
        where: { partId: found.id }, orderBy: [{ createdAt: "desc" }, { id: "desc" }], take: LEDGER_ROWS,
        include: { location: { select: { name: true } }, purchaseOrderLine: { select: { purchaseOrder: { select: { id: true, number: true } } } }, jobLine: { select: { job: { select: { repairOrder: { select: { id: true, number: true } } } } } } },
      }),
    ]);
    return { part: { ...found, defaultSupplier: supplier }, locations, levels, movements };
  });
  const userIds = [...new Set(movements.map((movement) => movement.userId))];
  const users = new Map((await db().user.findMany({ where: { id: { in: userIds } }, select: { id: true, name: true } })).map((user) => [user.id, user.name]));
  const onHand = new Map(levels.map((level) => [level.locationId, level.onHandMilli]));
  const seesCosts = can(ctx, "part.update");
  const { costMinor, markupBp, ...visible } = part;
  return {
    part: { ...visible, sellingPriceMinor: sellingPriceMinor(part) },
    costs: seesCosts ? { costMinor, markupBp } : null,
    stock: locations.map((location) => ({ ...location, onHandMilli: onHand.get(location.id) ?? 0 })),
    ledger: movements.map((movement) => ({ ...movement, unitCostMinor: seesCosts ? movement.unitCostMinor : null, userName: users.get(movement.userId) ?? "Former member" })),
  };
}
