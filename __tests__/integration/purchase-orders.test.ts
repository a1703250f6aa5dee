// Suppliers and purchase orders: numbered per workshop even when opened at
// once, drafts edited then locked once ordered, deliveries booked in part or
// whole but never past what was ordered (racing receipts included), the repair
// order line waiting for a part, cancelling, the low stock one click; a
// technician cannot purchase; workshop B's attacks.
import { db, withTenant } from "@/lib/db";
import type { OrgContext } from "@/lib/org/context";
import { adjustStock } from "@/lib/parts/adjust-stock";
import { createPart } from "@/lib/parts/save-part";
import { setPartStatus } from "@/lib/parts/set-part-status";
import { addLowStockToDraft } from "@/lib/purchase-orders/add-low-stock-to-draft";
import { cancelPurchaseOrder, markPurchaseOrderOrdered } from "@/lib/purchase-orders/change-purchase-order-status";
import { createPurchaseOrder } from "@/lib/purchase-orders/create-purchase-order";
import { getPurchaseOrder, listPurchaseOrders } from "@/lib/purchase-orders/list-purchase-orders";
import { addPurchaseOrderLine, removePurchaseOrderLine, updatePurchaseOrderLine } from "@/lib/purchase-orders/purchase-order-lines";
import { receiveEverything, receivePurchaseOrder } from "@/lib/purchase-orders/receive-purchase-order";
import { waitingPartLines } from "@/lib/purchase-orders/waiting-part-lines";
import { getSupplier, listSuppliers } from "@/lib/suppliers/list-suppliers";
import { createSupplier, updateSupplier } from "@/lib/suppliers/save-supplier";
import { contextFor, joinWorkshop, signUp } from "../support/accounts";
import { balanceAndLedger, firstLocationId, orderWithPartLine, workshopSnapshot } from "../support/stock";
import { createTestDatabase, type TestDatabase } from "../support/test-database";

let database: TestDatabase;
let a: OrgContext;
let b: OrgContext;
let technician: OrgContext;
let locationA: string;
let locationB: string;
let supplierA: { id: string };

beforeAll(async () => {
  database = await createTestDatabase({ poolSize: 12 });
  const first = await signUp("po-a");
  const second = await signUp("po-b");
  a = await contextFor(first.userId, first.orgSlug);
  b = await contextFor(second.userId, second.orgSlug);
  await db().organization.updateMany({ where: { id: { in: [a.orgId, b.orgId] } }, data: { plan: "PROFESSIONAL" } });
  technician = await joinWorkshop(a, "TECHNICIAN", "po-tech");
  locationA = await firstLocationId(database.superuser, a.orgId);
  locationB = await firstLocationId(database.superuser, b.orgId);
  supplierA = await createSupplier(a, { name: "Euro Car Parts", email: "Trade@Example.test", accountNumber: "ECP-0042" });
});

afterAll(() => database.drop());

let skus = 0;
const part = (ctx: OrgContext, fields: Record<string, string> = {}) =>
  createPart(ctx, { sku: `PO-${(skus += 1)}`, description: "Oil filter", cost: "4.20", priceRule: "MARKUP", markup: "40", ...fields });

/** An ordered purchase order from supplier A to location A, one line per [partId, quantity, jobLineId?]. */
async function orderedPo(lines: Array<[string, string, string?]>) {
  const order = await createPurchaseOrder(a, { supplierId: supplierA.id, locationId: locationA });
  const added = [];
  for (const [partId, quantity, jobLineId] of lines) added.push(await addPurchaseOrderLine(a, { purchaseOrderId: order.id, partId, quantity, ...(jobLineId ? { jobLineId } : {}) }));
  await markPurchaseOrderOrdered(a, order.id);
  return { order, lines: added };
}

const poState = async (id: string) => {
  const order = await getPurchaseOrder(a, id);
  return { status: order.status, received: order.lines.map((line) => line.receivedMilli) };
};

async function auditCount(orgId: string) {
  const { rows } = await database.superuser.query<{ n: string }>(`SELECT count(*) AS n FROM "AuditLog" WHERE "organizationId" = $1`, [orgId]);
  return Number(rows[0]!.n);
}

