// Parts catalogue and the stock ledger: prices from the part's rule, a running
// balance that always equals the sum of its movements, never below zero even
// when technicians fit the last unit at the same moment; workshop B's attacks.
import { navFor } from "@/components/shell/app-shell";
import { recordApproval } from "@/lib/approvals/record-approval";
import { db, withTenant } from "@/lib/db";
import type { OrgContext } from "@/lib/org/context";
import { adjustStock } from "@/lib/parts/adjust-stock";
import { getPart } from "@/lib/parts/get-part";
import { apiErrorResponse } from "@/lib/api/api-error";
import { failureState } from "@/lib/forms/form-state";
import { listParts } from "@/lib/parts/list-parts";
import { listLowStock } from "@/lib/parts/low-stock";
import { createPart, updatePart } from "@/lib/parts/save-part";
import { setPartStatus } from "@/lib/parts/set-part-status";
import { can } from "@/lib/rbac";
import { createSupplier } from "@/lib/suppliers/save-supplier";
import { assignTechnician } from "@/lib/repair-orders/assign-technician";
import { addJob, addLine, ZAddLine } from "@/lib/repair-orders/edit-jobs";
import { repairOrderView } from "@/lib/repair-orders/repair-order-view";
import { contextFor, joinWorkshop, signUp } from "../support/accounts";
import { balanceAndLedger, firstLocationId, orderWithPartLine, workshopSnapshot } from "../support/stock";
import { createTestDatabase, type TestDatabase } from "../support/test-database";

let database: TestDatabase;
let a: OrgContext;
let b: OrgContext;
let technician: OrgContext;
let secondTechnician: OrgContext;
let locationA: string;
let locationB: string;

beforeAll(async () => {
  database = await createTestDatabase({ poolSize: 12 });
  const first = await signUp("parts-a");
  const second = await signUp("parts-b");
  a = await contextFor(first.userId, first.orgSlug);
  b = await contextFor(second.userId, second.orgSlug);
  await db().organization.updateMany({ where: { id: { in: [a.orgId, b.orgId] } }, data: { plan: "PROFESSIONAL" } });
  technician = await joinWorkshop(a, "TECHNICIAN", "parts-tech-1");
  secondTechnician = await joinWorkshop(a, "TECHNICIAN", "parts-tech-2");
  locationA = await firstLocationId(database.superuser, a.orgId);
  locationB = await firstLocationId(database.superuser, b.orgId);
});

afterAll(() => database.drop());

let skus = 0;
const part = (ctx: OrgContext, fields: Record<string, string> = {}) =>
  createPart(ctx, { sku: `SKU-${(skus += 1)}`, description: "Brake pad set", cost: "20", priceRule: "FIXED", price: "45.99", ...fields });

const stockUp = (ctx: OrgContext, partId: string, locationId: string, change: string) =>
  adjustStock(ctx, { partId, locationId, change, note: "stock take" });

async function auditCount(orgId: string) {
  const { rows } = await database.superuser.query<{ n: string }>(`SELECT count(*) AS n FROM "AuditLog" WHERE "organizationId" = $1`, [orgId]);
  return Number(rows[0]!.n);
}

test("a markup price is cost plus markup in whole minor units, halves rounded up, and a catalogue line takes it with the cost", async () => {
  const pads = await part(a, { sku: "pad-19", cost: "19.99", priceRule: "MARKUP", markup: "25", price: "" });
  const washer = await part(a, { cost: "0.02", priceRule: "MARKUP", markup: "25", price: "" });
  const filter = await part(a, { cost: "10.01", priceRule: "MARKUP", markup: "50", price: "" });
  const fixed = await part(a, { cost: "3", price: "7.50" });
  const { parts } = await listParts(a);
  const price = (id: string) => parts.find((p) => p.id === id)!.sellingPriceMinor;
  // 19.99 x 1.25 = 24.9875 -> 24.99; 0.02 x 1.25 = 0.025 -> 0.03 (half up); 10.01 x 1.5 = 15.015 -> 15.02.
  expect([price(pads.id), price(washer.id), price(filter.id), price(fixed.id)]).toEqual([2499, 3, 1502, 750]);
  expect(pads.sku).toBe("PAD-19");
  expect([pads.priceMinor, pads.markupBp, fixed.priceMinor, fixed.markupBp]).toEqual([null, 2500, 750, null]);

  const { order, line } = await orderWithPartLine(a, pads.id, "2");
  expect([line.partId, line.unitPriceMinor, line.unitCostMinor, line.partStatus, line.description]).toEqual([pads.id, 2499, 1999, "NEEDED", "Brake pad set (PAD-19)"]);
  expect((await repairOrderView(a, order.id)).totals.gross).toBe(4998);

  // The database keeps exactly one price rule, whatever the app does.
  await expect(database.superuser.query(`UPDATE "Part" SET "priceMinor" = 100 WHERE id = $1`, [pads.id])).rejects.toThrow(/Part_one_price_rule/);
});

