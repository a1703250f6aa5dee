// Plan-based rate limits on a real Redis: exact limits per member, address and workshop, shared
// by every instance; an outage falls back to memory for general traffic and fails closed for
// sign-in; a restarted Redis is used again without restarting AWMS.
import Redis from "ioredis";
import { consumeAttempt } from "@/lib/auth/throttle";
import { PLANS } from "@/lib/billing/plans";
import { db, withTenant } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { errorResponse } from "@/lib/http/route-context";
import { log } from "@/lib/log/logger";
import type { OrgContext } from "@/lib/org/context";
import type { Plan } from "@/lib/generated/prisma/client";
import { metrics } from "@/lib/observability/metrics";
import { actorOf } from "@/lib/org/context";
import {
  limitApiRequest, limitMemberReads, limitMemberRequest, RateLimitedError, refuseSpentApiRequest, type LimitState,
} from "@/lib/rate-limit/request-limits";
import { REDIS_COMMAND_TIMEOUT_MS, redisKeyPrefix } from "@/lib/rate-limit/redis";
import { PER_USER, PER_USER_READS } from "@/lib/rate-limit/rules";
import { contextFor, joinWorkshop, resetLimiters, signUp } from "../support/accounts";
import { startOwnRedis, type OwnRedis } from "../support/redis-server";
import { removeRedisKeys } from "../support/shared-redis";
import { createTestDatabase, type TestDatabase } from "../support/test-database";

const SHARED_REDIS = "redis://127.0.0.1:6379";
const prefix = `awms-test-rl-${process.pid}-${Date.now()}`;
let database: TestDatabase;
let ownRedis: OwnRedis;

beforeAll(async () => {
  database = await createTestDatabase({ poolSize: 10 });
  ownRedis = await startOwnRedis();
});

afterAll(async () => {
  await resetLimiters();
  await removeRedisKeys(prefix, SHARED_REDIS);
  await ownRedis.stop();
  await database.drop();
});

let scenario = 0;
/** Points AWMS at a Redis with a fresh key prefix, as a freshly started instance would be. */
async function useRedis(url: string | null) {
  scenario += 1;
  if (url) process.env.REDIS_URL = url;
  else delete process.env.REDIS_URL;
  process.env.AWMS_REDIS_PREFIX = `${prefix}-${scenario}`;
  await resetLimiters();
}

/** Another instance of AWMS: new limiter objects and a new Redis connection, same Redis. */
const anotherInstance = () => resetLimiters();

async function workshop(label: string) {
  const { userId, orgSlug } = await signUp(label);
  return contextFor(userId, orgSlug);
}

const at = (ctx: OrgContext, ip: string): OrgContext => ({ ...ctx, ip });

async function refusal(work: Promise<unknown>): Promise<RateLimitedError> {
  const error = await work.then(() => null, (caught: unknown) => caught);
  if (!(error instanceof RateLimitedError)) throw new Error(`expected a rate-limit refusal, got ${String(error)}`);
  return error;
}

/** One API call of the workshop's integration, as lib/api/api-context.ts counts it. */
const apiCall = (ctx: OrgContext, plan: Plan) => limitApiRequest({ ...actorOf(ctx), plan, apiKeyId: "key-of-the-integration" });
const spentApiCheck = (ctx: OrgContext, plan: Plan) => refuseSpentApiRequest({ ...actorOf(ctx), plan, apiKeyId: "key-of-the-integration" });

async function apiRejections(): Promise<number> {
  const counted = await metrics().rateLimitRejections.get();
  return counted.values.filter((value) => value.labels.kind === "api").reduce((sum, value) => sum + value.value, 0);
}

const rateLimitEntries = (ctx: OrgContext) =>
  withTenant(ctx.orgId, (tx) => tx.auditLog.findMany({ where: { action: "RATE_LIMIT_EXCEEDED" }, orderBy: { seq: "asc" } }));

