import type { AuditActor } from "@/lib/audit/audit";
import { withTenant } from "@/lib/db";
import { log } from "@/lib/log/logger";

/** The job writes its audit entries as the system, named by its request id. */
export const jobActor = (orgId: string): AuditActor => ({ orgId, userId: null, requestId: "job:privacy-erasures" });

/** A step of the run whose failure is reported in these words: never the error's own text, which may quote a value. */
export class ErasureStepError extends Error {
  constructor(readonly words: string, options: { cause: unknown }) {
    super(words, options);
    this.name = "ErasureStepError";
  }
}

export async function step<T>(words: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw error instanceof ErasureStepError ? error : new ErasureStepError(words, { cause: error });
  }
}

/**
 * Takes a due request for this run: SCHEDULED past its grace period, FAILED (a
 * retry), or RUNNING for over an hour (a run that died). Conditional, so two
 * runs never take the same request and a cancellation in the same instant wins
 * or loses cleanly.
 */
export async function claimRequest(orgId: string, requestId: string, now: Date): Promise<boolean> {
  const stale = new Date(now.getTime() - 3_600_000);
  const claimed = await withTenant(orgId, (tx) =>
    tx.privacyRequest.updateMany({
      where: {
        id: requestId, kind: "ERASURE", executeAfter: { lte: now },
        OR: [{ status: { in: ["SCHEDULED", "FAILED"] } }, { status: "RUNNING", startedAt: { lt: stale } }],
      },
      data: { status: "RUNNING", startedAt: now, error: null },
    }),
  );
  return claimed.count === 1;
}

/** Records why the run failed, in words; the next hourly run tries again. */
export async function markFailed(orgId: string, requestId: string, error: unknown): Promise<void> {
  const words = error instanceof ErasureStepError ? error.words : "The erasure stopped on an unexpected error.";
  log.error({ orgId, requestId, err: error }, "privacy erasure failed");
  await withTenant(orgId, (tx) =>
    tx.privacyRequest.updateMany({ where: { id: requestId, status: "RUNNING" }, data: { status: "FAILED", error: `${words} It will be tried again within the hour.` } }),
  );
}
