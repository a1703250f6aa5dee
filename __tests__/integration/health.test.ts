// Liveness (/api/health) and readiness (/api/ready) as a load balancer or an
// orchestrator reads them: liveness stays 200 through a database outage (a
// restart would not help), readiness names what is down without naming hosts.
import { GET as health } from "@/app/api/health/route";
import { GET as ready } from "@/app/api/ready/route";
import { reloadServerEnv } from "@/lib/env";
import { stopJobProducer } from "@/lib/jobs/send-job";
import { startServerJobWorkers } from "@/lib/jobs/server-workers";
import type { JobWorkers } from "@/lib/jobs/workers";
import { resetLimiters } from "../support/accounts";
import { createTestDatabase, type TestDatabase } from "../support/test-database";

const SHARED_REDIS = "redis://127.0.0.1:6379";
const DOWN_DATABASE = "postgresql://awms_app:secret-pw@127.0.0.1:1/awms";
let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
});

afterAll(async () => {
  await resetLimiters();
  await database.drop();
});

/** Calls the route as a freshly started instance with these settings would answer. */
async function call(path: "health" | "ready", env: Record<string, string | undefined>) {
  const cache = globalThis as unknown as { awmsDb?: { $disconnect(): Promise<void> } };
  await cache.awmsDb?.$disconnect();
  delete cache.awmsDb;
  await resetLimiters();
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  reloadServerEnv();
  const response = await (path === "health" ? health : ready)(new Request(`http://awms.test/api/${path}`));
  const text = await response.text();
  return { status: response.status, text, body: JSON.parse(text) as Record<string, unknown> };
}

test("GET /api/health answers 200 while the process serves, with the database up or down", async () => {
  expect(await call("health", { DATABASE_URL: database.appUrl })).toMatchObject({ status: 200, body: { status: "ok" } });
  expect(await call("health", { DATABASE_URL: DOWN_DATABASE })).toMatchObject({ status: 200, body: { status: "ok" } });
});

test("GET /api/ready answers 200 when the database, Redis and the job queue answer", async () => {
  const { status, body } = await call("ready", { DATABASE_URL: database.appUrl, REDIS_URL: SHARED_REDIS, JOB_WORKERS: "off" });
  expect(body).toMatchObject({ status: "ready", checks: { database: { status: "up" }, redis: { status: "up" }, jobs: { status: "up" } } });
  expect(status).toBe(200);
});

test("without REDIS_URL the Redis check is skipped, not failed", async () => {
  const { status, body } = await call("ready", { DATABASE_URL: database.appUrl, REDIS_URL: undefined, JOB_WORKERS: "off" });
  expect(status).toBe(200);
  expect(body).toMatchObject({ checks: { redis: { status: "skipped" } } });
});

test("GET /api/ready answers 503 naming each check when the database and Redis are down, and no host or secret", async () => {
  const { status, body, text } = await call("ready", { DATABASE_URL: DOWN_DATABASE, REDIS_URL: "redis://127.0.0.1:1", JOB_WORKERS: "off" });
  expect(status).toBe(503);
  expect(body).toEqual({ status: "unavailable", checks: { database: { status: "down" }, redis: { status: "down" }, jobs: { status: "down" } } });
  for (const leak of ["127.0.0.1", "secret-pw", "awms_app", "postgresql", "redis://", ":1"]) expect(text).not.toContain(leak);
});

test("with JOB_WORKERS=on the instance is not ready until its job workers have started", async () => {
  delete (globalThis as { awmsJobWorkers?: unknown }).awmsJobWorkers;
  const { status, body } = await call("ready", { DATABASE_URL: database.appUrl, REDIS_URL: undefined, JOB_WORKERS: "on" });
  expect(status).toBe(503);
  expect(body).toMatchObject({ checks: { database: { status: "up" }, jobs: { status: "down", detail: "workers not started" } } });
});

test("with JOB_WORKERS=on the instance is ready once its job workers run", async () => {
  delete (globalThis as { awmsJobWorkers?: unknown }).awmsJobWorkers;
  process.env.DATABASE_URL = database.appUrl;
  process.env.JOB_WORKERS = "on";
  reloadServerEnv();
  await startServerJobWorkers();
  const state = (globalThis as { awmsJobWorkers?: { workers: JobWorkers | null } }).awmsJobWorkers;
  try {
    expect(state?.workers).not.toBeNull();
    const { status, body } = await call("ready", { DATABASE_URL: database.appUrl, REDIS_URL: undefined, JOB_WORKERS: "on" });
    expect(body).toMatchObject({ checks: { jobs: { status: "up" } } });
    expect(status).toBe(200);
  } finally {
    await state?.workers?.stop({ timeoutMs: 1_000 });
    await stopJobProducer();
    delete (globalThis as { awmsJobWorkers?: unknown }).awmsJobWorkers;
  }
});