test("the part form refuses a missing price, a duplicate SKU and a retired part on a repair order, changing nothing", async () => {
  const existing = await part(a, { sku: "DUP-1" });
  const before = await auditCount(a.orgId);
  await expect(part(a, { sku: "dup-1" })).rejects.toMatchObject({ code: "CONFLICT", fields: { sku: expect.stringContaining("SKU") } });
  await expect(part(a, { priceRule: "FIXED", price: "" })).rejects.toMatchObject({ code: "VALIDATION_FAILED", fields: { price: "Enter the selling price." } });
  await expect(part(a, { priceRule: "MARKUP", price: "", markup: "" })).rejects.toMatchObject({ fields: { markup: "Enter the markup on cost." } });
  await expect(part(a, { cost: "1.999" })).rejects.toMatchObject({ fields: { cost: expect.stringContaining("two decimals") } });
  await expect(part(a, { reorderLevel: "-1" })).rejects.toMatchObject({ fields: { reorderLevel: expect.any(String) } });
  expect(await auditCount(a.orgId)).toBe(before);
  expect((await listParts(a, { q: "dup-1" })).parts.map((p) => p.id)).toEqual([existing.id]);

  await updatePart(a, existing.id, { sku: "DUP-1", description: "Old pads", cost: "20", priceRule: "FIXED", price: "45.99", active: "false" });
  const job = await addJob(a, { repairOrderId: (await orderWithPartLine(a, (await part(a)).id)).order.id, title: "More" });
  await expect(addLine(a, ZAddLine.parse({ jobId: job.id, kind: "PART", partId: existing.id, quantity: "1" }))).rejects.toMatchObject({ fields: { partId: "That part is no longer stocked." } });
  expect(ZAddLine.safeParse({ jobId: job.id, kind: "LABOUR", partId: existing.id, quantity: "1" }).success).toBe(false);
});

test("the catalogue is searched by SKU or description; a technician reads it but cannot add or change parts", async () => {
  const wiper = await part(a, { sku: "WB-600", description: "Wiper blade 600 mm" });
  const bulb = await part(a, { sku: "H7-55", description: "Headlamp bulb H7" });
  expect((await listParts(a, { q: "wb-6" })).parts.map((p) => p.id)).toEqual([wiper.id]);
  expect((await listParts(a, { q: "headlamp" })).parts.map((p) => p.id)).toEqual([bulb.id]);
  expect((await listParts(technician, { q: "wiper" })).parts.map((p) => p.id)).toEqual([wiper.id]);
  expect((await getPart(technician, wiper.id)).part.sku).toBe("WB-600");
  await expect(part(technician)).rejects.toMatchObject({ code: "FORBIDDEN" });
  await expect(updatePart(technician, wiper.id, { sku: "WB-600", description: "x", cost: "0", priceRule: "FIXED", price: "1" })).rejects.toMatchObject({ code: "FORBIDDEN" });
  await expect(stockUp(technician, wiper.id, locationA, "+5")).rejects.toMatchObject({ code: "FORBIDDEN" });
  // Parts in the navigation for the technician; purchasing is not.
  const nav = navFor(technician.orgSlug, (permission) => can(technician, permission)).map((item) => item.label);
  expect(nav).toContain("Parts");
  expect(nav).not.toContain("Purchase orders");
  expect(navFor(a.orgSlug, (permission) => can(a, permission)).map((item) => item.label)).toEqual(expect.arrayContaining(["Parts", "Purchase orders"]));
});

