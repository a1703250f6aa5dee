import { redis, whenRedisReady } from "@/lib/rate-limit/redis";
import { withTimeout } from "./with-timeout";
import type { CheckResult } from "./readiness";

const TIMEOUT_MS = 1_000;

/** PING on the shared rate-limit connection; "skipped" when REDIS_URL is not set. */
export async function checkRedis(): Promise<CheckResult> {
  const client = redis();
  if (!client) return { status: "skipped" };
  const started = performance.now();
  try {
    await withTimeout(
      (async () => {
        await whenRedisReady(client, TIMEOUT_MS);
        if ((await client.ping()) !== "PONG") throw new Error("unexpected PING answer");
      })(),
      TIMEOUT_MS,
      "Redis PING",
    );
    return { status: "up", latencyMs: Math.round(performance.now() - started) };
  } catch {
    return { status: "down" };
  }
}
