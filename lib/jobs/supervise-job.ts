import type PgBoss from "pg-boss";
import { alertJobFailed } from "@/lib/alerts/job-failed";
import { log } from "@/lib/log/logger";
import { withRequestContext } from "@/lib/log/request-context";
import { countJobFailure } from "@/lib/observability/count";

/**
 * Runs one job of a queue with its log lines and failure accounting: every
 * failed run counts (awms_job_failures_total), and the run after which pg-boss
 * retries no more raises one alert for that job. Rethrows so pg-boss records
 * the failure and retries by the queue's settings. Workers fetch with
 * includeMetadata so the retry count is known. Every line the handler logs,
 * however deep, carries the queue and job id (and the workshop the job names).
 */
export function superviseJob(queue: string, handler: (data: unknown) => Promise<void>, job: PgBoss.JobWithMetadata<unknown> | PgBoss.Job<unknown>): Promise<void> {
  const orgId = (job.data as { orgId?: unknown } | null)?.orgId;
  const context = { requestId: null, job: queue, jobId: job.id, organizationId: typeof orgId === "string" ? orgId : undefined };
  return withRequestContext(context, () => runJob(queue, handler, job));
}

async function runJob(queue: string, handler: (data: unknown) => Promise<void>, job: PgBoss.JobWithMetadata<unknown> | PgBoss.Job<unknown>): Promise<void> {
  const started = Date.now();
  log.info({ job: queue, jobId: job.id }, "background job started");
  try {
    await handler(job.data);
    log.info({ job: queue, jobId: job.id, ms: Date.now() - started }, "background job finished");
  } catch (error) {
    log.error({ job: queue, jobId: job.id, err: error }, "background job failed");
    countJobFailure(queue);
    if ("retryCount" in job && job.retryCount >= job.retryLimit) alertJobFailed(queue, job.id, error, job.retryCount + 1);
    throw error;
  }
}