test("after adjustments, fitting and taking a part back, the balance is the sum of the ledger", async () => {
  const disc = await part(a, { sku: "DISC-1", cost: "28.10" });
  await stockUp(a, disc.id, locationA, "+10");
  const first = await orderWithPartLine(a, disc.id, "3");
  const second = await orderWithPartLine(a, disc.id, "1.5");
  const loose = await addLine(a, ZAddLine.parse({ jobId: first.job.id, kind: "PART", description: "Clip (not stocked)", quantity: "4", unitPrice: "1" }));
  await setPartStatus(a, { jobLineId: first.line.id, partStatus: "FITTED" });
  await setPartStatus(a, { jobLineId: second.line.id, partStatus: "FITTED" });
  await setPartStatus(a, { jobLineId: second.line.id, partStatus: "RECEIVED" });
  await stockUp(a, disc.id, locationA, "-2");
  // A part line without a catalogue part changes status and never touches stock.
  await setPartStatus(a, { jobLineId: loose.id, partStatus: "FITTED" });
  // Marking it fitted again is no second movement.
  expect(await setPartStatus(a, { jobLineId: first.line.id, partStatus: "FITTED" })).toEqual({ partStatus: "FITTED", changed: false });

  const { onHandMilli, ledgerMilli, movements } = await balanceAndLedger(database.superuser, a.orgId, disc.id, locationA);
  expect([onHandMilli, ledgerMilli, movements]).toEqual([10_000 - 3_000 - 1_500 + 1_500 - 2_000, 5_000, 5]);
  const { ledger, stock } = await getPart(a, disc.id);
  expect(ledger.map((m) => [m.kind, m.quantityMilli])).toEqual([["ADJUSTED", -2000], ["RETURNED", 1500], ["FITTED", -1500], ["FITTED", -3000], ["ADJUSTED", 10000]]);
  expect(ledger.find((m) => m.kind === "FITTED")!).toMatchObject({ jobLineId: second.line.id, unitCostMinor: 2810 });
  expect(stock).toEqual([{ id: locationA, name: expect.any(String), onHandMilli: 5000 }]);
  const lines = await withTenant(a.orgId, (tx) => tx.jobLine.findMany({ where: { id: { in: [first.line.id, second.line.id, loose.id] } }, orderBy: { createdAt: "asc" } }));
  expect(lines.map((l) => l.partStatus)).toEqual(["FITTED", "RECEIVED", "FITTED"]);
});

test("stock never goes below zero: an adjustment or a fit for more than is on hand is refused and nothing changes", async () => {
  const oil = await part(a, { sku: "OIL-5W30" });
  await stockUp(a, oil.id, locationA, "+2");
  const { line } = await orderWithPartLine(a, oil.id, "3");
  const never = await part(a);
  const before = { ledger: await balanceAndLedger(database.superuser, a.orgId, oil.id, locationA), audits: await auditCount(a.orgId) };

  await expect(stockUp(a, oil.id, locationA, "-2.5")).rejects.toMatchObject({ code: "VALIDATION_FAILED", fields: { change: expect.stringContaining("Only 2 of OIL-5W30") } });
  await expect(setPartStatus(a, { jobLineId: line.id, partStatus: "FITTED" })).rejects.toMatchObject({ code: "CONFLICT", message: expect.stringContaining("Only 2 of OIL-5W30 in stock") });
  // A part never stocked at a location has nothing to take.
  await expect(stockUp(a, never.id, locationA, "-1")).rejects.toMatchObject({ fields: { change: expect.stringContaining("Only 0") } });

  expect(await balanceAndLedger(database.superuser, a.orgId, oil.id, locationA)).toEqual(before.ledger);
  expect(await auditCount(a.orgId)).toBe(before.audits);
  expect((await withTenant(a.orgId, (tx) => tx.jobLine.findFirstOrThrow({ where: { id: line.id } }))).partStatus).toBe("NEEDED");
  // And the database agrees even when asked directly.
  await expect(database.superuser.query(`UPDATE "StockLevel" SET "onHandMilli" = -1 WHERE "partId" = $1`, [oil.id])).rejects.toThrow(/StockLevel_not_negative/);
});

