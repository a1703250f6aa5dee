import { scrubText } from "@/lib/log/redaction";
import { triggerAlert } from "./send-alert";

/**
 * A job pg-boss will not retry again: one incident per job. The error's text
 * leaves for the receiver scrubbed like a log line (an email or card number a
 * message quotes stays here), and the summary gives its first line that says something.
 */
export function alertJobFailed(queue: string, jobId: string, error: unknown, attempts: number): void {
  const message = scrubText(error instanceof Error ? error.message : String(error));
  const reason = message.split("\n").map((line) => line.trim()).find(Boolean) ?? "no message";
  triggerAlert({
    dedupKey: `job-failed:${queue}:${jobId}`,
    summary: `Background job ${queue} failed after ${attempts} attempt${attempts === 1 ? "" : "s"}: ${reason}`,
    severity: "error",
    component: "jobs",
    group: queue,
    class: "job-failed",
    customDetails: { queue, jobId, attempts, error: message.slice(0, 2_000) },
  });
}
