import Redis from "ioredis";
import { serverEnv } from "@/lib/env";

const cache = globalThis as unknown as { awmsRedis?: Redis | null };

/** The shared Redis connection, or null when REDIS_URL is not set (single-instance memory limits). */
export function redis(): Redis | null {
  if (cache.awmsRedis === undefined) {
    const url = serverEnv().REDIS_URL;
    // enableOfflineQueue false: while Redis is down, commands fail at once instead of queueing,
    // so limiters can fail closed (auth) or fall back (general traffic) immediately.
    cache.awmsRedis = url
      ? new Redis(url, { enableOfflineQueue: false, maxRetriesPerRequest: 1, lazyConnect: false })
      : null;
    cache.awmsRedis?.on("error", () => {
      // reported by the limiter that hits it; ioredis reconnects by itself
    });
  }
  return cache.awmsRedis;
}

export function redisKeyPrefix(): string {
  return process.env.AWMS_REDIS_PREFIX || "awms";
}
