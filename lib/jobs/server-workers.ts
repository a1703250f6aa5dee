// Started once per server process by instrumentation.ts (Node.js runtime only).
import { serverEnv } from "@/lib/env";
import { onShutdown, shutdownIsManaged } from "@/lib/lifecycle/shutdown";
import { log } from "@/lib/log/logger";
import { stopJobProducer } from "./send-job";
import { startJobWorkers, type JobWorkers } from "./workers";

const RETRY_MS = 60_000;

const state = globalThis as unknown as { awmsJobWorkers?: { workers: JobWorkers | null; stopping: boolean } };

async function start(connectionString: string, current: { workers: JobWorkers | null; stopping: boolean }): Promise<void> {
  try {
    const workers = await startJobWorkers({ connectionString });
    if (current.stopping) {
      await workers.stop();
      return;
    }
    current.workers = workers;
    log.info("background job workers started");
  } catch (error) {
    // The web server serves on; the workers try again (the database may still be starting).
    log.error({ err: error }, `background job workers did not start; trying again in ${RETRY_MS / 1000} s`);
    if (!current.stopping) setTimeout(() => void start(connectionString, current), RETRY_MS).unref();
  }
}

/**
 * Under the production server (scripts/production-server.mjs) the workers stop
 * taking jobs at SIGTERM, running jobs get until the shutdown deadline, and
 * only then do the pools close. Under `next start` Next runs its own SIGTERM
 * handler (close the server, then exit), so ours stops taking work at once and
 * lets a running job finish if the process lives long enough. A job cut off is
 * retried: failed by pg-boss at the stop ("shut down while active", one attempt
 * used), or expired later if the process ended first. Every job here is safe to run twice.
 */
export async function startServerJobWorkers(): Promise<void> {
  // Dev reloads may evaluate this module again: one set of workers per process.
  if (state.awmsJobWorkers) return;
  const current = { workers: null as JobWorkers | null, stopping: false };
  state.awmsJobWorkers = current;
  const env = serverEnv();
  if (env.JOB_WORKERS === "off" || !env.DATABASE_URL) {
    log.info({ reason: env.JOB_WORKERS === "off" ? "JOB_WORKERS=off" : "no DATABASE_URL" }, "background job workers not started in this instance");
    return;
  }
  const stopWorkers = async (timeoutMs: number) => {
    current.stopping = true;
    log.info({ timeoutMs }, "stopping background job workers: no new jobs, running ones may finish");
    await current.workers?.stop({ timeoutMs });
    log.info("background job workers stopped");
  };
  if (shutdownIsManaged()) {
    onShutdown("work", "background job workers", (deadline) => stopWorkers(Math.max(deadline - Date.now(), 1_000)));
    onShutdown("connections", "background job producer", () => stopJobProducer());
  } else {
    const shutdown = (signal: NodeJS.Signals) => {
      log.info({ signal }, "stopping background job workers");
      void Promise.all([stopWorkers(10_000), stopJobProducer()]).catch((error: unknown) =>
        log.error({ err: error }, "background job workers did not stop cleanly"),
      );
    };
    process.once("SIGTERM", shutdown);
    process.once("SIGINT", shutdown);
  }
  await start(env.DATABASE_URL, current);
}
