// Technicians clocking on and off jobs: one job at a time (switching closes the
// other, a race is refused by the exclusion constraint), only approved work on
// orders they can see, corrections audited with before and after, and workshop
// B's ids answered NOT_FOUND with nothing changed.
import pg from "pg";
import { db, withTenant } from "@/lib/db";
import type { OrgContext } from "@/lib/org/context";
import { addJob } from "@/lib/repair-orders/edit-jobs";
import { moveRepairOrder } from "@/lib/repair-orders/move-repair-order";
import { clockOff } from "@/lib/time-entries/clock-off";
import { clockOn } from "@/lib/time-entries/clock-on";
import { correctTimeEntry } from "@/lib/time-entries/correct-time-entry";
import { jobHours } from "@/lib/time-entries/job-hours";
import { listTimeEntries } from "@/lib/time-entries/list-time-entries";
import { myWork } from "@/lib/time-entries/my-work";
import { todayIn } from "@/lib/time-entries/workshop-time";
import { contextFor, joinWorkshop, signUp } from "../support/accounts";
import { createTestDatabase, type TestDatabase } from "../support/test-database";
import { orderWithJobs } from "../support/workshop-floor";

let database: TestDatabase;
let a: OrgContext;
let b: OrgContext;
let tech: OrgContext;
let otherTech: OrgContext;
let advisor: OrgContext;
let viewer: OrgContext;
let jobs: { brakes: string; tyres: string; declined: string; hidden: string; inB: string };
let orders: { mine: string; hidden: string; inB: string };

const labour = (hours: string, technicianUserId: string) => ({ kind: "LABOUR" as const, description: "Labour", quantity: hours, technicianUserId });

beforeAll(async () => {
  database = await createTestDatabase({ poolSize: 10 });
  const first = await signUp("te-a");
  const second = await signUp("te-b");
  a = await contextFor(first.userId, first.orgSlug);
  b = await contextFor(second.userId, second.orgSlug);
  await db().organization.update({ where: { id: a.orgId }, data: { plan: "PROFESSIONAL" } });
  tech = await joinWorkshop(a, "TECHNICIAN", "te-tech");
  otherTech = await joinWorkshop(a, "TECHNICIAN", "te-other-tech");
  advisor = await joinWorkshop(a, "SERVICE_ADVISOR", "te-advisor");
  viewer = await joinWorkshop(a, "VIEWER", "te-viewer");
  const mine = await orderWithJobs(a, [
    { title: "Brakes", lines: [labour("2", tech.userId)] },
    { title: "Tyres", lines: [labour("1", tech.userId)] },
    { title: "Wipers", lines: [labour("0.5", tech.userId)], decision: "DECLINED" },
  ], "IN_PROGRESS", tech.userId);
  // Someone else's order: no assignment and no labour of `tech`, so `tech` cannot see it.
  const hidden = await orderWithJobs(a, [{ title: "Exhaust", lines: [labour("1", otherTech.userId)] }]);
  const inB = await orderWithJobs(b, [{ title: "B's gearbox", lines: [labour("3", b.userId)] }]);
  jobs = { brakes: mine.jobs[0]!.id, tyres: mine.jobs[1]!.id, declined: mine.jobs[2]!.id, hidden: hidden.jobs[0]!.id, inB: inB.jobs[0]!.id };
  orders = { mine: mine.order.id, hidden: hidden.order.id, inB: inB.order.id };
}, 120_000);

afterAll(() => database.drop());

/** Every time entry of every workshop, as the superuser sees them. */
const allEntries = async () =>
  (await database.superuser.query(`SELECT id, "organizationId", "technicianUserId", "jobId", "startedAt", "endedAt" FROM "TimeEntry" ORDER BY id`)).rows;
const openEntries = async (userId: string) =>
  (await database.superuser.query(`SELECT id, "jobId" FROM "TimeEntry" WHERE "technicianUserId" = $1 AND "endedAt" IS NULL`, [userId])).rows as Array<{ id: string; jobId: string }>;
