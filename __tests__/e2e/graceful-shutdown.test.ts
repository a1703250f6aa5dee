// `npm start` stopped by SIGTERM (a deploy, a scale-down) while an integration is halfway
// through sending a new customer: the customer is still created and answered, nobody new can
// connect meanwhile, and the process closes its job workers, database pool and Redis and exits 0
// well within SHUTDOWN_GRACE_SECONDS; a request that outlasts the grace period is cut off at it.
import http from "node:http";
import { createApiKey } from "@/lib/api-keys/create-api-key";
import { db, withTenant } from "@/lib/db";
import { contextFor, signUp } from "../support/accounts";
import { launchApp, logLines, waitUntilServing, type LaunchedApp } from "../support/launched-app";
import { createTestDatabase, type TestDatabase } from "../support/test-database";

const GRACE_SECONDS = 10;
let database: TestDatabase;
let app: LaunchedApp;
let stubborn: LaunchedApp | undefined;

beforeAll(async () => {
  database = await createTestDatabase();
  app = await launchApp({ DATABASE_URL: database.appUrl, REDIS_URL: "redis://127.0.0.1:6379", AWMS_REDIS_PREFIX: `awms-e2e-shutdown-${process.pid}`, SHUTDOWN_GRACE_SECONDS: String(GRACE_SECONDS) });
  await waitUntilServing(app);
}, 180_000);

afterAll(async () => {
  await app?.stop();
  await stubborn?.stop();
  await database?.drop();
});

/** A POST whose body arrives in two halves: the request is in flight for as long as the test waits between them. */
function slowPost(url: string, key: string, body: string) {
  const half = Math.floor(body.length / 2);
  const request = http.request(url, {
    method: "POST",
    headers: { Authorization: `Bearer ${key}`, "Content-Type": "application/json", "Content-Length": Buffer.byteLength(body) },
  });
  const answered = new Promise<{ status: number; body: string }>((resolve, reject) => {
    request.on("response", (response) => {
      let text = "";
      response.on("data", (chunk: Buffer) => (text += chunk.toString()));
      response.on("end", () => resolve({ status: response.statusCode ?? 0, body: text }));
    });
    request.on("error", reject);
  });
  request.write(body.slice(0, half));
  return { answered, finish: () => request.end(body.slice(half)) };
}

async function apiKeyOfNewWorkshop(label: string) {
  const account = await signUp(label);
  const ctx = await contextFor(account.userId, account.orgSlug);
  await db().organization.update({ where: { id: ctx.orgId }, data: { plan: "PROFESSIONAL" } });
  const { key } = await createApiKey(await contextFor(account.userId, account.orgSlug), { name: "shutdown probe", scope: "READ_WRITE" });
  return { orgId: ctx.orgId, key };
}

async function waitForLog(text: string, server: LaunchedApp = app) {
  const deadline = Date.now() + 10_000;
  while (!server.logs().includes(text)) {
    if (Date.now() > deadline) throw new Error(`no "${text}" in:\n${server.logs()}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

test("SIGTERM lets the request in flight finish, refuses new connections, closes everything and exits 0", async () => {
  const { orgId, key } = await apiKeyOfNewWorkshop("graceful");

  const inFlight = slowPost(`${app.url}/api/v1/customers`, key, JSON.stringify({ displayName: "Halfway Haulage Ltd", kind: "BUSINESS" }));
  await new Promise((resolve) => setTimeout(resolve, 500));
  const signalled = Date.now();
  app.child.kill("SIGTERM");
  await waitForLog("shutdown: no new connections");

  // The listener is closed: a new visitor is refused at once instead of being taken and dropped.
  await expect(fetch(`${app.url}/api/health`)).rejects.toMatchObject({ cause: { code: "ECONNREFUSED" } });
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  expect(app.child.exitCode).toBeNull();

  inFlight.finish();
  const answer = await inFlight.answered;
  expect(answer.status).toBe(201);
  expect(JSON.parse(answer.body)).toMatchObject({ displayName: "Halfway Haulage Ltd" });

  const code = await app.exited;
  const stoppedAfterMs = Date.now() - signalled;
  console.log(`Graceful shutdown: exit ${code} ${stoppedAfterMs} ms after SIGTERM (grace ${GRACE_SECONDS} s), in-flight request held open 1.5 s`);
  expect(code).toBe(0);
  expect(stoppedAfterMs).toBeLessThan(GRACE_SECONDS * 1000);

  const customers = await withTenant(orgId, (tx) => tx.customer.findMany({ select: { displayName: true } }));
  expect(customers).toEqual([{ displayName: "Halfway Haulage Ltd" }]);
  const steps = logLines(app).map((line) => line.msg);
  expect(steps).toEqual(
    expect.arrayContaining([
      "shutdown: every request in flight has finished",
      "background job workers stopped",
      "shutdown: database pool closed",
      "shutdown: redis closed",
      "shutdown: background job producer closed",
      "shutdown: stopped",
    ]),
  );
  expect(logLines(app).find((line) => String(line.msg).startsWith("shutdown: no new connections"))).toMatchObject({ inFlight: 1 });
}, 60_000);

test("a request still in flight when the grace period ends is cut off, nothing half-done is kept, and the exit code says so", async () => {
  stubborn = await launchApp({ DATABASE_URL: database.appUrl, SHUTDOWN_GRACE_SECONDS: "2" });
  await waitUntilServing(stubborn);
  const { orgId, key } = await apiKeyOfNewWorkshop("graceful-deadline");
  // Its second half never comes.
  const hanging = slowPost(`${stubborn.url}/api/v1/customers`, key, JSON.stringify({ displayName: "Never Finished Ltd" }));
  const outcome = hanging.answered.then(
    (answer) => `answered ${answer.status}`,
    (error: NodeJS.ErrnoException) => error.code ?? error.message,
  );
  await new Promise((resolve) => setTimeout(resolve, 500));
  const signalled = Date.now();
  stubborn.child.kill("SIGTERM");
  const code = await stubborn.exited;
  const stoppedAfterMs = Date.now() - signalled;
  console.log(`Graceful shutdown past the deadline: exit ${code} ${stoppedAfterMs} ms after SIGTERM (grace 2 s)`);
  expect(await outcome).toBe("ECONNRESET");
  expect(code).toBe(1);
  expect(stoppedAfterMs).toBeGreaterThanOrEqual(2_000);
  expect(stoppedAfterMs).toBeLessThan(6_000);
  expect(logLines(stubborn).map((line) => line.msg)).toContain("shutdown: grace period over; closing connections with requests still in flight");
  expect(await withTenant(orgId, (tx) => tx.customer.count())).toBe(0);
}, 60_000);
