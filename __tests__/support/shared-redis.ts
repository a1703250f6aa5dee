// The machine's Redis is shared by every suite: a suite that gave the app a key prefix removes
// everything under it when it ends.
import { removeRedisKeys as removeKeys } from "@/scripts/redis-keys";

export const SHARED_REDIS_URL = process.env.REDIS_URL || "redis://127.0.0.1:6379";

/** Deletes every key under `prefix` in the shared Redis (or the one at `url`). */
export const removeRedisKeys = (prefix: string, url = SHARED_REDIS_URL) => removeKeys(url, prefix);