const audits = (ctx: OrgContext, action: string, targetId?: string) =>
  withTenant(ctx.orgId, (tx) => tx.auditLog.findMany({ where: { action, ...(targetId ? { targetId } : {}) }, orderBy: { seq: "asc" } }));

async function offAll(ctx: OrgContext) {
  for (const entry of await openEntries(ctx.userId)) await clockOff(advisor, { timeEntryId: entry.id });
}

test("a technician clocks on to a job, sees it running, and clocks off", async () => {
  const { entry } = await clockOn(tech, { jobId: jobs.brakes });
  expect(entry).toMatchObject({ technicianUserId: tech.userId, jobId: jobs.brakes, repairOrderId: orders.mine, endedAt: null });

  const work = await myWork(tech);
  expect(work.open).toMatchObject({ id: entry.id, jobId: jobs.brakes });
  // Their order first, approved jobs only (the declined one is not offered), nobody else's order.
  expect(work.orders.map((o) => o.id)).toEqual([orders.mine]);
  expect(work.orders[0]!.jobs.map((j) => [j.id, j.onNow, j.clockable])).toEqual([[jobs.brakes, true, true], [jobs.tyres, false, true]]);

  const off = await clockOff(tech, { timeEntryId: entry.id });
  expect(off.endedAt!.getTime()).toBeGreaterThan(entry.startedAt.getTime());
  expect((await myWork(tech)).open).toBeNull();
  expect(await audits(a, "timeEntry.clockOn", entry.id)).toHaveLength(1);
  const [offAudit, ...more] = await audits(a, "timeEntry.clockOff", entry.id);
  expect(more).toHaveLength(0);
  expect(offAudit).toMatchObject({ actorUserId: tech.userId, metadata: expect.objectContaining({ jobId: jobs.brakes, reason: "clocked off" }) });
  await expect(clockOff(tech, { timeEntryId: entry.id })).rejects.toMatchObject({ code: "CONFLICT", message: "That time entry is already clocked off." });
});

test("clocking on to another job clocks off the first at the same instant: one job at a time", async () => {
  const first = await clockOn(tech, { jobId: jobs.brakes });
  const second = await clockOn(tech, { jobId: jobs.tyres });
  expect(second.switchedFrom).toEqual({ jobTitle: "Brakes" });
  const [closed] = (await database.superuser.query(`SELECT "endedAt" FROM "TimeEntry" WHERE id = $1`, [first.entry.id])).rows as Array<{ endedAt: Date }>;
  expect(closed!.endedAt.getTime()).toBe(second.entry.startedAt.getTime());
  expect(await openEntries(tech.userId)).toEqual([{ id: second.entry.id, jobId: jobs.tyres }]);
  expect((await audits(a, "timeEntry.clockOff", first.entry.id)).map((e) => (e.metadata as { reason: string }).reason)).toEqual(["switched job"]);
  await expect(clockOn(tech, { jobId: jobs.tyres })).rejects.toMatchObject({ code: "CONFLICT", message: "You are already clocked on to “Tyres”." });
  await offAll(tech);
});

test("two clock-ons at the same moment leave exactly one open entry; the loser is told why", async () => {
  for (let round = 0; round < 4; round += 1) {
    const results = await Promise.allSettled([clockOn(tech, { jobId: jobs.brakes }), clockOn(tech, { jobId: jobs.tyres })]);
    expect(await openEntries(tech.userId)).toHaveLength(1);
    for (const result of results) {
      if (result.status === "rejected") expect(result.reason).toMatchObject({ code: "CONFLICT" });
    }
    await offAll(tech);
  }
});

