import pg from "pg";
import PgBoss from "pg-boss";
import { createCustomer } from "@/lib/customers/create-customer";
import { ZCustomer } from "@/lib/customers/customer-input";
import { updateCustomer } from "@/lib/customers/update-customer";
import { db, withTenant } from "@/lib/db";
import { JOB_SCHEMA } from "@/lib/jobs/registry";
import { sendJob, stopJobProducer } from "@/lib/jobs/send-job";
import { startJobWorkers, type JobWorkers } from "@/lib/jobs/workers";
import type { OrgContext } from "@/lib/org/context";
import { isoDay } from "@/lib/reminders/calendar-day";
import { listDueThisMonth } from "@/lib/reminders/list-due-this-month";
import { sendDueReminders } from "@/lib/reminders/send-due-reminders";
import { sendVehicleReminder } from "@/lib/reminders/send-vehicle-reminder";
import { addVehicle, ZVehicle } from "@/lib/vehicles/save-vehicle";
import { contextFor, joinWorkshop, signUp, uniqueEmail } from "../support/accounts";
import { createTestDatabase, type TestDatabase } from "../support/test-database";

let database: TestDatabase;
let a: OrgContext;
let b: OrgContext;

beforeAll(async () => {
  database = await createTestDatabase({ poolSize: 10 });
  const first = await signUp("rem-a");
  const second = await signUp("rem-b");
  a = await contextFor(first.userId, first.orgSlug);
  b = await contextFor(second.userId, second.orgSlug);
});

afterAll(async () => {
  await stopJobProducer();
  await database.drop();
});

let plates = 0;
let orderNumbers = 1000;

/** A customer and their car; readings are repair orders opened at those instants with that odometer. */
async function car(
  ctx: OrgContext,
  options: { consent: boolean; email?: string | null; vehicle?: Record<string, string>; readings?: Array<[string, number]> },
) {
  const email = options.email === undefined ? uniqueEmail("driver") : options.email;
  plates += 1;
  const customer = await createCustomer(
    ctx,
    ZCustomer.parse({ displayName: `Driver ${plates}`, email: email ?? "", ...(options.consent ? { reminderConsent: "on" } : {}) }),
  );
  const vehicle = await addVehicle(ctx, customer.id, ZVehicle.parse({ registration: `RM${plates} ABC`, make: "Ford", model: "Focus", ...options.vehicle }));
  for (const [at, odometerIn] of options.readings ?? []) {
    orderNumbers += 1;
    await withTenant(ctx.orgId, (tx) =>
      tx.repairOrder.create({
        data: { organizationId: ctx.orgId, number: orderNumbers, customerId: customer.id, billToCustomerId: customer.id, vehicleId: vehicle.id, odometerIn, createdAt: new Date(at) },
      }),
    );
  }
  return { customerId: customer.id, vehicleId: vehicle.id, email };
}

/** Read as a superuser: every workshop's rows, whatever the app could see. */
async function remindersOf(vehicleId: string) {
  const { rows } = await database.superuser.query<{ kind: string; dueOn: string; sent: boolean; skippedReason: string | null }>(
    `SELECT kind, to_char("dueOn", 'YYYY-MM-DD') AS "dueOn", "sentAt" IS NOT NULL AS sent, "skippedReason"
       FROM "ServiceReminder" WHERE "vehicleId" = $1 ORDER BY kind`,
    [vehicleId],
  );
  return rows;
}

async function mailsTo(email: string | null) {
  if (!email) return [];
  const { rows } = await database.superuser.query<{ subject: string; text: string }>(`SELECT subject, text FROM "OutboxEmail" WHERE "to" = $1`, [email]);
  return rows;
}

async function auditOf(orgId: string) {
  const { rows } = await database.superuser.query<{ action: string; targetId: string | null; actorUserId: string | null; metadata: Record<string, unknown> }>(
    `SELECT action, "targetId", "actorUserId", metadata FROM "AuditLog" WHERE "organizationId" = $1 ORDER BY seq`,
    [orgId],
  );
  return rows;
}

const remindersAudit = async (orgId: string) => (await auditOf(orgId)).filter((entry) => entry.action.startsWith("reminder."));

