import { z } from "zod";
import { audit } from "@/lib/audit/audit";
import { withTenant } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { parseInput } from "@/lib/forms/parse-input";
import { actorOf, type OrgContext } from "@/lib/org/context";
import { findPart } from "@/lib/parts/find-part";
import { suggestedOrderMilli } from "@/lib/parts/low-stock";
import { findLocation } from "@/lib/parts/stock-location";
import { authorize } from "@/lib/rbac";
import { openPurchaseOrder } from "./create-purchase-order";
import { lockDraft } from "./lock-purchase-order";

export const ZAddLowStockToDraft = z.object({ partId: z.string(), locationId: z.string() });

/**
 * The low stock list's one click: puts the part on the draft purchase order
 * for its default supplier and that location (opening one when there is none),
 * for the suggested quantity at catalogue cost. The supplier's row is locked so
 * two clicks at once share one draft instead of opening two.
 */
export async function addLowStockToDraft(ctx: OrgContext, raw: z.input<typeof ZAddLowStockToDraft>) {
  await authorize(ctx, "purchaseOrder.manage");
  const input = parseInput(ZAddLowStockToDraft, raw);
  return withTenant(ctx.orgId, async (tx, global) => {
    const part = await findPart(tx, input.partId);
    const location = await findLocation(tx, input.locationId);
    if (!part.defaultSupplierId) {
      throw new AppError("VALIDATION_FAILED", `${part.sku} has no default supplier: choose one on the part first.`);
    }
    await tx.$queryRaw`SELECT 1 FROM "Supplier" WHERE "organizationId" = ${ctx.orgId}::uuid AND id = ${part.defaultSupplierId}::uuid FOR UPDATE`;
    const existing = await tx.purchaseOrder.findFirst({ where: { supplierId: part.defaultSupplierId, locationId: location.id, status: "DRAFT" }, orderBy: { number: "asc" } });
    // Locked like any other line change, so the draft cannot be sent while this line joins it.
    const draft = existing
      ? await lockDraft(tx, existing.id)
      : await openPurchaseOrder(ctx, tx, global, { supplierId: part.defaultSupplierId, locationId: location.id });
    const already = await tx.purchaseOrderLine.findFirst({ where: { purchaseOrderId: draft.id, partId: part.id, jobLineId: null } });
    if (already) throw new AppError("CONFLICT", `${part.sku} is already on draft purchase order ${draft.number}.`);
    const [level, open] = await Promise.all([
      tx.stockLevel.findFirst({ where: { partId: part.id, locationId: location.id }, select: { onHandMilli: true } }),
      tx.purchaseOrderLine.findMany({
        where: { partId: part.id, purchaseOrder: { locationId: location.id, status: { in: ["DRAFT", "ORDERED", "PARTIALLY_RECEIVED"] } } },
        select: { quantityMilli: true, receivedMilli: true },
      }),
    ]);
    const onOrderMilli = open.reduce((sum, line) => sum + line.quantityMilli - line.receivedMilli, 0);
    const line = await tx.purchaseOrderLine.create({
      data: {
        organizationId: ctx.orgId, purchaseOrderId: draft.id, partId: part.id,
        quantityMilli: suggestedOrderMilli(part.reorderLevelMilli, level?.onHandMilli ?? 0, onOrderMilli), unitCostMinor: part.costMinor,
      },
    });
    await audit(tx, actorOf(ctx), "purchaseOrderLine.create", { type: "PurchaseOrderLine", id: line.id }, {
      purchaseOrderId: draft.id, partId: part.id, quantityMilli: line.quantityMilli, unitCostMinor: line.unitCostMinor, fromLowStock: true,
    });
    return { purchaseOrder: draft, line };
  });
}
