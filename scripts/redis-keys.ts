// Removes what a run put into a shared Redis under its own key prefix (the load test, and the
// test suites, share the machine's Redis with each other and with a developer's `npm run dev`).
import Redis from "ioredis";

/** Deletes every key under `prefix`; returns how many there were. */
export async function removeRedisKeys(url: string, prefix: string): Promise<number> {
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
