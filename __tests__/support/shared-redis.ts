// The machine's Redis is shared by every suite (and by a developer's own `npm run dev`): a suite
// that gave the app a key prefix removes everything under it when it ends.
import Redis from "ioredis";

export const SHARED_REDIS_URL = process.env.REDIS_URL || "redis://127.0.0.1:6379";

/** Deletes every key under `prefix` in the shared Redis; returns how many there were. */
export async function removeRedisKeys(prefix: string, url = SHARED_REDIS_URL): Promise<number> {
  if (!prefix) throw new Error("removeRedisKeys needs a prefix: it would empty the whole Redis");
  const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await client.connect();
    let removed = 0;
    for await (const keys of client.scanStream({ match: `${prefix}*`, count: 500 }) as AsyncIterable<string[]>) {
      if (keys.length) removed += await client.unlink(...keys);
    }
    return removed;
  } finally {
    client.disconnect();
  }
}
