import { audit } from "@/lib/audit/audit";
import { withTenant, type TenantTx } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { formatQuantity } from "@/lib/money/format-money";
import { actorOf, type OrgContext } from "@/lib/org/context";
import { moveStock } from "@/lib/parts/stock-ledger";
import { authorize } from "@/lib/rbac";
import { quantity } from "@/lib/repair-orders/edit-jobs";
import { lockPurchaseOrder, STATUS_LABEL } from "./lock-purchase-order";

/** The receive form's field for a line: its error comes back under the same name. */
export const receiveField = (lineId: string) => `receive_${lineId}`;

export interface ReceiveInput {
  purchaseOrderId: string;
  /** per purchase order line id, how many arrived ("2", "0.5"); empty entries are skipped */
  quantities: Record<string, string>;
}

type Line = { id: string; partId: string; quantityMilli: number; receivedMilli: number; unitCostMinor: number; jobLineId: string | null };

/** Checks every line before anything changes: one bad quantity refuses the whole delivery. */
function plan(lines: Line[], quantities: Record<string, string>) {
  const byId = new Map(lines.map((line) => [line.id, line]));
  const fields: Record<string, string> = {};
  const receipts: Array<{ line: Line; milli: number }> = [];
  for (const [lineId, text] of Object.entries(quantities)) {
    if (text.trim() === "") continue;
    const line = byId.get(lineId);
    if (!line) throw new AppError("NOT_FOUND", "That purchase order line was not found.");
    const parsed = quantity.safeParse(text);
    const outstanding = line.quantityMilli - line.receivedMilli;
    if (!parsed.success) fields[receiveField(lineId)] = parsed.error.issues[0]?.message ?? "Enter a quantity.";
    else if (outstanding === 0) fields[receiveField(lineId)] = "All of this line has been received.";
    else if (parsed.data > outstanding) fields[receiveField(lineId)] = `Only ${formatQuantity(outstanding)} more ${outstanding === 1000 ? "was" : "were"} ordered.`;
    else receipts.push({ line, milli: parsed.data });
  }
  if (Object.keys(fields).length > 0) throw new AppError("VALIDATION_FAILED", "Check the quantities received.", { fields });
  if (receipts.length === 0) throw new AppError("VALIDATION_FAILED", "Enter how many of each part arrived.");
  return receipts;
}

/**
 * Books a delivery, in part or whole, one transaction under the purchase
 * order's lock: each line's received count goes up (never past what was
 * ordered: checked here, by the conditional update and by the database), a
 * RECEIVED movement at the order's location puts the parts in stock at the
 * line's cost, a repair order line waiting for the part becomes received once
 * its quantity is in, and the order becomes partly or fully received.
 * Locks are taken purchase order, its lines, job lines, stock levels, each in id order.
 */
async function receive(ctx: OrgContext, tx: TenantTx, purchaseOrderId: string, quantities: (lines: Line[]) => Record<string, string>) {
  const order = await lockPurchaseOrder(tx, purchaseOrderId);
  if (order.status !== "ORDERED" && order.status !== "PARTIALLY_RECEIVED") {
    throw new AppError("CONFLICT", `Purchase order ${order.number} is ${STATUS_LABEL[order.status]}: ${order.status === "DRAFT" ? "mark it ordered before receiving" : "it takes no more deliveries"}.`);
  }
  const lines: Line[] = await tx.purchaseOrderLine.findMany({ where: { purchaseOrderId: order.id }, orderBy: { id: "asc" } });
  const receipts = plan(lines, quantities(lines)).sort((x, y) => (x.line.id < y.line.id ? -1 : 1));
  const receivedNow = new Map<string, number>();
  for (const { line, milli } of receipts) {
    const { count } = await tx.purchaseOrderLine.updateMany({
      where: { id: line.id, receivedMilli: { lte: line.quantityMilli - milli } },
      data: { receivedMilli: { increment: milli } },
    });
    if (count !== 1) throw new AppError("CONFLICT", "That delivery was booked by someone else at the same time: reload and check the quantities.");
    receivedNow.set(line.id, line.receivedMilli + milli);
  }
  const waiting = receipts.filter(({ line }) => line.jobLineId !== null).sort((x, y) => (x.line.jobLineId! < y.line.jobLineId! ? -1 : 1));
  for (const { line } of waiting) {
    const jobLine = await tx.jobLine.findFirst({ where: { id: line.jobLineId! }, select: { quantityMilli: true } });
    const total = receivedNow.get(line.id)!;
    if (jobLine && (total >= jobLine.quantityMilli || total === line.quantityMilli)) {
      await tx.jobLine.updateMany({ where: { id: line.jobLineId!, partStatus: { in: ["NEEDED", "ORDERED"] } }, data: { partStatus: "RECEIVED" } });
    }
  }
  for (const { line, milli } of [...receipts].sort((x, y) => (x.line.partId === y.line.partId ? 0 : x.line.partId < y.line.partId ? -1 : 1))) {
    await moveStock(tx, {
      locationId: order.locationId, partId: line.partId, kind: "RECEIVED", quantityMilli: milli,
      unitCostMinor: line.unitCostMinor, purchaseOrderLineId: line.id, userId: ctx.userId,
    });
  }
  const complete = lines.every((line) => (receivedNow.get(line.id) ?? line.receivedMilli) === line.quantityMilli);
  const status = complete ? "RECEIVED" : "PARTIALLY_RECEIVED";
  await tx.purchaseOrder.update({ where: { organizationId_id: { organizationId: ctx.orgId, id: order.id } }, data: { status } });
  await audit(tx, actorOf(ctx), "purchaseOrder.receive", { type: "PurchaseOrder", id: order.id }, {
    number: order.number, from: order.status, to: status, lines: receipts.map(({ line, milli }) => ({ lineId: line.id, quantityMilli: milli })),
  });
  return { status, received: receipts.map(({ line, milli }) => ({ lineId: line.id, quantityMilli: milli })) };
}

export async function receivePurchaseOrder(ctx: OrgContext, input: ReceiveInput) {
  await authorize(ctx, "purchaseOrder.manage");
  return withTenant(ctx.orgId, (tx) => receive(ctx, tx, input.purchaseOrderId, () => input.quantities));
}

/** "Everything arrived": whatever is still outstanding on every line, as read under the order's lock. */
export async function receiveEverything(ctx: OrgContext, purchaseOrderId: string) {
  await authorize(ctx, "purchaseOrder.manage");
  return withTenant(ctx.orgId, (tx) =>
    receive(ctx, tx, purchaseOrderId, (lines) =>
      Object.fromEntries(lines.filter((line) => line.receivedMilli < line.quantityMilli).map((line) => [line.id, String((line.quantityMilli - line.receivedMilli) / 1000)])),
    ),
  );
}
