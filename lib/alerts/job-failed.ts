import { triggerAlert } from "./send-alert";

/** A job pg-boss will not retry again: one incident per job. */
export function alertJobFailed(queue: string, jobId: string, error: unknown, attempts: number): void {
  const message = error instanceof Error ? error.message : String(error);
  triggerAlert({
    dedupKey: `job-failed:${queue}:${jobId}`,
    summary: `Background job ${queue} failed after ${attempts} attempt${attempts === 1 ? "" : "s"}: ${message.split("\n")[0]}`,
    severity: "error",
    component: "jobs",
    group: queue,
    class: "job-failed",
    customDetails: { queue, jobId, attempts, error: message.slice(0, 2_000) },
  });
}
