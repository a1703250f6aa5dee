// Two AWMS instances (two `next start` on two ports) against one Postgres and one Redis:
// an API key's requests count against one limit for its workshop whichever instance
// answers (its burst limit, a sixth of the minute's in 10 s, is the one a fast client meets); a Redis outage leaves each instance limiting in memory while sign-in
// fails closed; when Redis is back the limit is shared again, with no restart.
import { randomBytes } from "node:crypto";
import { createApiKey } from "@/lib/api-keys/create-api-key";
import { PLANS } from "@/lib/billing/plans";
import { db, withTenant } from "@/lib/db";
import { contextFor, PASSWORD, signUp } from "../support/accounts";
import { startAppServer, type AppServer } from "../support/app-server";
import { startOwnRedis, type OwnRedis } from "../support/redis-server";
import { createTestDatabase, type TestDatabase } from "../support/test-database";

let database: TestDatabase;
let redis: OwnRedis;
let first: AppServer;
let second: AppServer;

beforeAll(async () => {
  database = await createTestDatabase();
  redis = await startOwnRedis();
  const env = { REDIS_URL: redis.url, AWMS_REDIS_PREFIX: `awms-e2e-${process.pid}` };
  const shared = { database, sessionSecret: randomBytes(32).toString("base64url") };
  [first, second] = await Promise.all([startAppServer(env, shared), startAppServer(env, shared)]);
}, 120_000);

afterAll(async () => {
  await Promise.all([first?.stop(), second?.stop()]);
  await redis?.stop();
  await database?.drop();
});

async function professionalWorkshopWithKey(label: string) {
  const { userId, orgSlug, email } = await signUp(label);
  const owner = await contextFor(userId, orgSlug);
  await db().organization.update({ where: { id: owner.orgId }, data: { plan: "PROFESSIONAL" } });
  const { key, apiKey } = await createApiKey(await contextFor(userId, orgSlug), { name: `${label} integration`, scope: "READ" });
  return { orgId: owner.orgId, key, apiKeyId: apiKey.id, email };
}

const me = (app: AppServer, key: string) => fetch(`${app.url}/api/v1/me`, { headers: { Authorization: `Bearer ${key}` } });
const remaining = (response: Response) => Number(response.headers.get("RateLimit-Remaining"));

/** next-auth's credentials sign-in over HTTP: the error code it answers with, or null on success. */
async function signInError(app: AppServer, email: string, password: string): Promise<string | null> {
  const csrf = await fetch(`${app.url}/api/auth/csrf`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const cookie = csrf.headers.getSetCookie().map((line) => line.split(";")[0]).join("; ");
  const response = await fetch(`${app.url}/api/auth/callback/credentials`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: cookie },
    body: new URLSearchParams({ csrfToken, email, password, json: "true" }),
    redirect: "manual",
  });
  const location = response.headers.get("location") ?? ((await response.json()) as { url: string }).url;
  return new URL(location, app.url).searchParams.get("error");
}

const burstOf = (perMinute: number) => Math.ceil(perMinute / 6);

test("both instances count one limit per workshop: the 429 comes at exactly the plan's burst limit, with an honest Retry-After", async () => {
  const workshop = await professionalWorkshopWithKey("two-instances");
  const bystander = await professionalWorkshopWithKey("two-instances-bystander");
  const limit = burstOf(PLANS.PROFESSIONAL.apiRequestsPerMinute);
  const started = Date.now();
  for (let i = 0; i < limit; i += 1) {
    const response = await me(i % 2 === 0 ? first : second, workshop.key);
    expect(response.status).toBe(200);
    // One counter whichever instance answers: each answer is one less than the one before.
    expect(remaining(response)).toBe(limit - i - 1);
    expect(response.headers.get("RateLimit-Limit")).toBe(String(limit));
  }
  let retryAfter = 0;
  for (const app of [first, second]) {
    const refused = await me(app, workshop.key);
    const elapsed = Math.ceil((Date.now() - started) / 1000);
    expect(refused.status).toBe(429);
    retryAfter = Number(refused.headers.get("Retry-After"));
    expect(retryAfter).toBeLessThanOrEqual(10);
    expect(retryAfter).toBeGreaterThanOrEqual(10 - elapsed - 1);
    expect(remaining(refused)).toBe(0);
    expect(await refused.json()).toMatchObject({ error: { code: "RATE_LIMITED" } });
  }
  // Another workshop's integration is not held back by this one.
  expect((await me(first, bystander.key)).status).toBe(200);
  expect((await me(second, bystander.key)).status).toBe(200);
  // Refused on both instances, recorded once for the window.
  const entries = await withTenant(workshop.orgId, (tx) => tx.auditLog.findMany({ where: { action: "RATE_LIMIT_EXCEEDED" } }));
  expect(entries).toHaveLength(1);
  expect(entries[0]!.metadata).toMatchObject({ limit: "api-burst", allowed: limit, apiKeyId: workshop.apiKeyId });
  // Retry-After is the real wait: after it, the shared window has reset and calls pass again.
  await new Promise((resolve) => setTimeout(resolve, retryAfter * 1000));
  const again = await me(second, workshop.key);
  expect(again.status).toBe(200);
  expect(remaining(again)).toBe(limit - 1);
});

test("with Redis down each instance limits in memory and sign-in fails closed; Redis back means one shared limit again, no restart", async () => {
  const workshop = await professionalWorkshopWithKey("redis-outage");
  const limit = burstOf(PLANS.PROFESSIONAL.apiRequestsPerMinute);
  expect(remaining(await me(first, workshop.key))).toBe(limit - 1);
  await redis.stop();
  try {
    // Each instance counts on its own, from a fresh window: general traffic keeps being served.
    const onFirst: number[] = [];
    for (let i = 0; i < 5; i += 1) {
      const response = await me(first, workshop.key);
      expect(response.status).toBe(200);
      onFirst.push(remaining(response));
    }
    const onSecond = remaining(await me(second, workshop.key));
    expect(onFirst).toEqual([limit - 1, limit - 2, limit - 3, limit - 4, limit - 5]);
    expect(onSecond).toBe(limit - 1);
    expect(await signInError(first, workshop.email, PASSWORD)).toMatch(/^UNAVAILABLE/);
  } finally {
    await redis.start();
  }
  // Until each instance's connection is back, an answer may still come from memory; once both
  // are back, alternating answers count down one shared counter again.
  const deadline = Date.now() + 20_000;
  let shared = false;
  while (!shared && Date.now() < deadline) {
    const counts: number[] = [];
    for (const app of [first, second, first, second]) counts.push(remaining(await me(app, workshop.key)));
    shared = counts.every((count, i) => i === 0 || count === counts[i - 1]! - 1);
    // Slow enough (4 calls a second) to stay inside the burst limit while waiting.
    if (!shared) await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
  expect(shared).toBe(true);
  expect(await signInError(first, workshop.email, PASSWORD)).toBeNull();
});
