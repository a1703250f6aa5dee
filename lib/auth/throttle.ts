// Brute-force limits for sign-in, password reset and two-factor codes, per
// account and per IP. They fail closed: if the limiter's store is down, the
// attempt is refused rather than let through unlimited.
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import { AppError } from "@/lib/errors";
import { redis, redisKeyPrefix, whenRedisReady } from "@/lib/rate-limit/redis";

const RULES = {
  signInAccount: { points: 5, duration: 15 * 60 },
  signInIp: { points: 30, duration: 15 * 60 },
  mfaAccount: { points: 5, duration: 15 * 60 },
  resetAccount: { points: 3, duration: 60 * 60 },
  resetIp: { points: 10, duration: 60 * 60 },
} as const;

export type ThrottleRule = keyof typeof RULES;

const cache = globalThis as unknown as { awmsAuthLimiters?: Map<ThrottleRule, RateLimiterAbstract> };

function limiter(rule: ThrottleRule): RateLimiterAbstract {
  cache.awmsAuthLimiters ??= new Map();
  let found = cache.awmsAuthLimiters.get(rule);
  if (!found) {
    const { points, duration } = RULES[rule];
    const client = redis();
    const keyPrefix = `${redisKeyPrefix()}:auth:${rule}`;
    found = client
      ? new RateLimiterRedis({ storeClient: client, points, duration, keyPrefix })
      : new RateLimiterMemory({ points, duration, keyPrefix });
    cache.awmsAuthLimiters.set(rule, found);
  }
  return found;
}

async function ready() {
  const client = redis();
  if (client) await whenRedisReady(client);
}

function unavailable(cause: unknown) {
  return new AppError("SERVICE_UNAVAILABLE", "Sign-in is temporarily unavailable. Please try again in a minute.", {
    internal: `auth limiter store failed: ${(cause as Error)?.message ?? String(cause)}`,
  });
}

function tooMany(seconds: number) {
  const minutes = Math.max(1, Math.ceil(seconds / 60));
  return new AppError("RATE_LIMITED", `Too many attempts. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`);
}

type Attempt = Partial<Record<ThrottleRule, string | null | undefined>>;

/** Refuses the attempt if any of its keys has used up its failures. */
export async function assertNotThrottled(attempt: Attempt): Promise<void> {
  for (const [rule, key] of Object.entries(attempt) as Array<[ThrottleRule, string | null | undefined]>) {
    if (!key) continue;
    let state: RateLimiterRes | null;
    try {
      await ready();
      state = await limiter(rule).get(key);
    } catch (error) {
      throw unavailable(error);
    }
    if (state && state.consumedPoints >= RULES[rule].points) throw tooMany(state.msBeforeNext / 1000);
  }
}

/** Counts one failure (or one request, for reset) against every key of the attempt. */
export async function recordAttempt(attempt: Attempt): Promise<void> {
  for (const [rule, key] of Object.entries(attempt) as Array<[ThrottleRule, string | null | undefined]>) {
    if (!key) continue;
    try {
      await ready();
      await limiter(rule).consume(key);
    } catch (error) {
      if (error instanceof RateLimiterRes) continue; // already over: the next check refuses
      throw unavailable(error);
    }
  }
}

export async function clearAttempts(rule: ThrottleRule, key: string): Promise<void> {
  try {
    await limiter(rule).delete(key);
  } catch {
    // a stale counter only delays the user; never block a successful sign-in on it
  }
}