test("a member is refused at exactly their limit, with an honest Retry-After, and one audit entry per window", async () => {
  await useRedis(SHARED_REDIS);
  const ctx = await workshop("rl-member");
  const started = Date.now();
  let last: LimitState | null = null;
  for (let i = 0; i < PER_USER.points; i += 1) last = await limitMemberRequest(ctx);
  expect(last).toMatchObject({ limit: PER_USER.points, remaining: 0, store: "redis" });

  const refused = await refusal(limitMemberRequest(ctx));
  const elapsed = Math.ceil((Date.now() - started) / 1000);
  expect(refused.bucket).toBe("user");
  expect(refused.status).toBe(429);
  // The window opened with the first request: the wait is what is left of it, never more.
  expect(refused.retryAfterSeconds).toBeLessThanOrEqual(PER_USER.duration);
  expect(refused.retryAfterSeconds).toBeGreaterThanOrEqual(PER_USER.duration - elapsed - 1);
  expect(refused.message).toMatch(/^Too many requests\. Try again in \d+ seconds?\.$/);

  for (let i = 0; i < 5; i += 1) await refusal(limitMemberRequest(ctx));
  await anotherInstance();
  await refusal(limitMemberRequest(ctx));
  const entries = await rateLimitEntries(ctx);
  expect(entries).toHaveLength(1);
  expect(entries[0]).toMatchObject({ actorUserId: ctx.userId, ip: ctx.ip, requestId: ctx.requestId });
  expect(entries[0]!.metadata).toMatchObject({ limit: "user", allowed: PER_USER.points, store: "redis" });

  // The route handlers' answer: 429, the error shape, Retry-After and the RateLimit fields.
  const response = errorResponse(refused);
  expect(response.status).toBe(429);
  expect(response.headers.get("Retry-After")).toBe(String(refused.retryAfterSeconds));
  expect(response.headers.get("RateLimit-Remaining")).toBe("0");
  expect(await response.json()).toEqual({ error: { code: "RATE_LIMITED", message: refused.message } });
});

test("photo reads have their own, larger limit: a page of photos neither spends nor is refused by the member's clicks", async () => {
  await useRedis(SHARED_REDIS);
  const ctx = await workshop("rl-photos");
  expect(PER_USER_READS.points).toBeGreaterThanOrEqual(5 * PER_USER.points);
  for (let i = 0; i < PER_USER.points; i += 1) await limitMemberReads(ctx);
  // Photos read: the member's clicks are untouched.
  await expect(limitMemberRequest(ctx)).resolves.toMatchObject({ remaining: PER_USER.points - 1 });
  for (let i = 1; i < PER_USER.points; i += 1) await limitMemberRequest(ctx);
  await refusal(limitMemberRequest(ctx));
  // Clicks used up: photos still load, up to their own limit.
  let last: LimitState | null = null;
  for (let i = PER_USER.points; i < PER_USER_READS.points; i += 1) last = await limitMemberReads(ctx);
  expect(last).toMatchObject({ limit: PER_USER_READS.points, remaining: 0 });
  expect((await refusal(limitMemberReads(ctx))).bucket).toBe("user-reads");
});

test("the workshop's plan limit is shared by its members and by every instance, and lifts with the plan", async () => {
  await useRedis(SHARED_REDIS);
  const owner = await workshop("rl-plan");
  const bystander = await workshop("rl-bystander");
  const advisor = await joinWorkshop(owner, "SERVICE_ADVISOR", "rl-advisor");
  const technician = await joinWorkshop(owner, "TECHNICIAN", "rl-technician");
  const members = [owner, advisor, technician];
  const limit = PLANS.FREE.appRequestsPerMinute;
  expect(limit).toBeGreaterThan(2 * PER_USER.points);

  // Each member from their own address and under their own limit; the workshop's total is the plan's.
  let sent = 0;
  for (const [index, member] of members.entries()) {
    for (let i = 0; i < PER_USER.points && sent < limit; i += 1, sent += 1) {
      await limitMemberRequest(at(member, `192.0.2.${index + 10}`));
    }
    await anotherInstance();
  }
  expect(sent).toBe(limit);
  const refused = await refusal(limitMemberRequest(at(technician, "192.0.2.99")));
  expect(refused.bucket).toBe("org");
  expect(refused.state.limit).toBe(limit);

  // Another workshop is not slowed by this one.
  await expect(limitMemberRequest(bystander)).resolves.toMatchObject({ store: "redis" });

  await db().organization.update({ where: { id: owner.orgId }, data: { plan: "PROFESSIONAL" } });
  const upgraded = await contextFor(technician.userId, technician.orgSlug);
  await expect(limitMemberRequest(at(upgraded, "192.0.2.99"))).resolves.toMatchObject({ store: "redis" });
  const entries = await rateLimitEntries(owner);
  expect(entries.map((entry) => (entry.metadata as { limit: string }).limit)).toEqual(["org"]);
});

