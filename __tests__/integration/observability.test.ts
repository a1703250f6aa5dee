// What an operator sees of real requests: the log lines of an API call carry
// its request id and workshop; /api/metrics is valid Prometheus text behind its
// token, and its counters move when requests, refused sign-ins and 429s happen.
import { GET as scrapeRoute } from "@/app/api/metrics/route";
import { GET as listCustomers } from "@/app/api/v1/customers/route";
import { GET as getCustomer } from "@/app/api/v1/customers/[id]/route";
import { GET as exportAuditLogRoute } from "@/app/[orgSlug]/settings/audit-log/export/[format]/route";
import { GET as exportDownloadRoute } from "@/app/[orgSlug]/settings/privacy/exports/[requestId]/download/route";
import { GET as exportProgressRoute } from "@/app/[orgSlug]/settings/privacy/exports/[requestId]/progress/route";
import { createApiKey } from "@/lib/api-keys/create-api-key";
import { authenticate } from "@/lib/auth/authenticate";
import { randomUUID } from "node:crypto";
import { db } from "@/lib/db";
import { reloadServerEnv } from "@/lib/env";
import { superviseJob } from "@/lib/jobs/supervise-job";
import { log, setLogSink } from "@/lib/log/logger";
import type { OrgContext } from "@/lib/org/context";
import { contextFor, PASSWORD, resetLimiters, signUp } from "../support/accounts";
import { parsePrometheusText, sampleValue, type Sample } from "../support/prometheus-text";
import { createTestDatabase, type TestDatabase } from "../support/test-database";

const METRICS_TOKEN = "scrape-token-for-the-observability-test";
let database: TestDatabase;
let a: OrgContext;
let keyA = "";
let ownerEmail = "";

beforeAll(async () => {
  database = await createTestDatabase();
  process.env.METRICS_TOKEN = METRICS_TOKEN;
  process.env.TRUSTED_PROXY_HOPS = "1";
  delete process.env.REDIS_URL;
  await resetLimiters();
  const owner = await signUp("obs-a");
  ownerEmail = owner.email;
  await db().organization.update({ where: { slug: owner.orgSlug }, data: { plan: "PROFESSIONAL" } });
  a = await contextFor(owner.userId, owner.orgSlug);
  keyA = (await createApiKey(a, { name: "observability", scope: "READ" })).key;
});

afterAll(async () => {
  setLogSink(null);
  delete process.env.METRICS_TOKEN;
  reloadServerEnv();
  await database.drop();
});

let ipCounter = 0;
const freshIp = () => `192.0.2.${(ipCounter += 1)}`;

function apiRequest(path: string, options: { key?: string; requestId?: string; ip?: string } = {}) {
  const headers: Record<string, string> = { "x-forwarded-for": options.ip ?? freshIp(), "user-agent": "jest-observability" };
  if (options.key) headers.authorization = `Bearer ${options.key}`;
  if (options.requestId) headers["x-request-id"] = options.requestId;
  return new Request(`http://awms.test/api/v1${path}`, { headers });
}

const noParams = { params: Promise.resolve(undefined) };

async function scrape(authorization?: string) {
  const headers: Record<string, string> = authorization ? { authorization } : {};
  return scrapeRoute(new Request("http://awms.test/api/metrics", { headers }));
}

let lastScrape = "";
async function metricsNow(): Promise<Sample[]> {
  const response = await scrape(`Bearer ${METRICS_TOKEN}`);
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
  lastScrape = await response.text();
  return parsePrometheusText(lastScrape);
}

/** Runs `work` with the logger at info, collecting the raw JSON lines it writes. */
async function logLinesOf(work: () => Promise<unknown>): Promise<string[]> {
  const lines: string[] = [];
  const level = log.level;
  setLogSink({ write: (line) => lines.push(line) });
  log.level = "info";
  try {
    await work();
  } finally {
    log.level = level;
    setLogSink(null);
  }
  return lines;
}

