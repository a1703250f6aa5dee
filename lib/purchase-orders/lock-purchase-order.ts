import type { TenantTx } from "@/lib/db";
import { tenantOf } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { PurchaseOrderStatus } from "@/lib/generated/prisma/client";
import { isUuid } from "@/lib/ids";

export const STATUS_LABEL: Record<PurchaseOrderStatus, string> = {
  DRAFT: "draft", ORDERED: "ordered", PARTIALLY_RECEIVED: "partly received", RECEIVED: "received", CANCELLED: "cancelled",
};

/**
 * A purchase order of this workshop, locked until the transaction ends and
 * read under the lock: every change to a purchase order or its lines takes this
 * first, so two receipts (or a receipt and a cancel) run one after the other.
 */
export async function lockPurchaseOrder(tx: TenantTx, purchaseOrderId: string) {
  const [row] = isUuid(purchaseOrderId)
    ? await tx.$queryRaw<Array<{ id: string; number: number; status: PurchaseOrderStatus; supplierId: string; locationId: string }>>`
        SELECT id, number, status, "supplierId", "locationId" FROM "PurchaseOrder"
         WHERE "organizationId" = ${tenantOf(tx)}::uuid AND id = ${purchaseOrderId}::uuid FOR UPDATE`
    : [];
  if (!row) throw new AppError("NOT_FOUND", "That purchase order was not found.");
  return row;
}

/** Lines change only while the order is a draft; once sent to the supplier it only takes deliveries. */
export async function lockDraft(tx: TenantTx, purchaseOrderId: string) {
  const order = await lockPurchaseOrder(tx, purchaseOrderId);
  if (order.status !== "DRAFT") {
    throw new AppError("CONFLICT", `Purchase order ${order.number} is ${STATUS_LABEL[order.status]}: its lines can no longer change.`);
  }
  return order;
}
