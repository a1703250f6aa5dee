// Brute-force limits for sign-in, two-factor codes, password reset and
// sign-up, per account and per IP. An attempt takes its point *before* the
// password is checked (consume is atomic in the store), so a burst of parallel
// requests cannot all slip past the check; a success gives the point back.
// They fail closed: if the store is down, the attempt is refused.
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import { AppError } from "@/lib/errors";
import { log } from "@/lib/log/logger";
import { countRateLimitRejection } from "@/lib/observability/count";
import { redis, redisKeyPrefix, whenRedisReady } from "@/lib/rate-limit/redis";

const RULES = {
  signInAccount: { points: 5, duration: 15 * 60 },
  signInIp: { points: 30, duration: 15 * 60 },
  mfaAccount: { points: 5, duration: 15 * 60 },
  resetAccount: { points: 3, duration: 60 * 60 },
  resetIp: { points: 10, duration: 60 * 60 },
  signUpIp: { points: 10, duration: 60 * 60 },
  // the customer's estimate page: generous for a person, tight for a token guesser
  estimateIp: { points: 60, duration: 15 * 60 },
} as const;

export type ThrottleRule = keyof typeof RULES;
type Attempt = Partial<Record<ThrottleRule, string | null | undefined>>;

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
  log.error({ event: "auth_limiter_fail_closed", error: (cause as Error)?.message ?? String(cause) }, "sign-in limiter store failed: refusing");
  return new AppError("SERVICE_UNAVAILABLE", "Sign-in is temporarily unavailable. Please try again in a minute.", {
    internal: `auth limiter store failed: ${(cause as Error)?.message ?? String(cause)}`,
  });
}

function tooMany(seconds: number) {
  countRateLimitRejection("auth");
  const minutes = Math.max(1, Math.ceil(seconds / 60));
  return new AppError("RATE_LIMITED", `Too many attempts. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`);
}

const entries = (attempt: Attempt) =>
  (Object.entries(attempt) as Array<[ThrottleRule, string | null | undefined]>).filter(
    (entry): entry is [ThrottleRule, string] => Boolean(entry[1]),
  );

/** Takes one point from every key of the attempt; RATE_LIMITED if any has none left. */
export async function consumeAttempt(attempt: Attempt): Promise<void> {
  for (const [rule, key] of entries(attempt)) {
    try {
      await ready();
      await limiter(rule).consume(key);
    } catch (error) {
      if (error instanceof RateLimiterRes) throw tooMany(error.msBeforeNext / 1000);
      throw unavailable(error);
    }
  }
}

/** Gives a point back: the attempt turned out not to be a failure. */
export async function refundAttempt(attempt: Attempt): Promise<void> {
  for (const [rule, key] of entries(attempt)) {
    await limiter(rule).reward(key, 1).catch(() => {
      // a point not given back only delays the user; never fail a success on it
    });
  }
}

/** Forgets an account's failures after it proved itself. */
export async function clearAttempts(rule: ThrottleRule, key: string): Promise<void> {
  await limiter(rule).delete(key).catch(() => {});
}
