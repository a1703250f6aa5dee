import { createCustomer } from "@/lib/customers/create-customer";
import { db, withTenant } from "@/lib/db";
import type { OrgContext } from "@/lib/org/context";
import { assignTechnician } from "@/lib/repair-orders/assign-technician";
import { addCannedJob, createCannedJob, listCannedJobs, ZCannedJobForm } from "@/lib/repair-orders/canned-jobs";
import { createRepairOrder } from "@/lib/repair-orders/create-repair-order";
import { addJob, addLine, ZAddLine } from "@/lib/repair-orders/edit-jobs";
import { boardMoves, boardTechnicians, jobBoard, promisedWindow, type BoardFilters } from "@/lib/repair-orders/job-board";
import { moveRepairOrder } from "@/lib/repair-orders/move-repair-order";
import { visibleTo } from "@/lib/repair-orders/visibility";
import { addVehicle, ZVehicle } from "@/lib/vehicles/save-vehicle";
import { createTestDatabase, type TestDatabase } from "../support/test-database";
import { contextFor, joinWorkshop, signUp } from "../support/accounts";

let database: TestDatabase;
let a: OrgContext;
let b: OrgContext;
let techA1: OrgContext;
let techA2: OrgContext;
let viewerA: OrgContext;
let techB: OrgContext;

/** Wednesday 25 March 2026, noon UTC (still GMT in London: summer time starts on the 29th). */
const NOW = new Date("2026-03-25T12:00:00Z");


let plates = 0;
async function openOrder(ctx: OrgContext, promisedAt?: string) {
  plates += 1;
  const customer = await createCustomer(ctx, { kind: "PERSON", displayName: `Board customer ${plates}` });
  const vehicle = await addVehicle(ctx, customer.id, ZVehicle.parse({ registration: `JB${String(plates).padStart(2, "0")} XYZ` }));
  return createRepairOrder(ctx, { customerId: customer.id, vehicleId: vehicle.id, ...(promisedAt ? { promisedAt: new Date(promisedAt) } : {}) });
}

async function boardIds(ctx: OrgContext, filters: BoardFilters = {}, now = NOW) {
  return (await jobBoard(ctx, filters, now)).flatMap((column) => column.orders.map((order) => order.id));
}

const assignedTo = (ctx: OrgContext, id: string) => withTenant(ctx.orgId, (tx) => tx.repairOrder.findFirstOrThrow({ where: { id } })).then((o) => o.technicianUserId);
const assignAudits = (ctx: OrgContext, id: string) => withTenant(ctx.orgId, (tx) => tx.auditLog.count({ where: { action: "repairOrder.assign", targetId: id } }));

beforeAll(async () => {
  database = await createTestDatabase({ poolSize: 10 });
  const first = await signUp("jb-a");
  const second = await signUp("jb-b");
  a = await contextFor(first.userId, first.orgSlug);
  b = await contextFor(second.userId, second.orgSlug);
  await db().organization.updateMany({ where: { id: { in: [a.orgId, b.orgId] } }, data: { plan: "PROFESSIONAL" } });
  techA1 = await joinWorkshop(a, "TECHNICIAN", "Alice Tech");
  techA2 = await joinWorkshop(a, "TECHNICIAN", "Adam Tech");
  viewerA = await joinWorkshop(a, "VIEWER", "Vera Viewer");
  techB = await joinWorkshop(b, "TECHNICIAN", "Bob Tech");
});

afterAll(() => database.drop());