test("every log line of an API call carries its request id and workshop, and one line sums it up", async () => {
  const requestId = "obs-req-0123456789";
  const lines = await logLinesOf(async () => {
    const response = await listCustomers(apiRequest("/customers", { key: keyA, requestId }), noParams);
    expect(response.status).toBe(200);
  });
  const entries = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
  const summary = entries.find((entry) => entry.event === "request");
  expect(summary).toMatchObject({ requestId, organizationId: a.orgId, userId: a.userId, route: "/api/v1/customers", method: "GET", status: 200, level: 30 });
  expect(typeof summary!.ms).toBe("number");
  for (const entry of entries) expect(entry.requestId).toBe(requestId);
  // The key itself never reaches the log.
  expect(lines.join("")).not.toContain(keyA);
});

test("a refused API key is logged with the request id and no key, and no workshop", async () => {
  const requestId = "obs-req-refused-42";
  const wrongKey = `${keyA.slice(0, -4)}zzzz`;
  const lines = await logLinesOf(() => listCustomers(apiRequest("/customers", { key: wrongKey, requestId }), noParams));
  const entries = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
  expect(entries.find((entry) => entry.event === "request")).toMatchObject({ requestId, status: 401 });
  for (const entry of entries) expect(entry).not.toHaveProperty("organizationId");
  expect(lines.join("")).not.toContain(wrongKey);
});

test("/api/metrics is refused without the token or with a wrong one, and does not exist without METRICS_TOKEN", async () => {
  expect((await scrape()).status).toBe(401);
  expect((await scrape(`Bearer ${METRICS_TOKEN}x`)).status).toBe(401);
  expect((await scrape(`Basic ${Buffer.from(`x:${METRICS_TOKEN}`).toString("base64")}`)).status).toBe(401);
  const refused = await scrape("Bearer nope");
  expect(refused.headers.get("www-authenticate")).toMatch(/^Bearer/);
  expect(await refused.text()).not.toContain("awms_");
  delete process.env.METRICS_TOKEN;
  reloadServerEnv();
  try {
    expect((await scrape(`Bearer ${METRICS_TOKEN}`)).status).toBe(404);
  } finally {
    process.env.METRICS_TOKEN = METRICS_TOKEN;
    reloadServerEnv();
  }
});

