import Redis from "ioredis";
import { serverEnv } from "@/lib/env";
import { onShutdown } from "@/lib/lifecycle/shutdown";

/** The longest a rate-limit check waits for Redis before treating it as down. */
export const REDIS_COMMAND_TIMEOUT_MS = 300;

const cache = globalThis as unknown as { awmsRedis?: Redis | null };

/** The shared Redis connection, or null when REDIS_URL is not set (single-instance memory limits). */
export function redis(): Redis | null {
  if (cache.awmsRedis === undefined) {
    const url = serverEnv().REDIS_URL;
    // enableOfflineQueue false: while Redis is down, commands fail at once instead of queueing,
    // so limiters can fail closed (auth) or fall back (general traffic) immediately.
    // commandTimeout: a Redis that hangs (failover, a paused host, a network black hole) keeps the
    // connection "ready" and never answers; without a timeout every request would wait for it.
    cache.awmsRedis = url
      ? new Redis(url, {
          enableOfflineQueue: false,
          maxRetriesPerRequest: 1,
          lazyConnect: false,
          commandTimeout: REDIS_COMMAND_TIMEOUT_MS,
          connectTimeout: 2_000,
          keepAlive: 10_000,
        })
      : null;
    cache.awmsRedis?.on("error", () => {
      // reported by the limiter that hits it; ioredis reconnects by itself
    });
    const client = cache.awmsRedis;
    // quit() waits for replies to commands already sent; a Redis that is down gets disconnect().
    if (client) onShutdown("connections", "redis", () => (client.status === "ready" ? client.quit() : Promise.resolve(client.disconnect())));
  }
  return cache.awmsRedis;
}

export function redisKeyPrefix(): string {
  return process.env.AWMS_REDIS_PREFIX || "awms";
}

const pendingReady = new WeakMap<Redis, Promise<void>>();

/** One "ready" listener per client however many requests wait on it (a burst at start-up would pile them up). */
function nextReady(client: Redis): Promise<void> {
  let pending = pendingReady.get(client);
  if (!pending) {
    pending = new Promise<void>((resolve) => {
      client.once("ready", () => {
        pendingReady.delete(client);
        resolve();
      });
    });
    pendingReady.set(client, pending);
  }
  return pending;
}

/**
 * Waits (briefly) for the connection to be ready: with the offline queue off,
 * a command sent while connecting fails, and the first sign-in after a start
 * or a reconnect must not be refused for that.
 */
export async function whenRedisReady(client: Redis, timeoutMs = 1_000): Promise<void> {
  if (client.status === "ready") return;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`Redis is not ready (${client.status})`)), timeoutMs);
  });
  try {
    await Promise.race([nextReady(client), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
