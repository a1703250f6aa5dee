// Started once per server process by instrumentation.ts (Node.js runtime only).
import { serverEnv } from "@/lib/env";
import { log } from "@/lib/log/logger";
import { stopJobProducer } from "./send-job";
import { startJobWorkers, type JobWorkers } from "./workers";

const cache = globalThis as unknown as { awmsJobWorkers?: Promise<JobWorkers | null> };

async function start(): Promise<JobWorkers | null> {
  const env = serverEnv();
  if (env.JOB_WORKERS === "off" || !env.DATABASE_URL) {
    log.info({ reason: env.JOB_WORKERS === "off" ? "JOB_WORKERS=off" : "no DATABASE_URL" }, "background job workers not started in this instance");
    return null;
  }
  try {
    const workers = await startJobWorkers({ connectionString: env.DATABASE_URL });
    log.info("background job workers started");
    return workers;
  } catch (error) {
    // The web server still serves; the jobs wait for another instance or a restart.
    log.error({ err: error }, "background job workers did not start");
    return null;
  }
}

/**
 * Next runs its own SIGTERM handler (close the server, then exit), so ours
 * stops taking work at once and lets a running job finish if the process lives
 * long enough; a job cut off is expired by pg-boss and retried, and every job
 * here is safe to run twice.
 */
export async function startServerJobWorkers(): Promise<void> {
  // Dev reloads may evaluate this module again: one set of workers per process.
  if (cache.awmsJobWorkers) return;
  cache.awmsJobWorkers = start();
  const workers = await cache.awmsJobWorkers;
  const shutdown = (signal: NodeJS.Signals) => {
    log.info({ signal }, "stopping background job workers");
    void Promise.all([workers?.stop({ timeoutMs: 10_000 }), stopJobProducer()]).catch((error: unknown) =>
      log.error({ err: error }, "background job workers did not stop cleanly"),
    );
  };
  process.once("SIGTERM", shutdown);
  process.once("SIGINT", shutdown);
}