async function waitFor<T>(probe: () => Promise<T | undefined | null | false>, what: string, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe("the daily reminder run", () => {
  // Far from the real clock, so the workers' run (real time) further down never reaches these cars.
  const now = new Date("2030-03-10T09:00:00Z");

  test("emails each due vehicle once, records why the others got nothing, and never sends twice", async () => {
    const both = await car(a, { consent: true, vehicle: { inspectionDue: "2030-03-25", nextServiceDue: "2030-04-01" } });
    const noConsent = await car(a, { consent: false, vehicle: { nextServiceDue: "2030-03-20" } });
    const noEmail = await car(a, { consent: true, email: null, vehicle: { inspectionDue: "2030-03-30" } });
    const later = await car(a, { consent: true, vehicle: { nextServiceDue: "2030-06-01" } });
    const inB = await car(b, { consent: true, vehicle: { nextServiceDue: "2030-03-20" } });

    // Three runs at once (three instances), then a fourth after them: each claim is taken once.
    await Promise.all([sendDueReminders({ now }), sendDueReminders({ now }), sendDueReminders({ now })]);
    await sendDueReminders({ now });

    const mail = await mailsTo(both.email);
    expect(mail).toHaveLength(1);
    expect(mail[0]!.subject).toBe("Your Ford Focus (RM1 ABC) is due for a service");
    expect(mail[0]!.text).toContain("- a service on 1 April 2030");
    expect(mail[0]!.text).toContain("- its MOT / inspection on 25 March 2030");
    expect(await remindersOf(both.vehicleId)).toEqual([
      { kind: "SERVICE", dueOn: "2030-04-01", sent: true, skippedReason: null },
      { kind: "INSPECTION", dueOn: "2030-03-25", sent: true, skippedReason: null },
    ]);

    expect(await mailsTo(noConsent.email)).toHaveLength(0);
    expect(await remindersOf(noConsent.vehicleId)).toEqual([{ kind: "SERVICE", dueOn: "2030-03-20", sent: false, skippedReason: "no consent" }]);
    expect(await remindersOf(noEmail.vehicleId)).toEqual([{ kind: "INSPECTION", dueOn: "2030-03-30", sent: false, skippedReason: "no email" }]);
    expect(await remindersOf(later.vehicleId)).toEqual([]);
    expect(await mailsTo(later.email)).toHaveLength(0);

    // Workshop B's car is reminded in B, by the same run, and written to B's rows only.
    expect(await mailsTo(inB.email)).toHaveLength(1);
    expect(await remindersOf(inB.vehicleId)).toEqual([{ kind: "SERVICE", dueOn: "2030-03-20", sent: true, skippedReason: null }]);

    // One audit entry per change, by the system (no user), without personal details.
    const entries = await remindersAudit(a.orgId);
    expect(entries.map((e) => [e.action, e.targetId, e.actorUserId])).toEqual(
      expect.arrayContaining([
        ["reminder.send", both.vehicleId, null],
        ["reminder.skip", noConsent.vehicleId, null],
        ["reminder.skip", noEmail.vehicleId, null],
      ]),
    );
    expect(entries).toHaveLength(3);
    expect(JSON.stringify(entries)).not.toContain("@");
    expect((await remindersAudit(b.orgId)).map((e) => [e.action, e.targetId])).toEqual([["reminder.send", inB.vehicleId]]);

    // The customer agrees later (the customer form's checkbox, audited with the update): the next run sends it, once.
    await updateCustomer(a, noConsent.customerId, ZCustomer.parse({ displayName: "Driver 2", email: noConsent.email!, reminderConsent: "on" }));
    const update = (await auditOf(a.orgId)).filter((e) => e.action === "customer.update").at(-1)!;
    expect(update.metadata).toMatchObject({ reminderConsent: { from: false, to: true } });
    await sendDueReminders({ now });
    await sendDueReminders({ now });
    expect(await mailsTo(noConsent.email)).toHaveLength(1);
    expect(await remindersOf(noConsent.vehicleId)).toEqual([{ kind: "SERVICE", dueOn: "2030-03-20", sent: true, skippedReason: null }]);
  });
});

describe("due by date or by mileage, whichever first", () => {
  test("mileage dates are estimated from the visits' odometer readings (hand-computed)", async () => {
    // 40,000 on 1 January and 42,950 on 1 March 2030: 50 a day; 45,000 is 2,050 on: 41 days after 1 March = 11 April.
    const visits: Array<[string, number]> = [["2030-01-01T12:00:00Z", 40_000], ["2030-03-01T12:00:00Z", 42_950]];
    const byMileage = await car(a, { consent: true, readings: visits, vehicle: { odometer: "42950", nextServiceOdometer: "45000", nextServiceDue: "2030-06-01" } });
    const byDate = await car(a, { consent: true, readings: visits, vehicle: { odometer: "42950", nextServiceOdometer: "60000", nextServiceDue: "2030-04-20" } });
    // One visit: 1,000 a month. 2,050 x 365 / 12,000 = 62.35, so 63 days after 1 March = 3 May.
    const oneVisit = await car(a, { consent: true, readings: [["2030-03-01T12:00:00Z", 42_950]], vehicle: { odometer: "42950", nextServiceOdometer: "45000" } });

    const april = await listDueThisMonth(a, { now: new Date("2030-04-05T10:00:00Z") });
    const row = (vehicleId: string, list = april) => list.rows.find((r) => r.vehicleId === vehicleId);
    expect(row(byMileage.vehicleId)?.items).toEqual([
      expect.objectContaining({ kind: "SERVICE", dueOn: "2030-04-11", by: "mileage", odometer: 45_000, basis: "history", reminder: { state: "not sent" } }),
    ]);
    expect(row(byDate.vehicleId)?.items).toEqual([expect.objectContaining({ kind: "SERVICE", dueOn: "2030-04-20", by: "date" })]);
    expect(row(oneVisit.vehicleId)).toBeUndefined();

    const may = await listDueThisMonth(a, { now: new Date("2030-05-02T10:00:00Z") });
    expect(row(oneVisit.vehicleId, may)?.items).toEqual([expect.objectContaining({ dueOn: "2030-05-03", by: "mileage", basis: "default" })]);
    expect(row(byMileage.vehicleId, may)).toBeUndefined();
  });
});

describe("due this month", () => {
  test("is the workshop's calendar month: at 12:30 UTC on 30 April it is still April in London and already May in Auckland", async () => {
    const lastOfApril = await car(a, { consent: true, vehicle: { inspectionDue: "2031-04-30" } });
    const firstOfMay = await car(a, { consent: true, vehicle: { inspectionDue: "2031-05-01" } });
    const now = new Date("2031-04-30T12:30:00Z");
    const listed = async () => (await listDueThisMonth(a, { now })).rows.map((r) => r.vehicleId).filter((id) => [lastOfApril.vehicleId, firstOfMay.vehicleId].includes(id));
    expect(await listed()).toEqual([lastOfApril.vehicleId]);
    await db().organization.update({ where: { id: a.orgId }, data: { timezone: "Pacific/Auckland" } });
    try {
      expect(await listed()).toEqual([firstOfMay.vehicleId]);
    } finally {
      await db().organization.update({ where: { id: a.orgId }, data: { timezone: "Europe/London" } });
    }
  });

  test("never lists another workshop's vehicles, and another workshop's vehicle id is not found for send now", async () => {
    const now = new Date("2032-02-10T10:00:00Z");
    const mine = await car(a, { consent: true, vehicle: { nextServiceDue: "2032-02-20" } });
    const theirs = await car(b, { consent: true, vehicle: { nextServiceDue: "2032-02-20" } });
    const listA = await listDueThisMonth(a, { now });
    expect(listA.rows.map((r) => r.vehicleId)).toContain(mine.vehicleId);
    expect(listA.rows.map((r) => r.vehicleId)).not.toContain(theirs.vehicleId);
    expect((await listDueThisMonth(b, { now })).rows.map((r) => r.vehicleId)).toEqual([theirs.vehicleId]);

    const auditBefore = [(await auditOf(a.orgId)).length, (await auditOf(b.orgId)).length];
    await expect(sendVehicleReminder(a, theirs.vehicleId, { now })).rejects.toMatchObject({ code: "NOT_FOUND", status: 404 });
    await expect(sendVehicleReminder(a, "not-a-vehicle-id", { now })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await remindersOf(theirs.vehicleId)).toEqual([]);
    expect(await mailsTo(theirs.email)).toHaveLength(0);
    expect([(await auditOf(a.orgId)).length, (await auditOf(b.orgId)).length]).toEqual(auditBefore);
  });
});

describe("send now", () => {
  const now = new Date("2033-06-03T10:00:00Z");

  test("is refused with nothing changed when the customer has not agreed or has no email", async () => {
    const noConsent = await car(a, { consent: false, vehicle: { nextServiceDue: "2033-06-20" } });
    const noEmail = await car(a, { consent: true, email: null, vehicle: { inspectionDue: "2033-06-20" } });
    const auditBefore = (await auditOf(a.orgId)).length;
    const count = async () => (await database.superuser.query<{ n: string }>(`SELECT count(*) AS n FROM "ServiceReminder"`)).rows[0]!.n;
    const before = await count();

    await expect(sendVehicleReminder(a, noConsent.vehicleId, { now })).rejects.toMatchObject({
      code: "CONFLICT",
      message: expect.stringContaining("has not agreed to reminders by email"),
    });
    await expect(sendVehicleReminder(a, noEmail.vehicleId, { now })).rejects.toMatchObject({ code: "CONFLICT", message: expect.stringContaining("has no email address") });

    expect(await mailsTo(noConsent.email)).toHaveLength(0);
    expect(await count()).toBe(before);
    expect((await auditOf(a.orgId)).length).toBe(auditBefore);
    const listed = (await listDueThisMonth(a, { now })).rows.find((r) => r.vehicleId === noConsent.vehicleId)!;
    expect(listed).toMatchObject({ canSend: false, blockedBecause: "No consent to reminders by email" });
  });

  test("sends once; the second click is told when it went; roles without customer.update cannot send", async () => {
    const due = await car(a, { consent: true, vehicle: { nextServiceDue: "2033-06-25", inspectionDue: "2033-06-28" } });
    const viewer = await joinWorkshop(a, "VIEWER", "Vera Viewer");
    const technician = await joinWorkshop(a, "TECHNICIAN", "Terry Torque");
    for (const member of [viewer, technician]) {
      expect((await listDueThisMonth(member, { now })).rows.map((r) => r.vehicleId)).toContain(due.vehicleId);
      await expect(sendVehicleReminder(member, due.vehicleId, { now })).rejects.toMatchObject({ code: "FORBIDDEN" });
    }
    expect(await mailsTo(due.email)).toHaveLength(0);

    await expect(sendVehicleReminder(a, due.vehicleId, { now })).resolves.toEqual({ customerName: expect.any(String), sent: 2 });
    await expect(sendVehicleReminder(a, due.vehicleId, { now })).rejects.toMatchObject({ code: "CONFLICT", message: expect.stringContaining("already sent on") });
    expect(await mailsTo(due.email)).toHaveLength(1);
    const entries = (await remindersAudit(a.orgId)).filter((e) => e.targetId === due.vehicleId);
    expect(entries.map((e) => [e.action, e.actorUserId, e.metadata.trigger])).toEqual([["reminder.send", a.userId, "staff"]]);

    const listed = (await listDueThisMonth(a, { now })).rows.find((r) => r.vehicleId === due.vehicleId)!;
    expect(listed.canSend).toBe(false);
    expect(listed.items.map((item) => item.reminder.state)).toEqual(["sent", "sent"]);

    const notDue = await car(a, { consent: true, vehicle: { nextServiceDue: "2033-09-01" } });
    await expect(sendVehicleReminder(a, notDue.vehicleId, { now })).rejects.toMatchObject({ code: "CONFLICT", message: "Nothing falls due for this vehicle this month." });
  });
});

describe("background jobs (pg-boss on the test database, as the app role)", () => {
  let instances: JobWorkers[] = [];

  afterEach(async () => {
    await Promise.all(instances.map((instance) => instance.stop({ timeoutMs: 5_000 })));
    instances = [];
  });

  test("two instances' workers run the daily job: one email per due vehicle, and the work is done as awms_app", async () => {
    const inDays = (days: number) => isoDay(Math.floor(Date.now() / 86_400_000) + days);
    const first = await car(a, { consent: true, vehicle: { inspectionDue: inDays(10) } });
    const second = await car(a, { consent: true, vehicle: { nextServiceDue: inDays(5) } });
    const elsewhere = await car(b, { consent: true, vehicle: { nextServiceDue: inDays(7) } });

    instances = await Promise.all([1, 2].map(() => startJobWorkers({ connectionString: database.appUrl, pollingIntervalSeconds: 0.5 })));
    const jobIds = await Promise.all([sendJob("service-reminders"), instances[1]!.boss.send("service-reminders", {})]);
    await waitFor(async () => {
      const jobs = await Promise.all(jobIds.map((id) => instances[0]!.boss.getJobById("service-reminders", id!)));
      return jobs.every((job) => job?.state === "completed");
    }, "both reminder jobs to complete");

    for (const vehicle of [first, second, elsewhere]) expect(await mailsTo(vehicle.email)).toHaveLength(1);
    expect(await remindersOf(first.vehicleId)).toEqual([{ kind: "INSPECTION", dueOn: inDays(10), sent: true, skippedReason: null }]);

    // Both instances registered the one schedule; pg-boss keeps one row (and so one job per tick).
    const { rows: schedules } = await database.superuser.query(`SELECT name, cron, timezone FROM ${JOB_SCHEMA}.schedule WHERE name = 'service-reminders'`);
    expect(schedules).toEqual([{ name: "service-reminders", cron: "0 6 * * *", timezone: "UTC" }]);
    // Every pg-boss connection, and the handler's own, is the app role: no superuser, no BYPASSRLS, owns nothing.
    const { rows: sessions } = await database.superuser.query<{ usename: string }>(
      `SELECT DISTINCT usename FROM pg_stat_activity WHERE datname = current_database() AND application_name LIKE 'awms-jobs%'`,
    );
    expect(sessions).toEqual([{ usename: "awms_app" }]);
    expect(await db().$queryRaw`SELECT current_user::text AS role, r.rolsuper, r.rolbypassrls FROM pg_roles r WHERE r.rolname = current_user`).toEqual([
      { role: "awms_app", rolsuper: false, rolbypassrls: false },
    ]);
  });

  test("workers start and stop cleanly; maintenance and the cron check run as the app role; the app role cannot install pg-boss", async () => {
    const errors: unknown[] = [];
    const workers = await startJobWorkers({ connectionString: database.appUrl, pollingIntervalSeconds: 0.5 });
    workers.boss.on("error", (error) => errors.push(error));
    const stopped = new Promise<void>((resolve) => workers.boss.once("stopped", () => resolve()));

    // The timekeeper's cron check (an UPDATE of pg-boss's version row) and maintenance (archiving, expiry) need the app's grants.
    await waitFor(async () => (await database.superuser.query(`SELECT 1 FROM ${JOB_SCHEMA}.version WHERE cron_on IS NOT NULL`)).rowCount, "the cron check");
    await workers.boss.maintain();

    await workers.stop({ timeoutMs: 5_000 });
    await stopped;
    expect(errors).toEqual([]);
    // A server process lingers a moment after its client hangs up.
    await waitFor(async () => {
      const { rows } = await database.superuser.query<{ n: string }>(
        `SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'awms-jobs'`,
      );
      return rows[0]!.n === "0";
    }, "pg-boss's connections to close", 5_000);

    // Why the owner installs it at migration time: the app role may not create a schema.
    const connection = new pg.Client({ connectionString: database.appUrl });
    await connection.connect();
    try {
      const installer = new PgBoss({ db: { executeSql: (text, values) => connection.query(text, values) }, schema: "pgboss_by_app", supervise: false, schedule: false });
      await expect(installer.start()).rejects.toThrow(/permission denied for database/);
    } finally {
      await connection.end();
    }
  });
});
