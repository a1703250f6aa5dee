import { db } from "@/lib/db";
import { log } from "@/lib/log/logger";
import { JOB_NAMES, JOB_SCHEMA } from "@/lib/jobs/registry";
import { withTimeout } from "@/lib/health/with-timeout";
import { metrics } from "./metrics";

const TIMEOUT_MS = 1_000;

/**
 * Reads how many jobs wait in each queue (created or retry), at scrape time.
 * pg-boss indexes jobs by name and state, and the statement may run a second
 * at most; when it cannot answer the gauge is left empty rather than stale.
 */
export async function refreshQueueDepth(): Promise<void> {
  const gauge = metrics().jobQueueDepth;
  gauge.reset();
  try {
    const rows = await withTimeout(
      db().$transaction(async (tx) => {
        await tx.$executeRawUnsafe(`SET LOCAL statement_timeout = ${TIMEOUT_MS}`);
        return tx.$queryRawUnsafe<Array<{ name: string; depth: number }>>(
          `SELECT name, count(*)::int AS depth FROM ${JOB_SCHEMA}.job WHERE state < 'active' GROUP BY name`,
        );
      }),
      TIMEOUT_MS + 500,
      "job queue depth",
    );
    const depth = new Map(rows.map((row) => [row.name, row.depth]));
    for (const name of new Set([...JOB_NAMES, ...depth.keys()])) {
      if (name.startsWith("__pgboss__")) continue;
      gauge.set({ queue: name }, depth.get(name) ?? 0);
    }
  } catch (error) {
    log.warn({ event: "metrics_queue_depth_failed", error: (error as Error).message }, "job queue depth not read for this scrape");
  }
}