test("a stock adjustment needs a reason, a non-zero change and a real quantity", async () => {
  const belt = await part(a);
  const before = await auditCount(a.orgId);
  await expect(adjustStock(a, { partId: belt.id, locationId: locationA, change: "+3", note: "" })).rejects.toMatchObject({ code: "VALIDATION_FAILED", fields: { note: expect.stringContaining("why") } });
  await expect(adjustStock(a, { partId: belt.id, locationId: locationA, change: "0", note: "count" })).rejects.toMatchObject({ fields: { change: "The change cannot be zero." } });
  await expect(adjustStock(a, { partId: belt.id, locationId: locationA, change: "1.2345", note: "count" })).rejects.toMatchObject({ fields: { change: expect.any(String) } });
  expect(await balanceAndLedger(database.superuser, a.orgId, belt.id, locationA)).toEqual({ onHandMilli: 0, ledgerMilli: 0, movements: 0 });
  expect(await auditCount(a.orgId)).toBe(before);
  await adjustStock(a, { partId: belt.id, locationId: locationA, change: "+3", note: "Found on the shelf" });
  const { ledger } = await getPart(a, belt.id);
  expect(ledger.map((m) => [m.kind, m.quantityMilli, m.note, m.userId])).toEqual([["ADJUSTED", 3000, "Found on the shelf", a.userId]]);
});

test("two technicians fitting the last unit at the same moment: exactly one succeeds", async () => {
  const sensor = await part(a, { sku: "ABS-SENSOR" });
  await stockUp(a, sensor.id, locationA, "+1");
  const mine = await orderWithPartLine(a, sensor.id);
  const theirs = await orderWithPartLine(a, sensor.id);
  await assignTechnician(a, mine.order.id, technician.userId);
  await assignTechnician(a, theirs.order.id, secondTechnician.userId);
  const results = await Promise.allSettled([
    setPartStatus(technician, { jobLineId: mine.line.id, partStatus: "FITTED" }),
    setPartStatus(secondTechnician, { jobLineId: theirs.line.id, partStatus: "FITTED" }),
  ]);
  expect(results.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);
  expect((results.find((r) => r.status === "rejected") as PromiseRejectedResult).reason).toMatchObject({ code: "CONFLICT" });
  expect(await balanceAndLedger(database.superuser, a.orgId, sensor.id, locationA)).toEqual({ onHandMilli: 0, ledgerMilli: 0, movements: 2 });
});

test("eight fits at once against three in stock: three succeed and the balance is the sum of the ledger", async () => {
  const plug = await part(a, { sku: "SPARK-PLUG" });
  await stockUp(a, plug.id, locationA, "+3");
  const lines = [];
  for (let i = 0; i < 8; i += 1) lines.push((await orderWithPartLine(a, plug.id)).line);
  const results = await Promise.allSettled(lines.map((line) => setPartStatus(a, { jobLineId: line.id, partStatus: "FITTED" })));
  expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(3);
  for (const refusal of results.filter((r): r is PromiseRejectedResult => r.status === "rejected")) expect(refusal.reason).toMatchObject({ code: "CONFLICT" });
  const { onHandMilli, ledgerMilli } = await balanceAndLedger(database.superuser, a.orgId, plug.id, locationA);
  expect([onHandMilli, ledgerMilli]).toEqual([0, 0]);
  const fitted = await withTenant(a.orgId, (tx) => tx.jobLine.count({ where: { partId: plug.id, partStatus: "FITTED" } }));
  expect(fitted).toBe(3);
});

test("a technician fits parts only on repair orders they can see; a closed order's parts no longer change", async () => {
  const hose = await part(a);
  await stockUp(a, hose.id, locationA, "+5");
  const unassigned = await orderWithPartLine(a, hose.id);
  await expect(setPartStatus(technician, { jobLineId: unassigned.line.id, partStatus: "FITTED" })).rejects.toMatchObject({ code: "NOT_FOUND" });
  await assignTechnician(a, unassigned.order.id, technician.userId);
  await setPartStatus(technician, { jobLineId: unassigned.line.id, partStatus: "FITTED" });
  expect((await balanceAndLedger(database.superuser, a.orgId, hose.id, locationA)).onHandMilli).toBe(4000);
  await withTenant(a.orgId, (tx) => tx.repairOrder.updateMany({ where: { id: unassigned.order.id }, data: { status: "CLOSED" } }));
  await expect(setPartStatus(a, { jobLineId: unassigned.line.id, partStatus: "RECEIVED" })).rejects.toMatchObject({ code: "CONFLICT" });
  expect((await balanceAndLedger(database.superuser, a.orgId, hose.id, locationA)).onHandMilli).toBe(4000);
});