describe("filters", () => {
  const orders: Record<string, string> = {};
  const mine = (ids: string[]) => Object.entries(orders).filter(([, id]) => ids.includes(id)).map(([name]) => name).sort();

  beforeAll(async () => {
    const promised: Record<string, string | undefined> = {
      overdue: "2026-03-24T09:00:00Z", // Tuesday, this week, before now
      earlierToday: "2026-03-25T08:00:00Z", // today and already late
      laterToday: "2026-03-25T16:00:00Z",
      lateEvening: "2026-03-26T02:00:00Z", // Thursday in London, still Wednesday evening in New York
      saturday: "2026-03-28T10:00:00Z",
      nextMonday: "2026-03-30T10:00:00Z",
      noPromise: undefined,
    };
    for (const [name, at] of Object.entries(promised)) orders[name] = (await openOrder(a, at)).id;
    await assignTechnician(a, orders.overdue!, techA1.userId);
    await assignTechnician(a, orders.saturday!, techA1.userId);
    await assignTechnician(a, orders.laterToday!, techA2.userId);
  });

  test("by promised time, in the workshop's time zone", async () => {
    expect(mine(await boardIds(a))).toEqual(Object.keys(orders).sort());
    expect(mine(await boardIds(a, { due: "overdue" }))).toEqual(["earlierToday", "overdue"]);
    expect(mine(await boardIds(a, { due: "today" }))).toEqual(["earlierToday", "laterToday"]);
    expect(mine(await boardIds(a, { due: "week" }))).toEqual(["earlierToday", "lateEvening", "laterToday", "overdue", "saturday"]);
    await db().organization.update({ where: { id: a.orgId }, data: { timezone: "America/New_York" } });
    try {
      expect(mine(await boardIds(a, { due: "today" }))).toEqual(["earlierToday", "lateEvening", "laterToday"]);
    } finally {
      await db().organization.update({ where: { id: a.orgId }, data: { timezone: "Europe/London" } });
    }
    const overdue = (await jobBoard(a, {}, NOW)).flatMap((column) => column.orders).filter((order) => order.overdue).map((order) => order.id);
    expect(mine(overdue)).toEqual(["earlierToday", "overdue"]);
  });

  test("the day and the week follow the clocks going forward", () => {
    // Sunday 29 March 2026: London moves from GMT to BST at 01:00 UTC, so the next midnight is 23:00 UTC.
    const sunday = new Date("2026-03-29T12:00:00Z");
    expect(promisedWindow("today", sunday, "Europe/London")).toEqual({ gte: new Date("2026-03-29T00:00:00Z"), lt: new Date("2026-03-29T23:00:00Z") });
    expect(promisedWindow("week", sunday, "Europe/London")).toEqual({ gte: new Date("2026-03-23T00:00:00Z"), lt: new Date("2026-03-29T23:00:00Z") });
    expect(promisedWindow("today", NOW, "Asia/Kolkata")).toEqual({ gte: new Date("2026-03-24T18:30:00Z"), lt: new Date("2026-03-25T18:30:00Z") });
    expect(promisedWindow("overdue", NOW, "Europe/London")).toEqual({ lt: NOW });
  });

  test("by technician, or unassigned, together with promised time", async () => {
    expect(mine(await boardIds(a, { technician: techA1.userId }))).toEqual(["overdue", "saturday"]);
    expect(mine(await boardIds(a, { technician: techA1.userId, due: "overdue" }))).toEqual(["overdue"]);
    expect(mine(await boardIds(a, { technician: "none" }))).toEqual(["earlierToday", "lateEvening", "nextMonday", "noPromise"]);
    const names = (await boardTechnicians(a)).map((t) => t.name).sort();
    expect(names).toEqual(["Adam Tech", "Alice Tech"]);
  });

  test("a technician sees only the work assigned to them, by the order or by a labour line", async () => {
    const job = await addJob(a, { repairOrderId: orders.noPromise!, title: "Diagnose noise" });
    await addLine(a, ZAddLine.parse({ jobId: job.id, kind: "LABOUR", description: "Road test", quantity: "0.5", technicianUserId: techA2.userId }));
    // A part line naming nobody, and another technician's labour, grant nothing.
    const other = await addJob(a, { repairOrderId: orders.nextMonday!, title: "Tyres" });
    await addLine(a, ZAddLine.parse({ jobId: other.id, kind: "LABOUR", description: "Fit tyres", quantity: "1", technicianUserId: techA1.userId }));

    expect(mine(await boardIds(techA1))).toEqual(["nextMonday", "overdue", "saturday"]);
    expect(mine(await boardIds(techA2))).toEqual(["laterToday", "noPromise"]);
    // The technician filter cannot widen what a technician sees.
    expect(mine(await boardIds(techA2, { technician: techA1.userId }))).toEqual([]);
    expect(await withTenant(a.orgId, (tx) => tx.repairOrder.count({ where: visibleTo(techA2) }))).toBe(2);
    expect(visibleTo(a)).toEqual({});
    expect(visibleTo(viewerA)).toEqual({});
    // Nobody else's technicians: workshop B sees none of it, even asking for A's technician.
    expect(mine(await boardIds(b))).toEqual([]);
    expect(await boardIds(b, { technician: techA1.userId })).toEqual([]);
    expect((await boardTechnicians(b)).map((t) => t.name)).toEqual(["Bob Tech"]);
  });

  test("the board offers only the moves the member's role may make", () => {
    expect(boardMoves(a)).toMatchObject({ ESTIMATE: ["AWAITING_APPROVAL", "APPROVED"], APPROVED: ["IN_PROGRESS"], READY: ["IN_PROGRESS"] });
    expect(boardMoves(techA1)).toMatchObject({ AWAITING_APPROVAL: ["ESTIMATE"], APPROVED: ["IN_PROGRESS"], IN_PROGRESS: ["WAITING_PARTS", "READY"] });
    expect(boardMoves(viewerA)).toMatchObject({ ESTIMATE: [], APPROVED: [] });
  });
});

