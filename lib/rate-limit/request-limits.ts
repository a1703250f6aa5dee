// Which limits a request counts against. A member in the app: their workshop's
// plan limit, their own and their address's. An API key: the workshop's
// per-minute API limit from its plan, and its burst limit (a sixth of that in
// any 10 seconds). A public page: its address.
import { audit, type AuditActor } from "@/lib/audit/audit";
import { withTenant } from "@/lib/db";
import type { Plan } from "@/lib/generated/prisma/client";
import { UNIDENTIFIED } from "@/lib/http/client-ip";
import { log } from "@/lib/log/logger";
import { actorOf, type OrgContext } from "@/lib/org/context";
import { RateLimitedError, refuseIfSpent, takePoint, warnIfLimitsAreLocal, type LimitState } from "./limiter";
import { redis, redisKeyPrefix } from "./redis";
import { apiBurstRuleFor, apiRuleFor, appRuleFor, PER_IP, PER_USER, PER_USER_READS, PUBLIC_PER_IP, type LimitRule } from "./rules";

export { RateLimitedError, type LimitState } from "./limiter";

interface ApiRequest extends AuditActor {
  plan: Plan;
  apiKeyId: string;
}

// The fewest points left; of two spent limits the later reset, so Retry-After is the real wait.
const tightest = (states: LimitState[]) =>
  states.reduce((a, b) => (b.remaining < a.remaining || (b.remaining === a.remaining && b.resetSeconds > a.resetSeconds) ? b : a));

/** Counts one Server Action or route-handler call of a member. */
export async function limitMemberRequest(ctx: OrgContext): Promise<LimitState> {
  warnIfLimitsAreLocal();
  return withRefusalAudited(actorOf(ctx), {}, async () => {
    const states = [await takePoint("user", ctx.userId, PER_USER)];
    // Without a trusted proxy every client is "unidentified": one bucket for all would throttle
    // every workshop together, and members are already counted by user and workshop.
    if (ctx.ip && ctx.ip !== UNIDENTIFIED) states.push(await takePoint("ip", ctx.ip, PER_IP));
    states.push(await takePoint("org", ctx.orgId, appRuleFor(ctx.plan)));
    return tightest(states);
  });
}

/** Counts one photo read of a member, apart from their other requests: a page of photos must not use up their clicks. */
export async function limitMemberReads(ctx: OrgContext): Promise<LimitState> {
  warnIfLimitsAreLocal();
  return withRefusalAudited(actorOf(ctx), {}, () => takePoint("user-reads", ctx.userId, PER_USER_READS));
}

/** Counts one Server Action of a signed-in user outside a workshop (their profile and security). */
export async function limitAccountRequest(userId: string): Promise<LimitState> {
  warnIfLimitsAreLocal();
  return takePoint("user", userId, PER_USER);
}

/** Counts one API call against the workshop's per-minute plan limit and its burst limit (all its keys together). */
export async function limitApiRequest(request: ApiRequest): Promise<LimitState> {
  warnIfLimitsAreLocal();
  return withRefusalAudited(request, { apiKeyId: request.apiKeyId }, async () => {
    // The burst first: a call it refuses then costs nothing of the minute's allowance.
    const burst = await takePoint("api-burst", request.orgId, apiBurstRuleFor(request.plan));
    return tightest([burst, await takePoint("api", request.orgId, apiRuleFor(request.plan))]);
  });
}

/** Refuses an API call when the workshop has already spent this minute's or this burst's limit, without counting it. */
export async function refuseSpentApiRequest(request: ApiRequest): Promise<void> {
  await withRefusalAudited(request, { apiKeyId: request.apiKeyId }, async () => {
    // The minute first: when both are spent, its wait is the longer, true one.
    await refuseIfSpent("api", request.orgId, apiRuleFor(request.plan));
    await refuseIfSpent("api-burst", request.orgId, apiBurstRuleFor(request.plan));
  });
}

/** Counts one request to a public page that takes input; no workshop member to audit. */
export async function limitPublicRequest(bucket: string, ip: string | null): Promise<LimitState> {
  warnIfLimitsAreLocal();
  return takePoint(`public:${bucket}`, ip ?? "unknown", PUBLIC_PER_IP);
}

/**
 * Counts one export a member starts (a whole log or data set read at once) in its own bucket.
 * Fails closed: while the shared store cannot be asked, no export (SERVICE_UNAVAILABLE).
 */
export async function limitMemberExport(ctx: OrgContext, bucket: string, rule: LimitRule): Promise<LimitState> {
  warnIfLimitsAreLocal();
  return withRefusalAudited(actorOf(ctx), {}, () => takePoint(bucket, ctx.userId, rule, { failClosed: true }));
}

async function withRefusalAudited<T>(actor: AuditActor, extra: Record<string, string>, count: () => Promise<T>): Promise<T> {
  try {
    return await count();
  } catch (error) {
    if (error instanceof RateLimitedError) await auditOncePerWindow(actor, error, extra);
    throw error;
  }
}

const auditedInMemory = new Map<string, number>();

/** True for the first refusal of a window: the mark lives as long as the window. */
async function firstRefusalOfWindow(mark: string, seconds: number): Promise<boolean> {
  const client = redis();
  if (client?.status === "ready") {
    try {
      return (await client.set(`${redisKeyPrefix()}:rl-audited:${mark}`, "1", "EX", seconds, "NX")) === "OK";
    } catch {
      // counted in this instance instead, as the limit itself was
    }
  }
  const now = Date.now();
  for (const [key, until] of auditedInMemory) if (until <= now) auditedInMemory.delete(key);
  if (auditedInMemory.has(mark)) return false;
  auditedInMemory.set(mark, now + seconds * 1000);
  return true;
}

async function auditOncePerWindow(actor: AuditActor, error: RateLimitedError, extra: Record<string, string>) {
  const subject = error.bucket === "user" ? actor.userId : error.bucket === "ip" ? actor.ip : actor.orgId;
  if (!(await firstRefusalOfWindow(`${actor.orgId}:${error.bucket}:${subject}`, error.state.resetSeconds))) return;
  try {
    await withTenant(actor.orgId, (tx) =>
      audit(tx, actor, "RATE_LIMIT_EXCEEDED", null, {
        limit: error.bucket,
        allowed: error.state.limit,
        retryAfterSeconds: error.state.resetSeconds,
        store: error.state.store,
        ...extra,
      }),
    );
  } catch (cause) {
    // The refusal stands even when it cannot be recorded (the database may be the reason for the flood).
    log.error({ event: "rate_limit_audit_failed", error: (cause as Error).message }, "could not audit a rate-limit refusal");
  }
}
