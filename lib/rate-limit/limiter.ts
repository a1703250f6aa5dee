// A fixed-window counter per key, kept in Redis when REDIS_URL is set so every
// instance counts against one limit. When Redis fails, general traffic is
// counted by an in-memory "insurance" limiter in this instance and keeps being
// served; the next request after Redis answers again counts in Redis (no
// restart). Sign-in, reset, 2FA and exports must fail closed instead: they use
// lib/auth/throttle.ts or pass { failClosed: true }.
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from "rate-limiter-flexible";
import { serverEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { log } from "@/lib/log/logger";
import { countRateLimitRejection, rateLimitKindOf } from "@/lib/observability/count";
import { redis, redisKeyPrefix, whenRedisReady } from "./redis";
import type { LimitRule } from "./rules";

export interface LimitState {
  limit: number;
  remaining: number;
  /** seconds until the window resets */
  resetSeconds: number;
  /** where it was counted: "redis" (shared), "memory" (this instance only), or "off" (RATE_LIMITS=off) */
  store: "redis" | "memory" | "off";
}

export class RateLimitedError extends AppError {
  constructor(readonly bucket: string, readonly state: LimitState) {
    super("RATE_LIMITED", `Too many requests. Try again in ${state.resetSeconds} second${state.resetSeconds === 1 ? "" : "s"}.`, {
      internal: `${bucket} limit of ${state.limit} reached (${state.store})`,
    });
  }

  get retryAfterSeconds(): number {
    return this.state.resetSeconds;
  }
}

interface Pair {
  shared: RateLimiterRedis | null;
  insurance: RateLimiterMemory;
}

const cache = globalThis as unknown as { awmsLimiters?: Map<string, Pair>; awmsLimiterStoreDown?: boolean };

function pairFor(bucket: string, rule: LimitRule): Pair {
  cache.awmsLimiters ??= new Map();
  // Keyed by the rule too, so a plan change applies at once; the counter (keyPrefix) is shared,
  // so an upgrade does not hand out a fresh window.
  const id = `${bucket}:${rule.points}:${rule.duration}`;
  let pair = cache.awmsLimiters.get(id);
  if (!pair) {
    const client = redis();
    const keyPrefix = `${redisKeyPrefix()}:rl:${bucket}`;
    pair = {
      shared: client ? new RateLimiterRedis({ storeClient: client, points: rule.points, duration: rule.duration, keyPrefix }) : null,
      insurance: new RateLimiterMemory({ points: rule.points, duration: rule.duration, keyPrefix }),
    };
    cache.awmsLimiters.set(id, pair);
  }
  return pair;
}

const stateOf = (rule: LimitRule, res: RateLimiterRes, store: LimitState["store"]): LimitState => ({
  limit: rule.points,
  remaining: Math.max(0, res.remainingPoints),
  resetSeconds: Math.max(1, Math.ceil(res.msBeforeNext / 1000)),
  store,
});

function storeDown(cause: unknown) {
  if (cache.awmsLimiterStoreDown) return;
  cache.awmsLimiterStoreDown = true;
  log.error({ event: "rate_limit_store_down", error: (cause as Error)?.message ?? String(cause) }, "Redis rate-limit store failed: counting in memory in this instance");
}

function storeUp() {
  if (!cache.awmsLimiterStoreDown) return;
  cache.awmsLimiterStoreDown = false;
  log.warn({ event: "rate_limit_store_recovered" }, "Redis rate-limit store is back: limits are shared again");
}

function refused(bucket: string, state: LimitState): RateLimitedError {
  countRateLimitRejection(rateLimitKindOf(bucket));
  return new RateLimitedError(bucket, state);
}

/** The shared store, when it can answer now; connecting is given a moment, a broken link none. */
async function usableRedis(): Promise<boolean> {
  const client = redis();
  if (!client) return false;
  if (client.status === "ready") return true;
  if (client.status === "connecting" || client.status === "connect" || client.status === "wait") {
    await whenRedisReady(client, 300).catch(() => {});
    return (client.status as string) === "ready";
  }
  return false;
}

/**
 * Takes one point for `key` in `bucket`. Throws RateLimitedError when none is left,
 * and SERVICE_UNAVAILABLE (failClosed) when the shared store cannot be asked.
 */
export async function takePoint(bucket: string, key: string, rule: LimitRule, options: { failClosed?: boolean } = {}): Promise<LimitState> {
  if (serverEnv().RATE_LIMITS === "off") return { limit: rule.points, remaining: rule.points, resetSeconds: rule.duration, store: "off" };
  const pair = pairFor(bucket, rule);
  if (pair.shared) {
    let failure: unknown = new Error("Redis is not connected");
    if (await usableRedis()) {
      try {
        const res = await pair.shared.consume(key);
        storeUp();
        return stateOf(rule, res, "redis");
      } catch (error) {
        if (error instanceof RateLimiterRes) {
          storeUp();
          throw refused(bucket, stateOf(rule, error, "redis"));
        }
        failure = error;
      }
    }
    if (options.failClosed) {
      log.error({ event: "rate_limit_fail_closed", bucket, error: (failure as Error)?.message }, "refused: the shared limit cannot be checked");
      throw new AppError("SERVICE_UNAVAILABLE", "This is temporarily unavailable. Please try again in a minute.");
    }
    storeDown(failure);
  }
  try {
    return stateOf(rule, await pair.insurance.consume(key), "memory");
  } catch (error) {
    if (error instanceof RateLimiterRes) throw refused(bucket, stateOf(rule, error, "memory"));
    throw error;
  }
}

/**
 * Refuses (RateLimitedError) when `key` has already spent every point of `bucket` this window,
 * without taking one; returns quietly otherwise, or when the store cannot say (the caller then
 * counts as usual). Lets a caller refuse before the work a request needs (e.g. a key lookup).
 */
export async function refuseIfSpent(bucket: string, key: string, rule: LimitRule): Promise<void> {
  if (serverEnv().RATE_LIMITS === "off") return;
  const pair = pairFor(bucket, rule);
  let res: RateLimiterRes | null;
  let store: LimitState["store"] = "memory";
  try {
    if (pair.shared) {
      if (redis()?.status !== "ready") return;
      res = await pair.shared.get(key);
      store = "redis";
    } else {
      res = await pair.insurance.get(key);
    }
  } catch {
    return;
  }
  if (res && res.consumedPoints >= rule.points) throw refused(bucket, stateOf(rule, res, store));
}

/** Warns once per process that limits are per instance: with several instances each would allow the full limit. */
export function warnIfLimitsAreLocal() {
  const flags = globalThis as unknown as { awmsWarnedLocalLimits?: boolean };
  if (flags.awmsWarnedLocalLimits) return;
  if (serverEnv().RATE_LIMITS === "off") {
    flags.awmsWarnedLocalLimits = true;
    log.warn({ event: "rate_limits_off" }, "RATE_LIMITS=off: requests are not rate limited (benchmarking only)");
    return;
  }
  if (redis()) return;
  flags.awmsWarnedLocalLimits = true;
  log.warn({ event: "rate_limit_in_memory" }, "REDIS_URL is not set: rate limits are kept in memory and hold for this instance only");
}