describe("assigning a technician", () => {
  test("an advisor assigns and unassigns, each change audited", async () => {
    const order = await openOrder(a);
    await assignTechnician(a, order.id, techA1.userId);
    await assignTechnician(a, order.id, techA2.userId);
    await assignTechnician(a, order.id, techA2.userId); // no change, no entry
    await assignTechnician(a, order.id, null);
    expect(await assignedTo(a, order.id)).toBeNull();
    const entries = await withTenant(a.orgId, (tx) => tx.auditLog.findMany({ where: { action: "repairOrder.assign", targetId: order.id }, orderBy: { seq: "asc" } }));
    expect(entries.map((e) => e.metadata)).toEqual([
      { number: order.number, from: null, to: techA1.userId },
      { number: order.number, from: techA1.userId, to: techA2.userId },
      { number: order.number, from: techA2.userId, to: null },
    ]);
  });

  test("refuses anyone who is not a member of this workshop with NOT_FOUND, and changes nothing", async () => {
    const order = await openOrder(a);
    await assignTechnician(a, order.id, techA1.userId);
    const before = await assignAudits(a, order.id);
    for (const stranger of [techB.userId, b.userId, "0196f3a0-0000-7000-8000-000000000000", "not-a-uuid"]) {
      await expect(assignTechnician(a, order.id, stranger)).rejects.toMatchObject({ code: "NOT_FOUND", fields: { technicianUserId: expect.any(String) } });
    }
    await expect(assignTechnician(a, order.id, viewerA.userId)).rejects.toMatchObject({ code: "VALIDATION_FAILED", fields: { technicianUserId: expect.any(String) } });
    expect(await assignedTo(a, order.id)).toBe(techA1.userId);
    expect(await assignAudits(a, order.id)).toBe(before);
  });

  test("workshop B cannot assign A's repair order, to anyone", async () => {
    const order = await openOrder(a);
    for (const who of [techB.userId, techA1.userId, null]) {
      await expect(assignTechnician(b, order.id, who)).rejects.toMatchObject({ code: "NOT_FOUND" });
    }
    expect(await assignedTo(a, order.id)).toBeNull();
    expect(await assignAudits(a, order.id)).toBe(0);
  });

  test("technicians and viewers cannot assign, not even to themselves; finished work cannot be assigned", async () => {
    const order = await openOrder(a);
    await expect(assignTechnician(techA1, order.id, techA1.userId)).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(assignTechnician(viewerA, order.id, techA1.userId)).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect(await assignedTo(a, order.id)).toBeNull();
    const denied = await withTenant(a.orgId, (tx) => tx.auditLog.findFirst({ where: { action: "PERMISSION_DENIED", actorUserId: techA1.userId }, orderBy: { seq: "desc" } }));
    expect(denied?.metadata).toMatchObject({ permission: "timeEntry.manage", role: "TECHNICIAN" });
    await moveRepairOrder(a, order.id, "CANCELLED");
    await expect(assignTechnician(a, order.id, techA1.userId)).rejects.toMatchObject({ code: "CONFLICT" });
  });
});

