import { createCustomer } from "@/lib/customers/create-customer";
import { db, withTenant } from "@/lib/db";
import type { OrgContext } from "@/lib/org/context";
import { addCannedJob, createCannedJob } from "@/lib/repair-orders/canned-jobs";
import { createRepairOrder } from "@/lib/repair-orders/create-repair-order";
import { addJob, addLine, ZAddLine } from "@/lib/repair-orders/edit-jobs";
import { jobBoard } from "@/lib/repair-orders/job-board";
import { moveRepairOrder } from "@/lib/repair-orders/move-repair-order";
import { assignTechnician } from "@/lib/repair-orders/assign-technician";
import { repairOrderView } from "@/lib/repair-orders/repair-order-view";
import { addVehicle, ZVehicle } from "@/lib/vehicles/save-vehicle";
import { createTestDatabase, type TestDatabase } from "../support/test-database";
import { contextFor, signUp, joinWorkshop } from "../support/accounts";

let database: TestDatabase;
let a: OrgContext;
let b: OrgContext;

beforeAll(async () => {
  database = await createTestDatabase({ poolSize: 10 });
  const first = await signUp("ro-a");
  const second = await signUp("ro-b");
  a = await contextFor(first.userId, first.orgSlug);
  b = await contextFor(second.userId, second.orgSlug);
  await db().organization.update({ where: { id: a.orgId }, data: { plan: "PROFESSIONAL" } });
});

afterAll(() => database.drop());

async function customerWithCar(ctx: OrgContext, name: string) {
  const customer = await createCustomer(ctx, { kind: "PERSON", displayName: name });
  const vehicle = await addVehicle(ctx, customer.id, ZVehicle.parse({ registration: `${name.slice(0, 2).toUpperCase()}12 ABC`, odometer: "40000" }));
  return { customer, vehicle };
}

const lineInput = (fields: Record<string, string>) => ZAddLine.parse(fields);