test("suppliers are added and edited with field errors; a duplicate name is refused", async () => {
  const supplier = await createSupplier(a, { name: "GSF Car Parts", phone: "0113 496 0000" });
  await expect(createSupplier(a, { name: "GSF Car Parts" })).rejects.toMatchObject({ code: "CONFLICT", fields: { name: expect.stringContaining("already") } });
  await expect(createSupplier(a, { name: "", email: "not-an-email" })).rejects.toMatchObject({ fields: { name: expect.any(String), email: "Enter a valid email address." } });
  await updateSupplier(a, supplier.id, { name: "GSF Car Parts Leeds", phone: "0113 496 0001", accountNumber: "GSF-7" });
  expect(await getSupplier(a, supplier.id)).toMatchObject({ name: "GSF Car Parts Leeds", accountNumber: "GSF-7", email: null });
  expect((await listSuppliers(a)).map((s) => s.name)).toEqual(expect.arrayContaining(["Euro Car Parts", "GSF Car Parts Leeds"]));
  // Another workshop may use the same name for its own supplier.
  await expect(createSupplier(b, { name: "GSF Car Parts Leeds" })).resolves.toMatchObject({ name: "GSF Car Parts Leeds" });
});

test("twelve purchase orders opened at once are numbered 1 to 12; another workshop counts on its own", async () => {
  const orders = await Promise.all(Array.from({ length: 12 }, () => createPurchaseOrder(a, { supplierId: supplierA.id, locationId: locationA })));
  expect(orders.map((o) => o.number).sort((x, y) => x - y)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
  const supplierB = await createSupplier(b, { name: "B Factors" });
  expect((await createPurchaseOrder(b, { supplierId: supplierB.id, locationId: locationB })).number).toBe(1);
  // A refused opening gives its number back.
  await expect(createPurchaseOrder(a, { supplierId: supplierA.id, locationId: "00000000-0000-0000-0000-000000000000" })).rejects.toMatchObject({ code: "NOT_FOUND" });
  expect((await createPurchaseOrder(a, { supplierId: supplierA.id, locationId: locationA })).number).toBe(13);
  for (const order of orders) await cancelPurchaseOrder(a, order.id);
});

test("draft lines are added, changed and removed; once ordered the lines are locked", async () => {
  const filter = await part(a);
  const order = await createPurchaseOrder(a, { supplierId: supplierA.id, locationId: locationA });
  await expect(markPurchaseOrderOrdered(a, order.id)).rejects.toMatchObject({ code: "CONFLICT", message: expect.stringContaining("no lines") });
  const line = await addPurchaseOrderLine(a, { purchaseOrderId: order.id, partId: filter.id, quantity: "4" });
  expect([line.quantityMilli, line.unitCostMinor]).toEqual([4000, 420]);
  const extra = await addPurchaseOrderLine(a, { purchaseOrderId: order.id, partId: filter.id, quantity: "1", unitCost: "3.99" });
  await updatePurchaseOrderLine(a, { lineId: line.id, quantity: "6", unitCost: "4.05" });
  await removePurchaseOrderLine(a, extra.id);
  await expect(addPurchaseOrderLine(a, { purchaseOrderId: order.id, partId: filter.id, quantity: "0" })).rejects.toMatchObject({ fields: { quantity: expect.any(String) } });
  await markPurchaseOrderOrdered(a, order.id);

  const before = { po: await getPurchaseOrder(a, order.id), audits: await auditCount(a.orgId) };
  expect(before.po.lines.map((l) => [l.quantityMilli, l.unitCostMinor])).toEqual([[6000, 405]]);
  expect(before.po.orderedAt).toBeInstanceOf(Date);
  const locked = expect.objectContaining({ code: "CONFLICT", message: expect.stringContaining("can no longer change") });
  await expect(addPurchaseOrderLine(a, { purchaseOrderId: order.id, partId: filter.id, quantity: "1" })).rejects.toEqual(locked);
  await expect(updatePurchaseOrderLine(a, { lineId: line.id, quantity: "1", unitCost: "0" })).rejects.toEqual(locked);
  await expect(removePurchaseOrderLine(a, line.id)).rejects.toEqual(locked);
  await expect(markPurchaseOrderOrdered(a, order.id)).rejects.toEqual(locked);
  expect(await getPurchaseOrder(a, order.id)).toEqual(before.po);
  expect(await auditCount(a.orgId)).toBe(before.audits);
});

test("a delivery in part, then too many (refused, nothing changed), then the rest: stock, ledger and status follow", async () => {
  const pads = await part(a, { sku: "RECV-PADS" });
  const discs = await part(a, { sku: "RECV-DISCS" });
  const { order, lines: [padLine, discLine] } = await orderedPo([[pads.id, "4"], [discs.id, "2"]]);
  await expect(receivePurchaseOrder(a, { purchaseOrderId: order.id, quantities: { [padLine!.id]: "2" } })).resolves.toMatchObject({ status: "PARTIALLY_RECEIVED" });
  expect(await poState(order.id)).toEqual({ status: "PARTIALLY_RECEIVED", received: [2000, 0] });

  const before = { po: await poState(order.id), stock: await balanceAndLedger(database.superuser, a.orgId, pads.id, locationA), audits: await auditCount(a.orgId) };
  await expect(receivePurchaseOrder(a, { purchaseOrderId: order.id, quantities: { [padLine!.id]: "3", [discLine!.id]: "1" } })).rejects.toMatchObject({
    code: "VALIDATION_FAILED", fields: { [`receive_${padLine!.id}`]: "Only 2 more were ordered." },
  });
  await expect(receivePurchaseOrder(a, { purchaseOrderId: order.id, quantities: { [padLine!.id]: "", [discLine!.id]: " " } })).rejects.toMatchObject({ message: "Enter how many of each part arrived." });
  await expect(receivePurchaseOrder(a, { purchaseOrderId: order.id, quantities: { [discLine!.id]: "-1" } })).rejects.toMatchObject({ fields: { [`receive_${discLine!.id}`]: expect.any(String) } });
  expect(await poState(order.id)).toEqual(before.po);
  expect(await balanceAndLedger(database.superuser, a.orgId, pads.id, locationA)).toEqual(before.stock);
  expect(await balanceAndLedger(database.superuser, a.orgId, discs.id, locationA)).toEqual({ onHandMilli: 0, ledgerMilli: 0, movements: 0 });
  expect(await auditCount(a.orgId)).toBe(before.audits);

  await expect(receiveEverything(a, order.id)).resolves.toMatchObject({ status: "RECEIVED" });
  expect(await poState(order.id)).toEqual({ status: "RECEIVED", received: [4000, 2000] });
  expect(await balanceAndLedger(database.superuser, a.orgId, pads.id, locationA)).toEqual({ onHandMilli: 4000, ledgerMilli: 4000, movements: 2 });
  expect(await balanceAndLedger(database.superuser, a.orgId, discs.id, locationA)).toEqual({ onHandMilli: 2000, ledgerMilli: 2000, movements: 1 });
  const { rows } = await database.superuser.query(`SELECT kind, "unitCostMinor", "purchaseOrderLineId" FROM "StockMovement" WHERE "partId" = $1 ORDER BY "createdAt"`, [pads.id]);
  expect(rows).toEqual([{ kind: "RECEIVED", unitCostMinor: 420, purchaseOrderLineId: padLine!.id }, { kind: "RECEIVED", unitCostMinor: 420, purchaseOrderLineId: padLine!.id }]);
  await expect(receivePurchaseOrder(a, { purchaseOrderId: order.id, quantities: { [padLine!.id]: "1" } })).rejects.toMatchObject({ code: "CONFLICT", message: expect.stringContaining("no more deliveries") });
  // And the database refuses an over-receipt whoever asks.
  await expect(database.superuser.query(`UPDATE "PurchaseOrderLine" SET "receivedMilli" = 5000 WHERE id = $1`, [padLine!.id])).rejects.toThrow(/PurchaseOrderLine_quantities/);
});

test("a draft cannot take deliveries", async () => {
  const order = await createPurchaseOrder(a, { supplierId: supplierA.id, locationId: locationA });
  const line = await addPurchaseOrderLine(a, { purchaseOrderId: order.id, partId: (await part(a)).id, quantity: "1" });
  await expect(receivePurchaseOrder(a, { purchaseOrderId: order.id, quantities: { [line.id]: "1" } })).rejects.toMatchObject({ code: "CONFLICT", message: expect.stringContaining("mark it ordered") });
});

test("racing receipts on one line never receive more than was ordered", async () => {
  const bulbs = await part(a, { sku: "RACE-BULB" });
  const { order, lines: [line] } = await orderedPo([[bulbs.id, "5"]]);
  const ones = await Promise.allSettled(Array.from({ length: 8 }, () => receivePurchaseOrder(a, { purchaseOrderId: order.id, quantities: { [line!.id]: "1" } })));
  expect(ones.filter((r) => r.status === "fulfilled")).toHaveLength(5);
  for (const refusal of ones.filter((r): r is PromiseRejectedResult => r.status === "rejected")) expect(refusal.reason).toMatchObject({ code: expect.stringMatching(/VALIDATION_FAILED|CONFLICT/) });
  expect(await poState(order.id)).toEqual({ status: "RECEIVED", received: [5000] });
  expect(await balanceAndLedger(database.superuser, a.orgId, bulbs.id, locationA)).toEqual({ onHandMilli: 5000, ledgerMilli: 5000, movements: 5 });

  const second = await orderedPo([[bulbs.id, "5"]]);
  const threes = await Promise.allSettled([0, 1].map(() => receivePurchaseOrder(a, { purchaseOrderId: second.order.id, quantities: { [second.lines[0]!.id]: "3" } })));
  expect(threes.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);
  expect(await poState(second.order.id)).toEqual({ status: "PARTIALLY_RECEIVED", received: [3000] });
  expect(await balanceAndLedger(database.superuser, a.orgId, bulbs.id, locationA)).toEqual({ onHandMilli: 8000, ledgerMilli: 8000, movements: 6 });
});

test("the repair order line waiting for a part is ordered with the purchase order and received when its quantity is in", async () => {
  const pump = await part(a, { sku: "WATER-PUMP" });
  const { line: jobLine } = await orderWithPartLine(a, pump.id, "2");
  expect((await waitingPartLines(a)).map((l) => l.id)).toContain(jobLine.id);
  const { order, lines: [poLine] } = await orderedPo([[pump.id, "3", jobLine.id]]);
  const status = async () => (await withTenant(a.orgId, (tx) => tx.jobLine.findFirstOrThrow({ where: { id: jobLine.id } }))).partStatus;
  expect(await status()).toBe("ORDERED");
  expect((await waitingPartLines(a)).map((l) => l.id)).not.toContain(jobLine.id);
  await receivePurchaseOrder(a, { purchaseOrderId: order.id, quantities: { [poLine!.id]: "1" } });
  expect(await status()).toBe("ORDERED");
  await receivePurchaseOrder(a, { purchaseOrderId: order.id, quantities: { [poLine!.id]: "1" } });
  expect(await status()).toBe("RECEIVED");
  // Then it is fitted from the stock the delivery put on the shelf.
  await setPartStatus(a, { jobLineId: jobLine.id, partStatus: "FITTED" });
  expect(await balanceAndLedger(database.superuser, a.orgId, pump.id, locationA)).toMatchObject({ onHandMilli: 0, ledgerMilli: 0 });

  // A line for another part, or one already fitted, cannot be the one waiting.
  const draft = await createPurchaseOrder(a, { supplierId: supplierA.id, locationId: locationA });
  await expect(addPurchaseOrderLine(a, { purchaseOrderId: draft.id, partId: (await part(a)).id, quantity: "1", jobLineId: jobLine.id })).rejects.toMatchObject({ fields: { jobLineId: "Choose a line for this part." } });
  await expect(addPurchaseOrderLine(a, { purchaseOrderId: draft.id, partId: pump.id, quantity: "1", jobLineId: jobLine.id })).rejects.toMatchObject({ fields: { jobLineId: "That part is already fitted." } });
});

test("a draft, or an order with nothing received, can be cancelled; a delivery already booked cannot", async () => {
  const belt = await part(a);
  const draft = await createPurchaseOrder(a, { supplierId: supplierA.id, locationId: locationA });
  await cancelPurchaseOrder(a, draft.id);
  expect((await getPurchaseOrder(a, draft.id)).status).toBe("CANCELLED");

  const { line: jobLine } = await orderWithPartLine(a, belt.id);
  const ordered = await orderedPo([[belt.id, "2", jobLine.id]]);
  await cancelPurchaseOrder(a, ordered.order.id);
  expect((await getPurchaseOrder(a, ordered.order.id)).status).toBe("CANCELLED");
  // The repair order line is needed again, and free for another purchase order.
  expect((await withTenant(a.orgId, (tx) => tx.jobLine.findFirstOrThrow({ where: { id: jobLine.id } }))).partStatus).toBe("NEEDED");
  await expect(receiveEverything(a, ordered.order.id)).rejects.toMatchObject({ code: "CONFLICT" });
  await expect(cancelPurchaseOrder(a, ordered.order.id)).rejects.toMatchObject({ code: "CONFLICT" });

  const partly = await orderedPo([[belt.id, "2"]]);
  await receivePurchaseOrder(a, { purchaseOrderId: partly.order.id, quantities: { [partly.lines[0]!.id]: "1" } });
  await expect(cancelPurchaseOrder(a, partly.order.id)).rejects.toMatchObject({ code: "CONFLICT", message: expect.stringContaining("partly received") });
  await receiveEverything(a, partly.order.id);
  await expect(cancelPurchaseOrder(a, partly.order.id)).rejects.toMatchObject({ code: "CONFLICT" });
  expect((await getPurchaseOrder(a, partly.order.id)).status).toBe("RECEIVED");
  expect((await listPurchaseOrders(a, { status: "CANCELLED" })).map((o) => o.id)).toEqual(expect.arrayContaining([draft.id, ordered.order.id]));
});

test("low stock goes onto the default supplier's draft for that location in one click, once", async () => {
  const supplier = await createSupplier(a, { name: "Low Stock Motor Factors" });
  const wipers = await part(a, { sku: "LOW-WIPER", reorderLevel: "3", defaultSupplierId: supplier.id });
  const orphan = await part(a, { sku: "LOW-ORPHAN", reorderLevel: "3" });
  await adjustStock(a, { partId: wipers.id, locationId: locationA, change: "+1", note: "count" });
  const first = await addLowStockToDraft(a, { partId: wipers.id, locationId: locationA });
  expect(first.purchaseOrder).toMatchObject({ status: "DRAFT", supplierId: supplier.id, locationId: locationA });
  // Twice the reorder level (6) less the one on hand.
  expect([first.line.partId, first.line.quantityMilli, first.line.unitCostMinor]).toEqual([wipers.id, 5000, 420]);
  await expect(addLowStockToDraft(a, { partId: wipers.id, locationId: locationA })).rejects.toMatchObject({ code: "CONFLICT", message: expect.stringContaining("already on draft purchase order") });
  await expect(addLowStockToDraft(a, { partId: orphan.id, locationId: locationA })).rejects.toMatchObject({ message: expect.stringContaining("no default supplier") });
  // Another low part for the same supplier joins the same draft.
  const mats = await part(a, { sku: "LOW-MATS", reorderLevel: "1", defaultSupplierId: supplier.id });
  const second = await addLowStockToDraft(a, { partId: mats.id, locationId: locationA });
  expect(second.purchaseOrder.id).toBe(first.purchaseOrder.id);
  expect((await getPurchaseOrder(a, first.purchaseOrder.id)).lines.map((l) => l.part.sku)).toEqual(["LOW-WIPER", "LOW-MATS"]);
});

test("a technician reads parts but cannot see suppliers or open, change or receive purchase orders", async () => {
  const { order, lines: [line] } = await orderedPo([[(await part(a)).id, "1"]]);
  const before = { po: await poState(order.id) };
  const forbidden: Array<[string, () => Promise<unknown>]> = [
    ["list suppliers", () => listSuppliers(technician)],
    ["add a supplier", () => createSupplier(technician, { name: "Tech's mate" })],
    ["edit a supplier", () => updateSupplier(technician, supplierA.id, { name: "Renamed" })],
    ["list purchase orders", () => listPurchaseOrders(technician)],
    ["open one", () => getPurchaseOrder(technician, order.id)],
    ["open a new one", () => createPurchaseOrder(technician, { supplierId: supplierA.id, locationId: locationA })],
    ["receive", () => receivePurchaseOrder(technician, { purchaseOrderId: order.id, quantities: { [line!.id]: "1" } })],
    ["receive everything", () => receiveEverything(technician, order.id)],
    ["cancel", () => cancelPurchaseOrder(technician, order.id)],
    ["low stock to draft", () => addLowStockToDraft(technician, { partId: line!.partId, locationId: locationA })],
  ];
  const outcomes: Array<[string, unknown]> = [];
  for (const [name, attempt] of forbidden) outcomes.push([name, await attempt().then(() => "allowed", (error: { code?: string }) => error.code)]);
  expect(outcomes).toEqual(forbidden.map(([name]) => [name, "FORBIDDEN"]));
  expect(await poState(order.id)).toEqual(before.po);
  const { rows } = await database.superuser.query(`SELECT count(*)::int AS n FROM "AuditLog" WHERE "organizationId" = $1 AND action = 'PERMISSION_DENIED' AND "actorUserId" = $2`, [a.orgId, technician.userId]);
  expect(rows[0].n).toBe(forbidden.length);
});

test("workshop B's supplier, purchase order, line, part, location and job line ids, or malformed ones, are not found by A, and nothing changes", async () => {
  const supplierB = await createSupplier(b, { name: "B Only Supplier" });
  const partB = await part(b, { defaultSupplierId: supplierB.id, reorderLevel: "2" });
  const jobLineB = (await orderWithPartLine(b, partB.id)).line;
  const draftB = await createPurchaseOrder(b, { supplierId: supplierB.id, locationId: locationB });
  const draftLineB = await addPurchaseOrderLine(b, { purchaseOrderId: draftB.id, partId: partB.id, quantity: "2" });
  const orderedB = await createPurchaseOrder(b, { supplierId: supplierB.id, locationId: locationB });
  const orderedLineB = await addPurchaseOrderLine(b, { purchaseOrderId: orderedB.id, partId: partB.id, quantity: "2", jobLineId: jobLineB.id });
  await markPurchaseOrderOrdered(b, orderedB.id);

  const partA = await part(a);
  const draftA = await createPurchaseOrder(a, { supplierId: supplierA.id, locationId: locationA });
  const { order: orderedA } = await orderedPo([[partA.id, "2"]]);
  const before = { b: await workshopSnapshot(database.superuser, b.orgId), draftA: await getPurchaseOrder(a, draftA.id), orderedA: await getPurchaseOrder(a, orderedA.id) };

  const attacks: Array<[string, () => Promise<unknown>]> = [
    ["read B's supplier", () => getSupplier(a, supplierB.id)],
    ["edit B's supplier", () => updateSupplier(a, supplierB.id, { name: "Mine now" })],
    ["order from B's supplier", () => createPurchaseOrder(a, { supplierId: supplierB.id, locationId: locationA })],
    ["deliver to B's location", () => createPurchaseOrder(a, { supplierId: supplierA.id, locationId: locationB })],
    ["read B's purchase order", () => getPurchaseOrder(a, orderedB.id)],
    ["add a line to B's draft", () => addPurchaseOrderLine(a, { purchaseOrderId: draftB.id, partId: partA.id, quantity: "1" })],
    ["put B's part on A's draft", () => addPurchaseOrderLine(a, { purchaseOrderId: draftA.id, partId: partB.id, quantity: "1" })],
    ["wait with B's job line", () => addPurchaseOrderLine(a, { purchaseOrderId: draftA.id, partId: partA.id, quantity: "1", jobLineId: jobLineB.id })],
    ["change B's line", () => updatePurchaseOrderLine(a, { lineId: draftLineB.id, quantity: "9", unitCost: "0" })],
    ["remove B's line", () => removePurchaseOrderLine(a, draftLineB.id)],
    ["send B's draft", () => markPurchaseOrderOrdered(a, draftB.id)],
    ["cancel B's order", () => cancelPurchaseOrder(a, orderedB.id)],
    ["receive B's order", () => receivePurchaseOrder(a, { purchaseOrderId: orderedB.id, quantities: { [orderedLineB.id]: "2" } })],
    ["receive B's line on A's order", () => receivePurchaseOrder(a, { purchaseOrderId: orderedA.id, quantities: { [orderedLineB.id]: "2" } })],
    ["receive everything on B's order", () => receiveEverything(a, orderedB.id)],
    ["low stock with B's part", () => addLowStockToDraft(a, { partId: partB.id, locationId: locationA })],
    ["low stock at B's location", () => addLowStockToDraft(a, { partId: partA.id, locationId: locationB })],
    ["malformed purchase order id", () => getPurchaseOrder(a, "PO-1")],
    ["malformed line id", () => removePurchaseOrderLine(a, "'; DROP TABLE x; --")],
    ["malformed supplier id", () => createPurchaseOrder(a, { supplierId: "1", locationId: locationA })],
    ["malformed receive line id", () => receivePurchaseOrder(a, { purchaseOrderId: orderedA.id, quantities: { nope: "1" } })],
  ];
  const outcomes: Array<[string, unknown]> = [];
  for (const [name, attack] of attacks) outcomes.push([name, await attack().then(() => "changed", (error: { code?: string }) => error.code)]);
  expect(outcomes).toEqual(attacks.map(([name]) => [name, "NOT_FOUND"]));
  expect(await workshopSnapshot(database.superuser, b.orgId)).toEqual(before.b);
  expect(await getPurchaseOrder(a, draftA.id)).toEqual(before.draftA);
  expect(await getPurchaseOrder(a, orderedA.id)).toEqual(before.orderedA);
});
