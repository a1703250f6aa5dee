import { withTenant } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { PurchaseOrderStatus } from "@/lib/generated/prisma/client";
import { isUuid } from "@/lib/ids";
import type { OrgContext } from "@/lib/org/context";
import { authorize } from "@/lib/rbac";
import { divRound } from "@/lib/repair-orders/totals";

/** Newest first; open orders (draft, ordered, partly received) unless a status is asked for. */
export async function listPurchaseOrders(ctx: OrgContext, filter: { status?: PurchaseOrderStatus } = {}) {
  await authorize(ctx, "purchaseOrder.manage");
  const status = filter.status ? { equals: filter.status } : { in: ["DRAFT", "ORDERED", "PARTIALLY_RECEIVED"] as PurchaseOrderStatus[] };
  return withTenant(ctx.orgId, (tx) =>
    tx.purchaseOrder.findMany({
      where: { status }, orderBy: { number: "desc" }, take: 200,
      include: {
        supplier: { select: { name: true } }, location: { select: { name: true } },
        lines: { select: { quantityMilli: true, receivedMilli: true, unitCostMinor: true } },
      },
    }),
  );
}

/** A purchase order with its supplier, location and lines (each with its part and any repair order waiting). */
export async function getPurchaseOrder(ctx: OrgContext, purchaseOrderId: string) {
  await authorize(ctx, "purchaseOrder.manage");
  const order = isUuid(purchaseOrderId)
    ? await withTenant(ctx.orgId, (tx) =>
        tx.purchaseOrder.findFirst({
          where: { id: purchaseOrderId },
          include: {
            supplier: true, location: { select: { id: true, name: true } },
            lines: {
              orderBy: { createdAt: "asc" },
              include: {
                part: { select: { id: true, sku: true, description: true } },
                jobLine: { select: { id: true, partStatus: true, job: { select: { repairOrder: { select: { id: true, number: true } } } } } },
              },
            },
          },
        }),
      )
    : null;
  if (!order) throw new AppError("NOT_FOUND", "That purchase order was not found.");
  return order;
}

/** Line cost in minor units: quantity (thousandths) x unit cost, rounded like repair order lines. */
export const lineCostMinor = (line: { quantityMilli: number; unitCostMinor: number }) => divRound(BigInt(line.quantityMilli) * BigInt(line.unitCostMinor), 1000n);