test("twenty repair orders opened at once get numbers 1 to 20, no duplicates, none skipped", async () => {
  const { customer, vehicle } = await customerWithCar(a, "Numbering");
  const orders = await Promise.all(Array.from({ length: 20 }, () => createRepairOrder(a, { customerId: customer.id, vehicleId: vehicle.id })));
  expect(orders.map((o) => o.number).sort((x, y) => x - y)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
  // Another workshop counts from 1 on its own.
  const other = await customerWithCar(b, "Elsewhere");
  expect((await createRepairOrder(b, { customerId: other.customer.id, vehicleId: other.vehicle.id })).number).toBe(1);
});

test("a repair order with labour, parts and a discount totals exactly, tax included", async () => {
  const { customer, vehicle } = await customerWithCar(a, "Totals");
  const order = await createRepairOrder(a, { customerId: customer.id, vehicleId: vehicle.id, odometerIn: 41250, concerns: "Grinding when braking" });
  const job = await addJob(a, { repairOrderId: order.id, title: "Front brake pads and discs" });
  await addLine(a, lineInput({ jobId: job.id, kind: "LABOUR", description: "Fit pads and discs", quantity: "1.5" }));
  await addLine(a, lineInput({ jobId: job.id, kind: "PART", description: "Brake disc", quantity: "2", unitPrice: "45.99", unitCost: "28.10" }));
  await addLine(a, lineInput({ jobId: job.id, kind: "DISCOUNT", description: "Loyalty", quantity: "1", unitPrice: "10" }));
  const { totals, order: view } = await repairOrderView(a, order.id);
  // Labour 1.5 x 85.00 = 127.50; parts 2 x 45.99 = 91.98; discount -10.00; all including 20 % VAT.
  expect(totals.gross).toBe(12750 + 9198 - 1000);
  expect(totals.tax).toBe(2125 + 1533 - 167);
  expect(totals.net).toBe(totals.gross - totals.tax);
  expect(view.vehicle.odometer).toBe(41250);
  expect(view.jobs[0]!.lines.map((l) => l.amounts.gross)).toEqual([12750, 9198, -1000]);
});

test("bad input is refused with a clear message and changes nothing", async () => {
  const { customer, vehicle } = await customerWithCar(a, "Input");
  const order = await createRepairOrder(a, { customerId: customer.id, vehicleId: vehicle.id });
  const job = await addJob(a, { repairOrderId: order.id, title: "Diagnose" });
  const refusals = [
    { quantity: "-1" }, { quantity: "1.2345" }, { quantity: "abc" }, { quantity: "0" },
    { quantity: "1", unitPrice: "12.345" }, { quantity: "1", unitPrice: "-5" }, { quantity: "1", taxRate: "120" },
  ];
  for (const fields of refusals) {
    const parsed = ZAddLine.safeParse({ jobId: job.id, kind: "PART", description: "Sensor", ...fields });
    expect({ fields, ok: parsed.success }).toEqual({ fields, ok: false });
  }
  const stranger = await customerWithCar(a, "Stranger");
  await expect(createRepairOrder(a, { customerId: customer.id, vehicleId: stranger.vehicle.id })).rejects.toMatchObject({
    code: "VALIDATION_FAILED", fields: { vehicleId: expect.any(String) },
  });
  await expect(createRepairOrder(a, { customerId: customer.id, vehicleId: vehicle.id, odometerIn: 100 })).rejects.toMatchObject({
    fields: { odometerIn: expect.stringContaining("40000") },
  });
  expect(await withTenant(a.orgId, (tx) => tx.jobLine.count({ where: { jobId: job.id } }))).toBe(0);
});

test("status moves: legal ones are audited, illegal jumps refused, closed work locked", async () => {
  const { customer, vehicle } = await customerWithCar(a, "Status");
  const order = await createRepairOrder(a, { customerId: customer.id, vehicleId: vehicle.id });
  await expect(moveRepairOrder(a, order.id, "INVOICED")).rejects.toMatchObject({ code: "CONFLICT", message: "A repair order cannot go from estimate to invoiced." });
  for (const to of ["AWAITING_APPROVAL", "APPROVED", "IN_PROGRESS", "WAITING_PARTS", "IN_PROGRESS", "READY"] as const) {
    await moveRepairOrder(a, order.id, to);
  }
  await expect(addJob(a, { repairOrderId: order.id, title: "More work" })).rejects.toMatchObject({ code: "CONFLICT" });
  // Only issuing the invoice invoices an order (tests in invoices.test.ts).
  await expect(moveRepairOrder(a, order.id, "INVOICED")).rejects.toMatchObject({ code: "CONFLICT", message: "Issue the invoice to invoice a repair order." });
  const moves = await withTenant(a.orgId, (tx) => tx.auditLog.findMany({ where: { action: "repairOrder.status", targetId: order.id }, orderBy: { seq: "asc" } }));
  expect(moves.map((m) => (m.metadata as { to: string }).to)).toEqual(["AWAITING_APPROVAL", "APPROVED", "IN_PROGRESS", "WAITING_PARTS", "IN_PROGRESS", "READY"]);
});

// Written out by hand (not derived from TRANSITIONS), so a change to the machine must change this table too.
const LEGAL: Record<string, string[]> = {
  ESTIMATE: ["AWAITING_APPROVAL", "APPROVED", "CANCELLED"],
  AWAITING_APPROVAL: ["ESTIMATE", "APPROVED", "CANCELLED"],
  APPROVED: ["IN_PROGRESS", "CANCELLED"],
  IN_PROGRESS: ["WAITING_PARTS", "READY"],
  WAITING_PARTS: ["IN_PROGRESS", "READY"],
  READY: ["IN_PROGRESS", "INVOICED"],
  INVOICED: ["CLOSED"],
  CLOSED: [],
  CANCELLED: [],
};
const STATUSES = Object.keys(LEGAL);

test("every one of the 81 status moves: legal ones happen and are audited, every other one is refused and changes nothing", async () => {
  const { customer, vehicle } = await customerWithCar(a, "Machine");
  const outcomes: string[] = [];
  for (const from of STATUSES) {
    for (const to of STATUSES) {
      const order = await createRepairOrder(a, { customerId: customer.id, vehicleId: vehicle.id });
      // Put the order in `from` directly, as the table owner: the move under test is the only one made through the app.
      await withOwner(a.orgId, (client) => client.query(`UPDATE "RepairOrder" SET status = $1 WHERE id = $2`, [from, order.id]));
      const result = await moveRepairOrder(a, order.id, to as "READY").then(() => "moved", (error: { code: string }) => error.code);
      const row = await withTenant(a.orgId, (tx) => tx.repairOrder.findFirstOrThrow({ where: { id: order.id } }));
      const now = row.status;
      // The board's indexed flag follows the status, set by the database trigger.
      expect({ now, onBoard: row.onBoard }).toEqual({ now, onBoard: !["INVOICED", "CLOSED", "CANCELLED"].includes(now) });
      const audited = await withTenant(a.orgId, (tx) => tx.auditLog.count({ where: { action: "repairOrder.status", targetId: order.id } }));
      const legal = LEGAL[from]!.includes(to) && to !== "INVOICED";
      outcomes.push(`${from}->${to}:${result}:${now}:${audited}`);
      expect(`${from}->${to}:${result}:${now}:${audited}`).toBe(`${from}->${to}:${legal ? "moved" : "CONFLICT"}:${legal ? to : from}:${legal ? 1 : 0}`);
    }
  }
  // 15 legal edges; READY->INVOICED happens only by issuing the invoice.
  expect(outcomes.filter((o) => o.includes(":moved:"))).toHaveLength(14);
}, 120_000);

async function withOwner(orgId: string, work: (client: import("pg").PoolClient) => Promise<unknown>) {
  const client = await database.owner.connect();
  try {
    await client.query("BEGIN");
    await client.query("SELECT set_config('app.org_id', $1, true)", [orgId]);
    await work(client);
    await client.query("COMMIT");
  } finally {
    client.release();
  }
}

test("a technician records labour at the workshop rate but cannot price, cancel or open repair orders", async () => {
  const tech = await joinWorkshop(a, "TECHNICIAN", "ro-tech");
  const userId = tech.userId;
  const { customer, vehicle } = await customerWithCar(a, "Technician");
  const order = await createRepairOrder(a, { customerId: customer.id, vehicleId: vehicle.id });
  const job = await addJob(a, { repairOrderId: order.id, title: "Service" });
  // Technicians work only on what is assigned to them.
  await expect(addLine(tech, lineInput({ jobId: job.id, kind: "LABOUR", description: "Oil service", quantity: "1.25" }))).rejects.toMatchObject({ code: "NOT_FOUND" });
  await expect(repairOrderView(tech, order.id)).rejects.toMatchObject({ code: "NOT_FOUND" });
  await assignTechnician(a, order.id, userId);
  const labour = await addLine(tech, lineInput({ jobId: job.id, kind: "LABOUR", description: "Oil service", quantity: "1.25" }));
  expect(labour).toMatchObject({ unitPriceMinor: 8500, technicianUserId: userId });
  // Unassigned again, the order stays theirs through their own labour line (kept on the order by a trigger).
  await assignTechnician(a, order.id, null);
  expect((await repairOrderView(tech, order.id)).order.labourTechnicianIds).toEqual([userId]);
  const other = await createRepairOrder(a, { customerId: customer.id, vehicleId: vehicle.id });
  await expect(repairOrderView(tech, other.id)).rejects.toMatchObject({ code: "NOT_FOUND" });
  await expect(addLine(tech, lineInput({ jobId: job.id, kind: "LABOUR", description: "Cheap", quantity: "1", unitPrice: "1" }))).rejects.toMatchObject({ code: "FORBIDDEN" });
  await expect(addLine(tech, lineInput({ jobId: job.id, kind: "PART", description: "Filter", quantity: "1", unitPrice: "9" }))).rejects.toMatchObject({ code: "FORBIDDEN" });
  await expect(moveRepairOrder(tech, order.id, "CANCELLED")).rejects.toMatchObject({ code: "FORBIDDEN" });
  await expect(createRepairOrder(tech, { customerId: customer.id, vehicleId: vehicle.id })).rejects.toMatchObject({ code: "FORBIDDEN" });
});

test("workshop B gets 404 for A's repair orders, jobs, customers and vehicles", async () => {
  const { customer, vehicle } = await customerWithCar(a, "Private");
  const order = await createRepairOrder(a, { customerId: customer.id, vehicleId: vehicle.id });
  const job = await addJob(a, { repairOrderId: order.id, title: "Secret job" });
  const other = await customerWithCar(b, "Attacker");
  await expect(repairOrderView(b, order.id)).rejects.toMatchObject({ code: "NOT_FOUND" });
  await expect(moveRepairOrder(b, order.id, "CANCELLED")).rejects.toMatchObject({ code: "NOT_FOUND" });
  await expect(addJob(b, { repairOrderId: order.id, title: "x" })).rejects.toMatchObject({ code: "NOT_FOUND" });
  await expect(addLine(b, lineInput({ jobId: job.id, kind: "FEE", description: "x", quantity: "1", unitPrice: "1" }))).rejects.toMatchObject({ code: "NOT_FOUND" });
  await expect(createRepairOrder(b, { customerId: customer.id, vehicleId: other.vehicle.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
  await expect(createRepairOrder(b, { customerId: other.customer.id, vehicleId: vehicle.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
  expect((await repairOrderView(a, order.id)).order.status).toBe("ESTIMATE");
  const boardB = await jobBoard(b);
  expect(boardB.flatMap((column) => column.orders).map((o) => o.id)).not.toContain(order.id);
  const boardA = await jobBoard(a);
  expect(boardA.find((column) => column.status === "ESTIMATE")!.orders.map((o) => o.id)).toContain(order.id);
});

test("the plan's repair orders per month are enforced", async () => {
  const { userId, orgSlug } = await signUp("ro-quota");
  const ctx = await contextFor(userId, orgSlug);
  const { customer, vehicle } = await customerWithCar(ctx, "Quota");
  const client = await database.owner.connect();
  try {
    await client.query("BEGIN");
    await client.query("SELECT set_config('app.org_id', $1, true)", [ctx.orgId]);
    await client.query(
      `INSERT INTO "RepairOrder" ("organizationId", id, number, "customerId", "billToCustomerId", "vehicleId", "updatedAt")
       SELECT $1, gen_random_uuid(), 1000 + i, $2, $2, $3, now() FROM generate_series(1, 49) i`,
      [ctx.orgId, customer.id, vehicle.id],
    );
    await client.query("COMMIT");
  } finally {
    client.release();
  }
  await expect(createRepairOrder(ctx, { customerId: customer.id, vehicleId: vehicle.id })).resolves.toBeTruthy();
  await expect(createRepairOrder(ctx, { customerId: customer.id, vehicleId: vehicle.id })).rejects.toMatchObject({
    code: "QUOTA_EXCEEDED", message: "Your Free trial plan allows 50 repair orders a month. Upgrade to Starter for more.",
  });
});

test("a canned job lands on a repair order in one step, priced at today's labour rate", async () => {
  const { customer, vehicle } = await customerWithCar(a, "Canned");
  const canned = await createCannedJob(a, {
    title: "Front brake pads",
    lines: [
      { kind: "LABOUR", description: "Fit front pads", quantityMilli: 1000 },
      { kind: "PART", description: "Pad set", quantityMilli: 1000, unitPriceMinor: 4999, unitCostMinor: 2600 },
    ],
  });
  await expect(createCannedJob(a, { title: "Front brake pads", lines: [{ kind: "FEE", description: "x", quantityMilli: 1000, unitPriceMinor: 1 }] })).rejects.toMatchObject({
    fields: { title: expect.any(String) },
  });
  await expect(createCannedJob(a, { title: "No price", lines: [{ kind: "PART", description: "x", quantityMilli: 1000 }] })).rejects.toThrow(/need a price/);
  await db().organization.update({ where: { id: a.orgId }, data: { labourRateMinor: 9000 } });
  const order = await createRepairOrder(a, { customerId: customer.id, vehicleId: vehicle.id });
  await addCannedJob(a, order.id, canned.id);
  const { order: view, totals } = await repairOrderView(a, order.id);
  expect(view.jobs.map((j) => j.title)).toEqual(["Front brake pads"]);
  expect(view.jobs[0]!.lines.map((l) => [l.kind, l.unitPriceMinor, l.partStatus])).toEqual([["LABOUR", 9000, null], ["PART", 4999, "NEEDED"]]);
  expect(totals.gross).toBe(9000 + 4999);
  await expect(addCannedJob(b, order.id, canned.id)).rejects.toMatchObject({ code: "NOT_FOUND" });
  const other = await customerWithCar(b, "Thief");
  const theirs = await createRepairOrder(b, { customerId: other.customer.id, vehicleId: other.vehicle.id });
  await expect(addCannedJob(b, theirs.id, canned.id)).rejects.toMatchObject({ code: "NOT_FOUND" });
});