describe("canned jobs", () => {
  const row = (fields: Record<string, string>) => ({ title: "Oil service", kind0: "LABOUR", description0: "Drain and refill", quantity0: "1", ...fields });

  test("the form refuses a price with three decimals, a negative quantity and incomplete rows, each on its field", () => {
    const refused = (fields: Record<string, string>) => {
      const parsed = ZCannedJobForm.safeParse(row(fields));
      return parsed.success ? {} : Object.fromEntries(parsed.error.issues.map((issue) => [String(issue.path[0]), issue.message]));
    };
    expect(refused({ kind1: "PART", description1: "Oil filter", unitPrice1: "12.345" })).toEqual({ unitPrice1: expect.stringContaining("two decimals") });
    expect(refused({ quantity0: "-1" })).toEqual({ quantity0: expect.stringContaining("quantity") });
    expect(refused({ quantity0: "0.0001" })).toEqual({ quantity0: expect.any(String) });
    expect(refused({ unitPrice0: "-5" })).toEqual({ unitPrice0: expect.any(String) });
    expect(refused({ kind1: "PART", description1: "Oil filter" })).toEqual({ unitPrice1: "Parts, fees and discounts need a price." });
    expect(refused({ unitPrice2: "4" })).toEqual({ description2: "Describe the line." });
    expect(refused({ title: " " })).toEqual({ title: "Name the job." });
    expect(refused({ description0: "", quantity0: "" })).toEqual({ description0: "Add at least one line." });
  });

  test("the form skips empty rows and turns text into minor units and thousandths", () => {
    const parsed = ZCannedJobForm.parse(row({ quantity0: "", kind1: "PART", description1: "5W-30 oil", quantity1: "4.5", unitPrice1: "8.99", unitCost1: "4", kind3: "DISCOUNT", description3: "Club", unitPrice3: "5" }));
    expect(parsed).toEqual({
      title: "Oil service",
      lines: [
        { kind: "LABOUR", description: "Drain and refill", quantityMilli: 1000 },
        { kind: "PART", description: "5W-30 oil", quantityMilli: 4500, unitPriceMinor: 899, unitCostMinor: 400 },
        { kind: "DISCOUNT", description: "Club", quantityMilli: 1000, unitPriceMinor: 500 },
      ],
    });
  });

  test("createCannedJob refuses bad input with VALIDATION_FAILED and saves nothing; technicians cannot create", async () => {
    await expect(createCannedJob(a, { title: "Negative", lines: [{ kind: "PART", description: "x", quantityMilli: -1000, unitPriceMinor: 100 }] })).rejects.toMatchObject({ code: "VALIDATION_FAILED" });
    await expect(createCannedJob(a, { title: "Fraction", lines: [{ kind: "FEE", description: "x", quantityMilli: 1000, unitPriceMinor: 12.5 }] })).rejects.toMatchObject({ code: "VALIDATION_FAILED" });
    await expect(createCannedJob(techA1, ZCannedJobForm.parse(row({ title: "By tech" })))).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect((await listCannedJobs(a)).map((job) => job.title).filter((title) => ["Negative", "Fraction", "By tech"].includes(title))).toEqual([]);
  });

  test("a canned job made with the form is listed with its lines and added in one step", async () => {
    const canned = await createCannedJob(a, ZCannedJobForm.parse(row({ kind1: "PART", description1: "Filter", unitPrice1: "9.50" })));
    const listed = (await listCannedJobs(a)).find((job) => job.id === canned.id)!;
    expect(listed.lines.map((l) => [l.position, l.kind, l.unitPriceMinor])).toEqual([[1, "LABOUR", null], [2, "PART", 950]]);
    const order = await openOrder(a);
    const job = await addCannedJob(a, order.id, canned.id);
    expect(job.title).toBe("Oil service");
    expect(await withTenant(a.orgId, (tx) => tx.jobLine.count({ where: { jobId: job.id } }))).toBe(2);
  });

  test("workshop B cannot add A's canned job to either workshop's order, nor its own to A's (404)", async () => {
    const theirs = await createCannedJob(a, { title: "A's secret recipe", lines: [{ kind: "FEE", description: "Know-how", quantityMilli: 1000, unitPriceMinor: 100 }] });
    const ours = await createCannedJob(b, { title: "B's job", lines: [{ kind: "FEE", description: "Fee", quantityMilli: 1000, unitPriceMinor: 100 }] });
    const orderA = await openOrder(a);
    const orderB = await openOrder(b);
    for (const [orderId, cannedJobId] of [[orderA.id, theirs.id], [orderB.id, theirs.id], [orderA.id, ours.id]] as const) {
      await expect(addCannedJob(b, orderId, cannedJobId)).rejects.toMatchObject({ code: "NOT_FOUND" });
    }
    await expect(addCannedJob(a, orderA.id, ours.id)).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(addCannedJob(b, orderB.id, "not-a-uuid")).rejects.toMatchObject({ code: "NOT_FOUND" });
    const jobs = async (ctx: OrgContext, repairOrderId: string) => withTenant(ctx.orgId, (tx) => tx.job.count({ where: { repairOrderId } }));
    expect([await jobs(a, orderA.id), await jobs(b, orderB.id)]).toEqual([0, 0]);
    expect((await listCannedJobs(b)).map((job) => job.title)).toEqual(["B's job"]);
  });
});
