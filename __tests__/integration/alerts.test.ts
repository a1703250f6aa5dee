// Alerts as an on-call engineer receives them: PagerDuty Events API v2 JSON at
// a local receiver, once per incident, for error-rate spikes, per-workshop
// anomalies, failed jobs and broken audit chains; and a receiver that is down
// never slows a request.
import { hostname } from "node:os";
import PgBoss from "pg-boss";
import { anomalyThreshold, noteSecurityEvent } from "@/lib/alerts/anomaly";
import { alertAuditChainBroken } from "@/lib/alerts/audit-chain";
import { alertJobFailed } from "@/lib/alerts/job-failed";
import { resetErrorRate } from "@/lib/alerts/error-rate";
import { flushAlerts, forgetAlerts } from "@/lib/alerts/send-alert";
import type { PagerDutyEvent } from "@/lib/alerts/pagerduty-event";
import { verifyOrganizationChain } from "@/lib/audit/verify-chain";
import { runAuditVerification } from "@/lib/audit/verify-audit-chains";
import { reloadServerEnv } from "@/lib/env";
import { createBoss } from "@/lib/jobs/boss";
import { redis, redisKeyPrefix, whenRedisReady } from "@/lib/rate-limit/redis";
import { JOB_SCHEMA } from "@/lib/jobs/registry";
import { superviseJob } from "@/lib/jobs/supervise-job";
import { log, setLogSink } from "@/lib/log/logger";
import { metrics } from "@/lib/observability/metrics";
import { observeRequest } from "@/lib/observability/observe-request";
import type { OrgContext } from "@/lib/org/context";
import { authorize } from "@/lib/rbac";
import { contextFor, joinWorkshop, resetLimiters, signUp } from "../support/accounts";
import { startAlertReceiver, type AlertReceiver } from "../support/alert-receiver";
import { removeRedisKeys } from "../support/shared-redis";
import { createTestDatabase, type TestDatabase } from "../support/test-database";

const ROUTING_KEY = "R0UT1NGKEY0123456789ABCDEF012345";
let database: TestDatabase;
let receiver: AlertReceiver;
const REDIS_PREFIX = `awms-test-alerts-${process.pid}-${Date.now()}`;

beforeAll(async () => {
  database = await createTestDatabase();
  receiver = await startAlertReceiver();
  Object.assign(process.env, {
    ALERT_WEBHOOK_URL: receiver.url,
    ALERT_ROUTING_KEY: ROUTING_KEY,
    ALERT_ERROR_RATE: "0.5",
    ALERT_ERROR_RATE_MIN_REQUESTS: "10",
    ALERT_ANOMALY_FLOOR: "5",
    ALERT_ANOMALY_FACTOR: "3",
    REDIS_URL: "redis://127.0.0.1:6379",
    AWMS_REDIS_PREFIX: REDIS_PREFIX,
  });
  await resetLimiters();
});

afterAll(async () => {
  await flushAlerts();
  await receiver.close();
  await resetLimiters();
  await removeRedisKeys(REDIS_PREFIX, "redis://127.0.0.1:6379");
  for (const name of ["ALERT_WEBHOOK_URL", "ALERT_ROUTING_KEY", "ALERT_ERROR_RATE", "ALERT_ERROR_RATE_MIN_REQUESTS", "ALERT_ANOMALY_FLOOR", "ALERT_ANOMALY_FACTOR", "REDIS_URL", "AWMS_REDIS_PREFIX"]) delete process.env[name];
  reloadServerEnv();
  await database.drop();
});

beforeEach(() => {
  receiver.events.length = 0;
  forgetAlerts();
  resetErrorRate();
});