test("the scrape is valid Prometheus text with process metrics, job queue depth and every AWMS family", async () => {
  const samples = await metricsNow();
  const names = new Set(samples.map((sample) => sample.name));
  for (const name of ["process_cpu_user_seconds_total", "nodejs_eventloop_lag_seconds", "awms_job_queue_depth"]) expect(names).toContain(name);
  expect(sampleValue(samples, "awms_job_queue_depth", { queue: "service-reminders" })).toBe(0);
  const families = [...lastScrape.matchAll(/^# TYPE (awms_\w+) (\w+)$/gm)].map(([, name, type]) => `${name} ${type}`);
  expect(families.sort()).toEqual([
    "awms_errors_total counter", "awms_http_request_duration_seconds histogram", "awms_http_requests_total counter",
    "awms_job_failures_total counter", "awms_job_queue_depth gauge", "awms_login_failures_total counter",
    "awms_quota_rejections_total counter", "awms_rate_limit_front_door_rejections_total counter",
    "awms_rate_limit_front_door_served_last_total counter", "awms_rate_limit_rejections_total counter",
    "awms_server_action_duration_seconds histogram", "awms_server_actions_total counter",
  ]);
  // Route labels are patterns: no id or slug of a workshop appears anywhere.
  const labels = samples.flatMap((sample) => Object.values(sample.labels)).join(" ");
  expect(labels).not.toContain(a.orgSlug);
  expect(labels).not.toContain(a.orgId);
});

test("a request moves its route's counter and latency by one", async () => {
  const labels = { route: "/api/v1/customers", method: "GET", status_class: "2xx" };
  const before = await metricsNow();
  expect((await listCustomers(apiRequest("/customers", { key: keyA }), noParams)).status).toBe(200);
  const after = await metricsNow();
  expect(sampleValue(after, "awms_http_requests_total", labels) - sampleValue(before, "awms_http_requests_total", labels)).toBe(1);
  expect(sampleValue(after, "awms_http_request_duration_seconds_count", labels) - sampleValue(before, "awms_http_request_duration_seconds_count", labels)).toBe(1);
  expect(sampleValue(after, "awms_http_request_duration_seconds_bucket", { ...labels, le: "+Inf" })).toBe(sampleValue(after, "awms_http_request_duration_seconds_count", labels));
});

test("a refused sign-in moves the login failures by one", async () => {
  const before = await metricsNow();
  const result = await authenticate({ email: ownerEmail, password: `${PASSWORD}!` }, { ip: freshIp(), userAgent: "jest", requestId: "obs-signin-1" });
  expect(result).toMatchObject({ ok: false, failure: "INVALID_CREDENTIALS" });
  const after = await metricsNow();
  expect(sampleValue(after, "awms_login_failures_total", { reason: "credentials" }) - sampleValue(before, "awms_login_failures_total", { reason: "credentials" })).toBe(1);
});

test("a 429 moves the rate-limit rejections by one, and the error counter by its code", async () => {
  const ip = freshIp();
  // Failed keys from one address are limited per address (public:api-auth): spend its allowance first.
  let status = 0;
  let attempts = 0;
  while (status !== 429 && attempts < 100) {
    attempts += 1;
    const response = await listCustomers(apiRequest("/customers", { key: "awms_bad_key", ip }), noParams);
    status = response.status;
    if (status === 429) break;
    expect(status).toBe(401);
  }
  const before = await metricsNow();
  const refused = await listCustomers(apiRequest("/customers", { key: "awms_bad_key", ip }), noParams);
  expect(refused.status).toBe(429);
  const after = await metricsNow();
  expect(sampleValue(after, "awms_rate_limit_rejections_total", { kind: "public" }) - sampleValue(before, "awms_rate_limit_rejections_total", { kind: "public" })).toBe(1);
  expect(sampleValue(after, "awms_errors_total", { code: "RATE_LIMITED" }) - sampleValue(before, "awms_errors_total", { code: "RATE_LIMITED" })).toBe(1);
  expect(sampleValue(after, "awms_http_requests_total", { route: "/api/v1/customers", method: "GET", status_class: "4xx" })).toBeGreaterThan(0);
});

test("a database error that quotes a customer's row (duplicate email, a refused row) is logged without the values", async () => {
  const email = "duplicate.customer@example.test";
  const phone = "+44 7700 900456";
  const errors: unknown[] = [];
  await database.owner.query(`INSERT INTO "User" (id, email, name, "updatedAt") VALUES (gen_random_uuid(), $1, 'First', now())`, [email]);
  await database.owner.query(`INSERT INTO "User" (id, email, name, "updatedAt") VALUES (gen_random_uuid(), $1, 'Second', now())`, [email]).catch((error: unknown) => errors.push(error));
  await database.owner.query(`CREATE TEMP TABLE refused_contact (phone text CHECK (phone = ''), surname text NOT NULL)`);
  await database.owner.query(`INSERT INTO refused_contact VALUES ($1, 'Kowalczyk')`, [phone]).catch((error: unknown) => errors.push(error));
  expect(errors).toHaveLength(2);
  // Postgres names the values in the error's detail: the proof that there is something to hide.
  expect(JSON.stringify(errors.map((error) => (error as { detail?: string }).detail))).toContain(email);
  const lines = await logLinesOf(async () => {
    for (const error of errors) {
      log.error({ event: "save_failed", err: error }, "could not save");
      log.error(error as Error);
    }
  });
  expect(lines).toHaveLength(4);
  const raw = lines.join("");
  for (const secret of [email, phone, "7700 900456", "Kowalczyk"]) expect(raw).not.toContain(secret);
  // The error is still useful to an operator: its kind, code and constraint.
  expect(JSON.parse(lines[0]!)).toMatchObject({ err: { code: "23505", constraint: "User_email_key", message: expect.stringContaining("duplicate key") } });
});

test("an error message or stack that quotes an email or card number is logged masked", async () => {
  const lines = await logLinesOf(async () => {
    log.error({ err: new Error("reminder to jane.customer@example.test bounced (card 4242424242424242)") }, "reminder failed");
  });
  const raw = lines.join("");
  expect(raw).not.toContain("jane.customer@example.test");
  expect(raw).not.toContain("4242424242424242");
  expect(JSON.parse(lines[0]!)).toMatchObject({ err: { message: "reminder to [email] bounced (card [card])" } });
});

test("every line a background job writes, however deep in lib, carries its queue and job id", async () => {
  const jobId = "5f0c8a52-3a7e-4c55-9d1e-6b2f7a9c1d00";
  const lines = await logLinesOf(() =>
    superviseJob("service-reminders", async () => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      log.warn({ event: "reminder_skipped" }, "a reminder was skipped");
    }, { id: jobId, name: "service-reminders", data: {} } as never),
  );
  const entries = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
  expect(entries.map((entry) => entry.msg)).toEqual(["background job started", "a reminder was skipped", "background job finished"]);
  for (const entry of entries) expect(entry).toMatchObject({ job: "service-reminders", jobId });
});

test("a customer id in an API path is counted under the route pattern: the id is nowhere in the scrape", async () => {
  const id = randomUUID();
  const response = await getCustomer(apiRequest(`/customers/${id}`, { key: keyA }), { params: Promise.resolve({ id }) });
  expect(response.status).toBe(404);
  const samples = await metricsNow();
  expect(sampleValue(samples, "awms_http_requests_total", { route: "/api/v1/customers/{id}", method: "GET", status_class: "4xx" })).toBeGreaterThanOrEqual(1);
  expect(lastScrape).not.toContain(id);
});

test("the audit log and GDPR export downloads are logged with their request id and counted under their route pattern, never their slug or ids", async () => {
  const slug = `no-such-workshop-${randomUUID().slice(0, 8)}`;
  const id = randomUUID();
  const calls: Array<[string, (request: Request) => Promise<Response>]> = [
    ["/[orgSlug]/settings/audit-log/export/[format]", (request) => exportAuditLogRoute(request, { params: Promise.resolve({ orgSlug: slug, format: "csv" }) })],
    ["/[orgSlug]/settings/privacy/exports/[requestId]/download", (request) => exportDownloadRoute(request, { params: Promise.resolve({ orgSlug: slug, requestId: id }) })],
    ["/[orgSlug]/settings/privacy/exports/[requestId]/progress", (request) => exportProgressRoute(request, { params: Promise.resolve({ orgSlug: slug, requestId: id }) })],
  ];
  for (const [route, call] of calls) {
    const requestId = `obs-file-${randomUUID().slice(0, 8)}`;
    const before = await metricsNow();
    const lines = await logLinesOf(() => call(new Request(`http://awms.test/${slug}/x/${id}`, { headers: { "x-request-id": requestId } })).catch(() => null));
    const after = await metricsNow();
    const counted = (samples: Sample[]) => samples.filter((sample) => sample.name === "awms_http_requests_total" && sample.labels.route === route).reduce((sum, sample) => sum + sample.value, 0);
    expect({ route, moved: counted(after) - counted(before) }).toEqual({ route, moved: 1 });
    expect(lines.map((line) => JSON.parse(line) as Record<string, unknown>).find((entry) => entry.event === "request")).toMatchObject({ requestId, route });
    expect(lastScrape).not.toContain(slug);
    expect(lastScrape).not.toContain(id);
  }
});