test("a part on a job the customer declined is not fitted", async () => {
  const shocks = await part(a);
  await stockUp(a, shocks.id, locationA, "+2");
  const { order, job, line } = await orderWithPartLine(a, shocks.id, "2");
  await recordApproval(a, { repairOrderId: order.id, approverName: "Pat Customer", channel: "PHONE" }, { [job.id]: "DECLINED" });
  await expect(setPartStatus(a, { jobLineId: line.id, partStatus: "FITTED" })).rejects.toMatchObject({ code: "CONFLICT", message: expect.stringContaining("declined") });
  expect(await balanceAndLedger(database.superuser, a.orgId, shocks.id, locationA)).toMatchObject({ onHandMilli: 2000, movements: 1 });
});

test("the low stock list shows parts at or below their reorder level per location, never those without one", async () => {
  const low = await part(a, { sku: "LOW-1", reorderLevel: "2" });
  const enough = await part(a, { sku: "LOW-2", reorderLevel: "2" });
  const never = await part(a, { sku: "LOW-3" });
  const empty = await part(a, { sku: "LOW-4", reorderLevel: "1" });
  await stockUp(a, low.id, locationA, "+1");
  await stockUp(a, enough.id, locationA, "+3");
  const rows = (await listLowStock(technician)).filter((row) => row.sku.startsWith("LOW-"));
  expect(rows.map((row) => [row.sku, row.location.id, row.onHandMilli, row.reorderLevelMilli, row.suggestedMilli])).toEqual([
    ["LOW-1", locationA, 1000, 2000, 3000],
    ["LOW-4", locationA, 0, 1000, 2000],
  ]);
  expect(rows.map((row) => row.partId)).not.toContain(never.id);
  expect(rows.map((row) => row.partId)).toContain(empty.id);
});

test("the stock ledger is append-only for the app", async () => {
  const cap = await part(a);
  await stockUp(a, cap.id, locationA, "+1");
  await expect(withTenant(a.orgId, (tx) => tx.$executeRaw`UPDATE "StockMovement" SET "quantityMilli" = 5000 WHERE "partId" = ${cap.id}::uuid`, { client: database.app }))
    .rejects.toThrow(/permission denied/);
  await expect(withTenant(a.orgId, (tx) => tx.$executeRaw`DELETE FROM "StockMovement" WHERE "partId" = ${cap.id}::uuid`, { client: database.app }))
    .rejects.toThrow(/permission denied/);
});

test("workshop B's part, location and job line ids, or malformed ones, are not found by A, and nothing changes", async () => {
  const theirSupplier = await createSupplier(b, { name: "B Motor Factors" });
  const theirs = await part(b, { sku: "B-ONLY", defaultSupplierId: theirSupplier.id });
  await stockUp(b, theirs.id, locationB, "+4");
  const theirLine = (await orderWithPartLine(b, theirs.id)).line;
  const mine = await part(a);
  const myJob = (await orderWithPartLine(a, mine.id)).job;
  const before = { b: await workshopSnapshot(database.superuser, b.orgId), a: await balanceAndLedger(database.superuser, a.orgId, mine.id, locationA) };

  const attacks: Array<[string, () => Promise<unknown>]> = [
    ["read B's part", () => getPart(a, theirs.id)],
    ["edit B's part", () => updatePart(a, theirs.id, { sku: "B-ONLY", description: "mine now", cost: "0", priceRule: "FIXED", price: "0" })],
    ["adjust B's part at A's location", () => stockUp(a, theirs.id, locationA, "+1")],
    ["adjust A's part at B's location", () => stockUp(a, mine.id, locationB, "+1")],
    ["take B's stock down", () => stockUp(a, theirs.id, locationB, "-4")],
    ["put B's part on A's repair order", () => addLine(a, ZAddLine.parse({ jobId: myJob.id, kind: "PART", partId: theirs.id, quantity: "1" }))],
    ["fit B's job line", () => setPartStatus(a, { jobLineId: theirLine.id, partStatus: "FITTED" })],
    ["part with B's supplier", () => part(a, { defaultSupplierId: theirSupplier.id })],
    ["malformed part id", () => getPart(a, "not-a-uuid")],
    ["malformed location id", () => stockUp(a, mine.id, "../etc", "+1")],
    ["malformed job line id", () => setPartStatus(a, { jobLineId: "42", partStatus: "FITTED" })],
  ];
  const outcomes: Array<[string, unknown]> = [];
  for (const [name, attack] of attacks) outcomes.push([name, await attack().then(() => "changed", (error: { code?: string }) => error.code)]);
  expect(outcomes).toEqual(attacks.map(([name]) => [name, "NOT_FOUND"]));
  expect(await workshopSnapshot(database.superuser, b.orgId)).toEqual(before.b);
  expect(await balanceAndLedger(database.superuser, a.orgId, mine.id, locationA)).toEqual(before.a);
});