test("a clock-on racing an uncommitted one is refused by the exclusion constraint (23P01) with a clear CONFLICT", async () => {
  // The other device's clock-on, held open: ours cannot see it, inserts, and waits on the constraint.
  const other = new pg.Client({ connectionString: database.appUrl });
  await other.connect();
  try {
    await other.query("BEGIN");
    await other.query("SELECT set_config('app.org_id', $1, true)", [a.orgId]);
    await other.query(
      `INSERT INTO "TimeEntry" ("organizationId", id, "technicianUserId", "repairOrderId", "jobId", "startedAt", "updatedAt") VALUES ($1, gen_random_uuid(), $2, $3, $4, now(), now())`,
      [a.orgId, tech.userId, orders.mine, jobs.brakes],
    );
    const ours = clockOn(tech, { jobId: jobs.tyres });
    ours.catch(() => {});
    const deadline = Date.now() + 10_000;
    while ((await database.superuser.query(`SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`)).rowCount === 0) {
      if (Date.now() > deadline) throw new Error("the clock-on never waited on the constraint");
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await other.query("COMMIT");
    await expect(ours).rejects.toMatchObject({ code: "CONFLICT", message: expect.stringContaining("clocked on to another job at the same moment") });
  } finally {
    await other.end();
  }
  expect((await openEntries(tech.userId)).map((e) => e.jobId)).toEqual([jobs.brakes]);
  await offAll(tech);
});

test("time is booked only to approved jobs on approved or in-progress orders", async () => {
  const before = await allEntries();
  await expect(clockOn(tech, { jobId: jobs.declined })).rejects.toMatchObject({ code: "CONFLICT", message: "“Wipers” is not approved by the customer: time can be booked only to approved work." });
  // Extra work found mid-job waits for the customer's answer.
  const extra = await addJob(a, { repairOrderId: orders.mine, title: "Extra" });
  await expect(clockOn(tech, { jobId: extra.id })).rejects.toMatchObject({ code: "CONFLICT" });
  const estimate = await orderWithJobs(a, [{ title: "Quote only", lines: [labour("1", tech.userId)] }], "ESTIMATE", tech.userId);
  await expect(clockOn(tech, { jobId: estimate.jobs[0]!.id })).rejects.toMatchObject({ code: "CONFLICT", message: expect.stringContaining("is estimate: time can be booked once it is approved or in progress") });
  const waiting = await orderWithJobs(a, [{ title: "Gearbox", lines: [labour("1", tech.userId)] }], "IN_PROGRESS", tech.userId);
  await moveRepairOrder(a, waiting.order.id, "WAITING_PARTS");
  await expect(clockOn(tech, { jobId: waiting.jobs[0]!.id })).rejects.toMatchObject({ code: "CONFLICT", message: expect.stringContaining("is waiting parts") });
  // An approved order (work not started yet) can be clocked.
  const approved = await orderWithJobs(a, [{ title: "Service", lines: [labour("1", tech.userId)] }], "APPROVED", tech.userId);
  expect(await allEntries()).toEqual(before);
  await clockOn(tech, { jobId: approved.jobs[0]!.id });
  await offAll(tech);
  // Someone clocked on when the order moves on can still clock off.
  await moveRepairOrder(a, waiting.order.id, "IN_PROGRESS");
  const { entry } = await clockOn(tech, { jobId: waiting.jobs[0]!.id });
  await moveRepairOrder(a, waiting.order.id, "WAITING_PARTS");
  expect((await myWork(tech)).orders.find((o) => o.id === waiting.order.id)?.jobs[0]).toMatchObject({ onNow: true, clockable: false });
  await expect(clockOff(tech, { timeEntryId: entry.id })).resolves.toMatchObject({ id: entry.id });
});

test("a technician cannot clock on to a job they cannot see, another workshop's, or a made-up id: NOT_FOUND, nothing changed", async () => {
  const before = await allEntries();
  const auditsBefore = (await audits(a, "timeEntry.clockOn")).length;
  for (const jobId of [jobs.hidden, jobs.inB, "not-a-uuid", "00000000-0000-4000-8000-000000000000"]) {
    await expect(clockOn(tech, { jobId })).rejects.toMatchObject({ code: "NOT_FOUND", message: "That job was not found." });
  }
  expect(await allEntries()).toEqual(before);
  expect(await audits(a, "timeEntry.clockOn")).toHaveLength(auditsBefore);
  // Nor see the hours of an order that is not theirs.
  await expect(jobHours(tech, orders.hidden)).rejects.toMatchObject({ code: "NOT_FOUND" });
  // A viewer reads but does not clock.
  await expect(clockOn(viewer, { jobId: jobs.brakes })).rejects.toMatchObject({ code: "FORBIDDEN" });
});

test("workshop B's member attacks A's time entries, jobs and orders by id: NOT_FOUND everywhere, nothing changed", async () => {
  const { entry } = await clockOn(tech, { jobId: jobs.brakes });
  const before = await allEntries();
  await expect(clockOn(b, { jobId: jobs.brakes })).rejects.toMatchObject({ code: "NOT_FOUND" });
  await expect(clockOff(b, { timeEntryId: entry.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
  await expect(correctTimeEntry(b, { timeEntryId: entry.id, startedAt: "2026-01-05T08:00", endedAt: "2026-01-05T09:00", reason: "Attack" })).rejects.toMatchObject({ code: "NOT_FOUND" });
  await expect(jobHours(b, orders.mine)).rejects.toMatchObject({ code: "NOT_FOUND" });
  expect((await listTimeEntries(b)).entries).toEqual([]);
  expect((await myWork(b)).orders.map((o) => o.id)).toEqual([orders.inB]);
  expect(await allEntries()).toEqual(before);
  // And A's people cannot reach B's.
  const bEntry = await clockOn(b, { jobId: jobs.inB });
  await expect(clockOff(advisor, { timeEntryId: bEntry.entry.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
  await clockOff(b, { timeEntryId: bEntry.entry.id });
  await offAll(tech);
});

test("an advisor clocks a technician off; another technician cannot (NOT_FOUND)", async () => {
  const { entry } = await clockOn(tech, { jobId: jobs.tyres });
  await expect(clockOff(otherTech, { timeEntryId: entry.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
  const off = await clockOff(advisor, { timeEntryId: entry.id });
  expect(off.endedAt).not.toBeNull();
  const [record] = await audits(a, "timeEntry.clockOff", entry.id);
  expect(record).toMatchObject({ actorUserId: advisor.userId, metadata: expect.objectContaining({ technicianUserId: tech.userId }) });
  const list = await listTimeEntries(advisor, { day: todayIn("Europe/London") });
  expect(list.entries.find((e) => e.id === entry.id)).toMatchObject({ technicianName: "te-tech", jobTitle: "Tyres" });
});

test("corrections: times in the workshop's zone with a reason, audited before and after; bad input changes nothing", async () => {
  const { entry } = await clockOn(tech, { jobId: jobs.brakes });
  await clockOff(tech, { timeEntryId: entry.id });
  const { entry: earlier } = await clockOn(tech, { jobId: jobs.tyres });
  await clockOff(tech, { timeEntryId: earlier.id });
  await correctTimeEntry(advisor, { timeEntryId: earlier.id, startedAt: "2026-06-01T08:00", endedAt: "2026-06-01T09:00", reason: "Forgot to clock on" });

  const corrected = await correctTimeEntry(advisor, { timeEntryId: entry.id, startedAt: "2026-06-01T09:00", endedAt: "2026-06-01T12:15", reason: "Forgot to clock off" });
  // 09:00 BST is 08:00 UTC.
  expect([corrected.startedAt.toISOString(), corrected.endedAt?.toISOString()]).toEqual(["2026-06-01T08:00:00.000Z", "2026-06-01T11:15:00.000Z"]);
  const [record, ...more] = await audits(a, "timeEntry.correct", entry.id);
  expect(more).toHaveLength(0);
  expect(record).toMatchObject({
    actorUserId: advisor.userId,
    metadata: {
      technicianUserId: tech.userId, jobId: jobs.brakes, repairOrderId: orders.mine, reason: "Forgot to clock off",
      before: { startedAt: entry.startedAt.toISOString(), endedAt: expect.any(String) },
      after: { startedAt: "2026-06-01T08:00:00.000Z", endedAt: "2026-06-01T11:15:00.000Z" },
    },
  });

  const before = await allEntries();
  const attempt = (change: Record<string, string>) => correctTimeEntry(advisor, { timeEntryId: entry.id, startedAt: "2026-06-01T09:00", endedAt: "2026-06-01T12:00", reason: "Fix", ...change });
  await expect(attempt({ endedAt: "2026-06-01T08:30" })).rejects.toMatchObject({ code: "VALIDATION_FAILED", fields: { endedAt: "Clocking off must come after clocking on." } });
  await expect(attempt({ startedAt: "2099-01-01T08:00", endedAt: "2099-01-01T09:00" })).rejects.toMatchObject({ fields: { startedAt: "That time has not come yet." } });
  await expect(attempt({ reason: " " })).rejects.toMatchObject({ fields: { reason: "Say why the time is corrected." } });
  await expect(attempt({ startedAt: "2026-02-30T09:00" })).rejects.toMatchObject({ fields: { startedAt: expect.any(String) } });
  await expect(attempt({ endedAt: "" })).rejects.toMatchObject({ fields: { endedAt: "Enter when the technician clocked off." } });
  await expect(attempt({ startedAt: "2026-06-01T08:30" })).rejects.toMatchObject({
    code: "VALIDATION_FAILED", fields: { startedAt: expect.stringContaining("overlaps the technician's time on “Tyres”") },
  });
  await expect(attempt({ endedAt: "2026-06-01T12:15" })).rejects.toMatchObject({ fields: { startedAt: "These are the times already recorded." } });
  await expect(correctTimeEntry(tech, { timeEntryId: entry.id, startedAt: "2026-06-01T09:00", endedAt: "2026-06-01T10:00", reason: "Me" })).rejects.toMatchObject({ code: "FORBIDDEN" });
  await expect(correctTimeEntry(viewer, { timeEntryId: entry.id, startedAt: "2026-06-01T09:00", endedAt: "2026-06-01T10:00", reason: "Me" })).rejects.toMatchObject({ code: "FORBIDDEN" });
  expect(await allEntries()).toEqual(before);
  expect(await audits(a, "timeEntry.correct", entry.id)).toHaveLength(1);

  // An entry still running (of a technician with no other time today): its start is corrected and it stays open.
  const { entry: running } = await clockOn(otherTech, { jobId: jobs.hidden });
  const start = new Date(Date.now() - 45 * 60_000);
  const local = new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/London", hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit" })
    .format(start).replace(", ", "T");
  const fixed = await correctTimeEntry(advisor, { timeEntryId: running.id, startedAt: local, endedAt: "", reason: "Clocked on late" });
  expect(fixed.endedAt).toBeNull();
  expect(Math.abs(fixed.startedAt.getTime() - start.getTime())).toBeLessThan(60_000);
  await offAll(otherTech);
});

test("logged against billed hours per job, for the repair order page", async () => {
  const order = await orderWithJobs(a, [
    { title: "Cambelt", lines: [labour("2.5", tech.userId)] },
    { title: "Water pump", lines: [labour("1", tech.userId), labour("0.25", otherTech.userId)] },
  ], "IN_PROGRESS", tech.userId);
  const [cambelt, pump] = [order.jobs[0]!.id, order.jobs[1]!.id];
  for (const [from, to] of [["2026-05-04T08:00", "2026-05-04T09:00"], ["2026-05-04T10:00", "2026-05-04T10:30"]] as const) {
    const { entry } = await clockOn(tech, { jobId: cambelt });
    await clockOff(tech, { timeEntryId: entry.id });
    await correctTimeEntry(advisor, { timeEntryId: entry.id, startedAt: from, endedAt: to, reason: "Fixture" });
  }
  const { entry: open } = await clockOn(otherTech, { jobId: pump });
  const hours = await jobHours(advisor, order.order.id, new Date(open.startedAt.getTime() + 15 * 60_000));
  expect(hours.get(cambelt)).toEqual({ loggedMs: 90 * 60_000, billedMilli: 2500, onNow: 0 });
  // The open entry counts up to now: 15 minutes.
  expect(hours.get(pump)).toEqual({ loggedMs: 15 * 60_000, billedMilli: 1250, onNow: 1 });
  expect((await jobHours(tech, order.order.id)).get(cambelt)?.billedMilli).toBe(2500);
  await offAll(otherTech);
});
