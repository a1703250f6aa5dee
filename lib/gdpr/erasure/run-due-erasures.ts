// The hourly privacy-erasures job. Organizations are a global table; each
// workshop's requests are read and run inside withTenant(orgId, ...), so
// row-level security binds the job as it binds a request.
import { db, withTenant } from "@/lib/db";
import { log } from "@/lib/log/logger";
import { closeWorkshop } from "./close-workshop";
import { eraseCustomer } from "./erase-customer";
import { claimRequest, markFailed } from "./erasure-run";

export interface ErasureRun {
  completed: number;
  failed: number;
}

function dueRequests(orgId: string, now: Date) {
  const stale = new Date(now.getTime() - 3_600_000);
  return withTenant(orgId, (tx) =>
    tx.privacyRequest.findMany({
      where: {
        kind: "ERASURE", executeAfter: { lte: now },
        OR: [{ status: { in: ["SCHEDULED", "FAILED"] } }, { status: "RUNNING", startedAt: { lt: stale } }],
      },
      // The closure first: it erases every customer, so their own requests complete with it.
      orderBy: [{ scope: "desc" }, { executeAfter: "asc" }],
      select: { id: true, scope: true, customerId: true },
    }),
  );
}

/** Runs every erasure whose grace period is over, in every open workshop. `now` lets tests stand after the grace period. */
export async function runDueErasures(options: { now?: Date } = {}): Promise<ErasureRun> {
  const now = options.now ?? new Date();
  const run: ErasureRun = { completed: 0, failed: 0 };
  const organizations = await db().organization.findMany({ where: { closedAt: null }, select: { id: true }, orderBy: { id: "asc" } });
  for (const { id: orgId } of organizations) {
    for (const request of await dueRequests(orgId, now)) {
      if (!(await claimRequest(orgId, request.id, now))) continue;
      try {
        if (request.scope === "ORGANIZATION") await closeWorkshop(orgId, request.id);
        else if (request.customerId) await eraseCustomer(orgId, request.id, request.customerId);
        run.completed += 1;
      } catch (error) {
        run.failed += 1;
        await markFailed(orgId, request.id, error);
      }
      if (request.scope === "ORGANIZATION") break;
    }
  }
  return run;
}

/** The pg-boss handler: a failed erasure fails the job (pg-boss retries it); what completed stays completed. */
export async function runPrivacyErasures(): Promise<void> {
  const run = await runDueErasures();
  log.info(run, "privacy erasures run");
  if (run.failed > 0) throw new Error(`${run.failed} privacy erasure(s) failed`);
}
