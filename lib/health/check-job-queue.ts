import { db } from "@/lib/db";
import { serverEnv } from "@/lib/env";
import { JOB_SCHEMA } from "@/lib/jobs/registry";
import { withTimeout } from "./with-timeout";
import type { CheckResult } from "./readiness";

const TIMEOUT_MS = 2_000;

// Set by lib/jobs/server-workers.ts: this process's workers, once started.
const workerState = () => (globalThis as unknown as { awmsJobWorkers?: { workers: unknown; stopping: boolean } }).awmsJobWorkers;

/**
 * pg-boss's schema answers (the app can enqueue), and with JOB_WORKERS=on this
 * instance's workers have started and are not stopping.
 */
export async function checkJobQueue(): Promise<CheckResult> {
  const started = performance.now();
  try {
    await withTimeout(db().$queryRawUnsafe(`SELECT 1 FROM ${JOB_SCHEMA}.version LIMIT 1`), TIMEOUT_MS, "job queue check");
  } catch {
    return { status: "down" };
  }
  const latencyMs = Math.round(performance.now() - started);
  if (serverEnv().JOB_WORKERS === "on") {
    const state = workerState();
    if (!state?.workers) return { status: "down", latencyMs, detail: "workers not started" };
    if (state.stopping) return { status: "down", latencyMs, detail: "workers stopping" };
  }
  return { status: "up", latencyMs };
}