test("when Redis stops, general traffic is limited in memory, sign-in fails closed, and a restarted Redis is used again", async () => {
  await useRedis(ownRedis.url);
  const ctx = await workshop("rl-outage");
  const errors = jest.spyOn(log, "error");
  const warnings = jest.spyOn(log, "warn");
  try {
    await expect(limitMemberRequest(ctx)).resolves.toMatchObject({ store: "redis" });
    await expect(consumeAttempt({ signInAccount: `outage-${scenario}` })).resolves.toBeUndefined();

    await ownRedis.stop();
    const during = await limitMemberRequest(ctx);
    expect(during).toMatchObject({ store: "memory", remaining: PER_USER.points - 1 });
    // Still a limit, not an open door: the insurance limiter refuses at the same number.
    for (let i = 1; i < PER_USER.points; i += 1) await limitMemberRequest(ctx);
    expect((await refusal(limitMemberRequest(ctx))).state.store).toBe("memory");
    const signIn = await consumeAttempt({ signInAccount: `outage-${scenario}` }).then(() => null, (error: unknown) => error);
    expect(signIn).toBeInstanceOf(AppError);
    expect((signIn as AppError).code).toBe("SERVICE_UNAVAILABLE");
    expect(errors.mock.calls.filter(([fields]) => (fields as { event?: string }).event === "rate_limit_store_down")).toHaveLength(1);

    await ownRedis.start();
    const deadline = Date.now() + 15_000;
    let after: LimitState | null = null;
    while (Date.now() < deadline) {
      after = await limitMemberRequest(at(ctx, "192.0.2.200")).catch(() => null);
      if (after?.store === "redis") break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    // The restarted Redis kept nothing: the shared count starts again there.
    expect(after).toMatchObject({ store: "redis" });
    await expect(consumeAttempt({ signInAccount: `outage-${scenario}` })).resolves.toBeUndefined();
    expect(warnings.mock.calls.filter(([fields]) => (fields as { event?: string }).event === "rate_limit_store_recovered")).toHaveLength(1);
  } finally {
    errors.mockRestore();
    warnings.mockRestore();
  }
});

test("a Redis that hangs (connected, never answering) is treated as down within its command timeout", async () => {
  await useRedis(ownRedis.url);
  const ctx = await workshop("rl-hung");
  await expect(limitMemberRequest(ctx)).resolves.toMatchObject({ store: "redis" });
  ownRedis.pause();
  try {
    const started = Date.now();
    // General traffic: answered from memory, after waiting no longer than the timeout.
    await expect(limitMemberRequest(ctx)).resolves.toMatchObject({ store: "memory" });
    const signIn = await consumeAttempt({ signInAccount: `hung-${scenario}` }).then(() => null, (error: unknown) => error);
    expect((signIn as AppError).code).toBe("SERVICE_UNAVAILABLE");
    expect(Date.now() - started).toBeLessThan(4 * REDIS_COMMAND_TIMEOUT_MS + 1_000);
  } finally {
    ownRedis.resume();
  }
  const deadline = Date.now() + 15_000;
  let after: LimitState | null = null;
  while (Date.now() < deadline && after?.store !== "redis") {
    after = await limitMemberRequest(ctx).catch(() => null);
    if (after?.store !== "redis") await new Promise((resolve) => setTimeout(resolve, 200));
  }
  expect(after).toMatchObject({ store: "redis" });
});

test("without REDIS_URL the limits hold in memory and a startup warning says they are per instance", async () => {
  const warnings = jest.spyOn(log, "warn");
  try {
    await useRedis(null);
    delete (globalThis as { awmsWarnedLocalLimits?: boolean }).awmsWarnedLocalLimits;
    const ctx = await workshop("rl-memory");
    await expect(limitMemberRequest(ctx)).resolves.toMatchObject({ store: "memory" });
    await limitMemberRequest(ctx);
    expect(warnings.mock.calls.filter(([fields]) => (fields as { event?: string }).event === "rate_limit_in_memory")).toHaveLength(1);
  } finally {
    warnings.mockRestore();
  }
});

test("an API burst is cut at a sixth of the minute's limit in 10 s, on both instances, audited once and counted as an api rejection", async () => {
  await useRedis(SHARED_REDIS);
  const ctx = await workshop("rl-api-burst");
  const perMinute = PLANS.PROFESSIONAL.apiRequestsPerMinute;
  const burst = Math.ceil(perMinute / 6);
  const rejectionsBefore = await apiRejections();
  const started = Date.now();
  const passed: LimitState[] = [];
  for (let i = 0; i < burst; i += 1) {
    if (i === burst / 2) await anotherInstance();
    passed.push(await apiCall(ctx, "PROFESSIONAL"));
  }
  // The answer tells the tighter limit, counting down one shared counter whichever instance counts.
  expect(passed.map((state) => state.remaining)).toEqual(Array.from({ length: burst }, (_, i) => burst - i - 1));
  expect(passed.every((state) => state.limit === burst && state.store === "redis")).toBe(true);

  const refused = await refusal(apiCall(ctx, "PROFESSIONAL"));
  expect(Date.now() - started).toBeLessThan(10_000);
  expect(refused.bucket).toBe("api-burst");
  expect(refused.state).toMatchObject({ limit: burst, remaining: 0 });
  expect(refused.retryAfterSeconds).toBeLessThanOrEqual(10);
  // The check before a key lookup refuses too, and neither refusal spent the minute's allowance.
  expect((await refusal(spentApiCheck(ctx, "PROFESSIONAL"))).bucket).toBe("api-burst");
  const client = new Redis(SHARED_REDIS);
  try {
    expect(Number(await client.get(`${redisKeyPrefix()}:rl:api:${ctx.orgId}`))).toBe(burst);
  } finally {
    client.disconnect();
  }

  const entries = await rateLimitEntries(ctx);
  expect(entries).toHaveLength(1);
  expect(entries[0]!.metadata).toMatchObject({ limit: "api-burst", allowed: burst, apiKeyId: "key-of-the-integration", store: "redis" });
  expect(await apiRejections()).toBe(rejectionsBefore + 2);
  // Another workshop's integration is not held back.
  await expect(apiCall(await workshop("rl-api-burst-bystander"), "PROFESSIONAL")).resolves.toMatchObject({ remaining: burst - 1 });
});

test("after each 10 s window a new burst passes, and the minute's total still stops at the plan's limit across windows", async () => {
  await useRedis(null);
  const ctx = await workshop("rl-api-windows");
  const perMinute = PLANS.STARTER.apiRequestsPerMinute;
  const burst = Math.ceil(perMinute / 6);
  // The in-memory store reads the clock through Date.now: seconds pass here without waiting for them.
  const start = Date.now();
  let now = start;
  const clock = jest.spyOn(Date, "now").mockImplementation(() => now);
  const at = (seconds: number) => (now = start + seconds * 1000);
  const calls = async (n: number) => {
    for (let i = 0; i < n; i += 1) await apiCall(ctx, "STARTER");
  };
  try {
    at(0);
    await calls(burst);
    const cut = await refusal(apiCall(ctx, "STARTER"));
    expect(cut).toMatchObject({ bucket: "api-burst", state: { limit: burst, remaining: 0, resetSeconds: 10, store: "memory" } });
    at(9.9);
    await expect(apiCall(ctx, "STARTER")).rejects.toMatchObject({ bucket: "api-burst", state: { resetSeconds: 1 } });
    at(10);
    await calls(burst); // a new window: another burst passes
    expect((await refusal(apiCall(ctx, "STARTER"))).bucket).toBe("api-burst");

    // The minute that started at 0 ends at 60; a burst window that starts at 55 runs into the next
    // minute, so within the minute from 60 a client could fit a seventh burst: the minute refuses it.
    at(55);
    await calls(1);
    at(60);
    await calls(burst - 1); // the next minute begins with the rest of the 55 s burst
    for (const second of [65, 75, 85, 95, 105]) {
      at(second);
      await calls(burst);
    }
    at(115);
    const last = await apiCall(ctx, "STARTER");
    // The minute's allowance is the tighter now, and the headers would say so.
    expect(last).toMatchObject({ limit: perMinute, remaining: 0, resetSeconds: 5 });
    const capped = await refusal(apiCall(ctx, "STARTER"));
    expect(capped).toMatchObject({ bucket: "api", state: { limit: perMinute, remaining: 0, resetSeconds: 5 } });
    expect((await refusal(spentApiCheck(ctx, "STARTER"))).bucket).toBe("api");
    at(120);
    await expect(apiCall(ctx, "STARTER")).resolves.toMatchObject({ store: "memory" });
  } finally {
    clock.mockRestore();
  }
  // One entry per refused window and limit: the two burst windows, then the minute.
  const entries = await rateLimitEntries(ctx);
  expect(entries.map((entry) => (entry.metadata as { limit: string }).limit)).toEqual(["api-burst", "api-burst", "api"]);
});
