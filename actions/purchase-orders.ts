"use server";

import { z } from "zod";
import { orgAction } from "@/lib/actions/org-action";
import { addLowStockToDraft, ZAddLowStockToDraft } from "@/lib/purchase-orders/add-low-stock-to-draft";
import { cancelPurchaseOrder, markPurchaseOrderOrdered } from "@/lib/purchase-orders/change-purchase-order-status";
import { createPurchaseOrder, ZCreatePurchaseOrder } from "@/lib/purchase-orders/create-purchase-order";
import { addPurchaseOrderLine, removePurchaseOrderLine, updatePurchaseOrderLine, ZAddPurchaseOrderLine, ZUpdatePurchaseOrderLine } from "@/lib/purchase-orders/purchase-order-lines";
import { receiveEverything, receivePurchaseOrder } from "@/lib/purchase-orders/receive-purchase-order";

const ZPurchaseOrderId = z.object({ purchaseOrderId: z.string() });
// The lib operations parse quantities and money from the typed text themselves (field errors included).
const typed = z.object({}).loose();

export const createPurchaseOrderAction = orgAction(typed, async (ctx, input) => {
  const order = await createPurchaseOrder(ctx, input as z.input<typeof ZCreatePurchaseOrder>);
  return { ok: true, data: { redirectTo: `/${ctx.orgSlug}/purchase-orders/${order.id}` } };
});

export const addPurchaseOrderLineAction = orgAction(typed, async (ctx, input) => {
  await addPurchaseOrderLine(ctx, input as z.input<typeof ZAddPurchaseOrderLine>);
  return { ok: true, message: "Line added." };
});

export const updatePurchaseOrderLineAction = orgAction(typed, async (ctx, input) => {
  await updatePurchaseOrderLine(ctx, input as z.input<typeof ZUpdatePurchaseOrderLine>);
  return { ok: true, message: "Line saved." };
});

export const removePurchaseOrderLineAction = orgAction(z.object({ lineId: z.string() }), async (ctx, { lineId }) => {
  await removePurchaseOrderLine(ctx, lineId);
  return { ok: true, message: "Line removed." };
});

export const markOrderedAction = orgAction(ZPurchaseOrderId, async (ctx, { purchaseOrderId }) => {
  await markPurchaseOrderOrdered(ctx, purchaseOrderId);
  return { ok: true, message: "Marked as ordered." };
});

export const cancelPurchaseOrderAction = orgAction(ZPurchaseOrderId, async (ctx, { purchaseOrderId }) => {
  await cancelPurchaseOrder(ctx, purchaseOrderId);
  return { ok: true, message: "Purchase order cancelled." };
});

// The receive form names each line's field receive_<lineId>; errors come back under the same names.
export const receivePurchaseOrderAction = orgAction(z.object({ purchaseOrderId: z.string() }).loose(), async (ctx, input) => {
  const quantities: Record<string, string> = {};
  for (const [key, value] of Object.entries(input)) {
    if (key.startsWith("receive_") && typeof value === "string") quantities[key.slice("receive_".length)] = value;
  }
  const { status } = await receivePurchaseOrder(ctx, { purchaseOrderId: input.purchaseOrderId, quantities });
  return { ok: true, message: status === "RECEIVED" ? "Delivery booked: everything has arrived." : "Delivery booked: some parts are still to come." };
});

export const receiveEverythingAction = orgAction(ZPurchaseOrderId, async (ctx, { purchaseOrderId }) => {
  await receiveEverything(ctx, purchaseOrderId);
  return { ok: true, message: "Delivery booked: everything has arrived." };
});

export const addLowStockToDraftAction = orgAction(ZAddLowStockToDraft, async (ctx, input) => {
  const { purchaseOrder } = await addLowStockToDraft(ctx, input);
  return { ok: true, message: `Added to draft purchase order ${purchaseOrder.number}.`, data: { purchaseOrderId: purchaseOrder.id } };
});