test("stock that would overflow the balance is a clear refusal on the change, and nothing moves", async () => {
  const bolts = await part(a);
  await stockUp(a, bolts.id, locationA, "+999999");
  await stockUp(a, bolts.id, locationA, "+999999");
  const before = await balanceAndLedger(database.superuser, a.orgId, bolts.id, locationA);
  await expect(stockUp(a, bolts.id, locationA, "+999999")).rejects.toMatchObject({ code: "VALIDATION_FAILED", fields: { change: expect.stringContaining("more than 2,000,000") } });
  expect(await balanceAndLedger(database.superuser, a.orgId, bolts.id, locationA)).toEqual(before);
});

test("a markup whose selling price a repair order could not hold is a field error on the markup, and no part is saved", async () => {
  const before = await workshopSnapshot(database.superuser, a.orgId);
  await expect(part(a, { cost: "9999999.99", priceRule: "MARKUP", markup: "1000", price: "" })).rejects.toMatchObject({
    code: "VALIDATION_FAILED",
    fields: { markup: expect.stringContaining("most a part can sell for") },
  });
  expect(await workshopSnapshot(database.superuser, a.orgId)).toEqual(before);
  // The largest cost at 100 % still fits, so ordinary prices are untouched by the bound.
  await expect(part(a, { cost: "9999999.99", priceRule: "MARKUP", markup: "100", price: "" })).resolves.toMatchObject({ markupBp: 10_000 });
});

test("a number too large for its column, wherever the database still refuses one, reaches the user as a validation message", async () => {
  const overflow = await withTenant(a.orgId, (tx) => tx.$queryRaw`SELECT (2147483647::int4 + 1) AS n`).catch((error: unknown) => error);
  const state = failureState(overflow, new FormData());
  expect(state).toMatchObject({ ok: false, message: expect.stringContaining("too large") });
  const answer = apiErrorResponse(overflow, null, "req-1");
  expect(answer.status).toBe(400);
  expect(((await answer.json()) as { error: { code: string } }).error.code).toBe("VALIDATION_FAILED");
});

test("what the workshop pays for a part (cost, markup, the ledger's unit costs) is shown only to those who may change it", async () => {
  const filter = await part(a, { cost: "12.40", priceRule: "MARKUP", markup: "40", price: "" });
  await stockUp(a, filter.id, locationA, "+4");

  const owner = await getPart(a, filter.id);
  expect(owner.costs).toEqual({ costMinor: 1240, markupBp: 4000 });
  expect(owner.ledger[0]!.unitCostMinor).toBe(1240);

  const seen = await getPart(technician, filter.id);
  expect(seen.part.sellingPriceMinor).toBe(1736);
  expect(seen.stock.find((location) => location.id === locationA)!.onHandMilli).toBe(4000);
  expect(seen.costs).toBeNull();
  expect(seen.ledger.map((movement) => movement.unitCostMinor)).toEqual([null]);
  expect(JSON.stringify(seen)).not.toMatch(/costMinor":1240|markupBp":4000/);

  const listed = (await listParts(technician, { q: filter.sku })).parts;
  expect(listed.map((p) => p.sellingPriceMinor)).toEqual([1736]);
  expect(JSON.stringify(listed)).not.toMatch(/costMinor|markupBp/);
});