async function waitFor(check: () => boolean, what: string, timeoutMs = 5_000) {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Lets anything still in the background arrive, so "exactly one" means one. */
async function settle() {
  await new Promise((resolve) => setTimeout(resolve, 300));
  await flushAlerts();
}

const answer = (status: number) =>
  observeRequest({ route: "/api/v1/customers", method: "GET", requestId: `alert-test-${status}` }, async () => new Response(null, { status }));

function expectPagerDutyTrigger(event: PagerDutyEvent | undefined, dedupKey: string | RegExp, klass: string) {
  expect(event).toEqual({
    routing_key: ROUTING_KEY,
    event_action: "trigger",
    dedup_key: expect.stringMatching(typeof dedupKey === "string" ? `^${dedupKey.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$` : dedupKey),
    payload: {
      summary: expect.any(String),
      source: expect.stringMatching(/^awms@/),
      severity: expect.stringMatching(/^(critical|error|warning|info)$/),
      timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      component: expect.any(String),
      group: expect.any(String),
      class: klass,
      custom_details: expect.any(Object),
    },
  });
}

test("an error-rate spike sends one trigger however many errors it has, and one resolve when it clears", async () => {
  for (let i = 0; i < 9; i += 1) await answer(500);
  await settle();
  expect(receiver.events).toHaveLength(0); // nine answers: below the minimum volume

  await answer(500);
  await waitFor(() => receiver.events.length === 1, "the trigger");
  // Per instance (host and process): another instance's recovery must not resolve this one's incident.
  expectPagerDutyTrigger(receiver.events[0], new RegExp(`^error-rate:${hostname()}:${process.pid}:\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.000Z$`), "error-rate");
  expect(receiver.events[0]!.payload).toMatchObject({ severity: "critical", component: "http", custom_details: { failures: 10, answers: 10 } });

  for (let i = 0; i < 20; i += 1) await answer(500);
  await settle();
  expect(receiver.events).toHaveLength(1);

  // Back under 50 % is not yet over: 30 of 120 (25 %) keeps the incident open.
  for (let i = 0; i < 90; i += 1) await answer(200);
  await settle();
  expect(receiver.events).toHaveLength(1);
  // Under half the threshold, the same incident is resolved.
  await answer(200);
  await waitFor(() => receiver.events.length === 2, "the resolve");
  expect(receiver.events[1]).toEqual({ routing_key: ROUTING_KEY, event_action: "resolve", dedup_key: receiver.events[0]!.dedup_key });
  await settle();
  expect(receiver.events).toHaveLength(2);
});

test("an error rate hovering at the threshold is one incident, not a trigger and a resolve for every other request", async () => {
  for (let i = 0; i < 10; i += 1) await answer(500);
  await waitFor(() => receiver.events.length === 1, "the trigger");
  // 50 % and just under, by turns: still the same trouble for the on-call engineer.
  for (let i = 0; i < 10; i += 1) await answer(200);
  for (let i = 0; i < 10; i += 1) {
    await answer(200);
    await answer(500);
  }
  await settle();
  expect(receiver.events.map((event) => event.event_action)).toEqual(["trigger"]);
});

describe("anomalies per workshop", () => {
  let ownerA: OrgContext;
  let viewerA: OrgContext;
  let viewerB: OrgContext;

  beforeAll(async () => {
    const a = await signUp("alert-a");
    ownerA = await contextFor(a.userId, a.orgSlug);
    viewerA = await joinWorkshop(ownerA, "VIEWER", "viewer-a");
    const b = await signUp("alert-b");
    viewerB = await joinWorkshop(await contextFor(b.userId, b.orgSlug), "VIEWER", "viewer-b");
  });

  const denied = (ctx: OrgContext) => expect(authorize(ctx, "invoice.void")).rejects.toMatchObject({ code: "FORBIDDEN" });

  test("a burst of permission denials in workshop A alerts for A once, and not for B", async () => {
    for (let i = 0; i < 3; i += 1) await denied(viewerB);
    for (let i = 0; i < 12; i += 1) await denied(viewerA);
    await waitFor(() => receiver.events.length >= 1, "the anomaly alert");
    await settle();
    expect(receiver.events).toHaveLength(1);
    const hour = new Date().toISOString().slice(0, 13);
    expectPagerDutyTrigger(receiver.events[0], `anomaly:${viewerA.orgId}:permission-denied:${hour}`, "anomaly");
    expect(receiver.events[0]!.payload).toMatchObject({ severity: "warning", group: viewerA.orgId, custom_details: { organizationId: viewerA.orgId, kind: "permission-denied", count: 5 } });
    expect(JSON.stringify(receiver.events)).not.toContain(viewerB.orgId);
  });

  test("what is usual for a workshop is not an anomaly; far above its own usual is", async () => {
    const orgId = ownerA.orgId;
    const window = 5 * 60_000;
    const start = Date.now() - 30 * window;
    // Twenty-four quiet windows with 4 failed sign-ins each (under the floor of 5 on its own).
    for (let w = 0; w < 24; w += 1) for (let i = 0; i < 4; i += 1) await noteSecurityEvent(orgId, "login-failed", start + w * window);
    const now = start + 24 * window;
    // Its usual is now about 4 a window: 5 is no news, and the threshold is 3 x usual.
    for (let i = 0; i < 6; i += 1) await noteSecurityEvent(orgId, "login-failed", now);
    await settle();
    expect(receiver.events).toHaveLength(0);
    const threshold = anomalyThreshold(3.7);
    expect(threshold).toBeGreaterThan(5);
    for (let i = 6; i < 40; i += 1) await noteSecurityEvent(orgId, "login-failed", now);
    await settle();
    expect(receiver.events).toHaveLength(1);
    expect(receiver.events[0]!.dedup_key).toMatch(new RegExp(`^anomaly:${orgId}:login-failed:`));
    expect(receiver.events[0]!.payload!.custom_details.count).toBeGreaterThanOrEqual(threshold);
  });

  test("the counts live in Redis under one key per workshop and kind, and expire once the workshop is quiet", async () => {
    const client = redis()!;
    await whenRedisReady(client, 2_000);
    await noteSecurityEvent(viewerB.orgId, "login-failed");
    await noteSecurityEvent(viewerB.orgId, "login-failed");
    const keys = (await client.keys(`${redisKeyPrefix()}:anomaly:*`)).sort();
    // Bounded by workshops x 2 kinds, whatever was typed into a sign-in form.
    for (const key of keys) expect(key).toMatch(new RegExp(`^${redisKeyPrefix()}:anomaly:[0-9a-f-]{36}:(permission-denied|login-failed)$`));
    const key = `${redisKeyPrefix()}:anomaly:${viewerB.orgId}:login-failed`;
    expect(keys).toContain(key);
    expect(await client.hget(key, "c")).toBe("2");
    const ttl = await client.ttl(key);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(7 * 24 * 3600);
  });
});

test("a job that fails with no retries left raises one alert for that job", async () => {
  const queue = `alert-test-fails-${Date.now()}`;
  const owner = new PgBoss({ connectionString: database.ownerUrl, schema: JOB_SCHEMA, migrate: false, supervise: false, schedule: false, max: 1 });
  owner.on("error", () => {});
  await owner.start();
  await owner.createQueue(queue, { name: queue, retryLimit: 0 });
  await owner.stop({ graceful: false });
  // A queue is a table of its own: the app role gets rows on it as the migration grants them.
  await database.owner.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA ${JOB_SCHEMA} TO awms_app`);

  const boss = createBoss({ connectionString: database.appUrl, maintenance: false, pollingIntervalSeconds: 0.5 });
  await boss.start();
  const failuresBefore = (await metrics().jobFailures.get()).values.find((value) => value.labels.queue === queue)?.value ?? 0;
  try {
    await boss.work(queue, { batchSize: 1, includeMetadata: true }, async ([job]) => {
      if (job) await superviseJob(queue, async () => { throw new Error("the supplier's catalogue answered 500"); }, job);
    });
    const jobId = await boss.send(queue, { attempt: 1 });
    await waitFor(() => receiver.events.length === 1, "the job alert", 10_000);
    await settle();
    expect(receiver.events).toHaveLength(1);
    expectPagerDutyTrigger(receiver.events[0], `job-failed:${queue}:${jobId}`, "job-failed");
    expect(receiver.events[0]!.payload).toMatchObject({ component: "jobs", group: queue, custom_details: { queue, jobId, attempts: 1, error: "the supplier's catalogue answered 500" } });
    expect((await boss.getJobById(queue, jobId!))?.state).toBe("failed");
    const failuresAfter = (await metrics().jobFailures.get()).values.find((value) => value.labels.queue === queue)?.value ?? 0;
    expect(failuresAfter - failuresBefore).toBe(1);
  } finally {
    await boss.stop({ graceful: false });
  }
});

test("a failed job's alert says why in its summary and carries no customer's email or card number", async () => {
  // Prisma's messages start with a blank line; the reason is further down.
  const error = new Error("\nInvalid `tx.reminder.create()` invocation:\n\nreminder to jane.customer@example.test for card 4242424242424242 bounced");
  alertJobFailed("service-reminders", "7f1c2d3e-0000-4000-8000-000000000001", error, 3);
  await waitFor(() => receiver.events.length === 1, "the job alert");
  const event = JSON.stringify(receiver.events[0]);
  expect(event).not.toContain("jane.customer@example.test");
  expect(event).not.toContain("4242424242424242");
  expect(receiver.events[0]!.payload!.summary).toBe("Background job service-reminders failed after 3 attempts: Invalid `tx.reminder.create()` invocation:");
  expect(receiver.events[0]!.payload!.custom_details.error).toContain("reminder to [email] for card [card] bounced");
});

test("a broken audit chain alerts once per workshop, however often it is verified", async () => {
  const owner = await signUp("alert-audit");
  const ctx = await contextFor(owner.userId, owner.orgSlug);
  alertAuditChainBroken(await verifyOrganizationChain(ctx.orgId));
  await settle();
  expect(receiver.events).toHaveLength(0);

  const client = await database.owner.connect();
  try {
    await client.query("BEGIN");
    await client.query("SELECT set_config('app.org_id', $1, true)", [ctx.orgId]);
    await client.query('ALTER TABLE "AuditLog" DISABLE TRIGGER audit_log_append_only');
    await client.query(`UPDATE "AuditLog" SET action = 'member.remove' WHERE "organizationId" = $1 AND seq = 1`, [ctx.orgId]);
    await client.query('ALTER TABLE "AuditLog" ENABLE TRIGGER audit_log_append_only');
    await client.query("COMMIT");
  } finally {
    client.release();
  }
  // The daily audit-verify job finds it on its own; checking again (job or on demand) is the same incident.
  await runAuditVerification();
  await settle();
  expect(receiver.events).toHaveLength(1);
  await runAuditVerification();
  alertAuditChainBroken(await verifyOrganizationChain(ctx.orgId));
  await settle();
  expect(receiver.events).toHaveLength(1);
  expectPagerDutyTrigger(receiver.events[0], `audit-chain:${ctx.orgId}`, "audit-chain");
  expect(receiver.events[0]!.payload).toMatchObject({ severity: "critical", custom_details: { organizationId: ctx.orgId, brokenAtSeq: 1 } });
});

test("a receiver that hangs or is down neither slows nor fails the request that raised the alert", async () => {
  const lines: string[] = [];
  setLogSink({ write: (line) => lines.push(line) });
  const level = log.level;
  log.level = "info";
  try {
    receiver.hang(true);
    for (let i = 0; i < 9; i += 1) await answer(500);
    let started = performance.now();
    expect((await answer(500)).status).toBe(500); // this one opens the incident
    expect(performance.now() - started).toBeLessThan(200);

    // Down: nothing listens on the address at all.
    process.env.ALERT_WEBHOOK_URL = "http://127.0.0.1:9/v2/enqueue";
    reloadServerEnv();
    forgetAlerts();
    resetErrorRate();
    for (let i = 0; i < 9; i += 1) await answer(503);
    started = performance.now();
    expect((await answer(503)).status).toBe(503);
    expect(performance.now() - started).toBeLessThan(200);

    // The hung send gives up after its timeout; both failures are logged.
    await flushAlerts();
    const failures = lines.map((line) => JSON.parse(line) as Record<string, unknown>).filter((entry) => entry.event === "alert_send_failed");
    expect(failures).toHaveLength(2);
    expect(receiver.events).toHaveLength(0);
  } finally {
    receiver.hang(false);
    process.env.ALERT_WEBHOOK_URL = receiver.url;
    reloadServerEnv();
    log.level = level;
    setLogSink(null);
  }
});
