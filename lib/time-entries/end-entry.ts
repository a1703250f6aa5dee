import { audit } from "@/lib/audit/audit";
import type { TenantTx } from "@/lib/db";
import type { TimeEntry } from "@/lib/generated/prisma/client";
import { actorOf, type OrgContext } from "@/lib/org/context";

/**
 * Clocks an open entry off at `at` (never before it started: a clock-off in the
 * same millisecond as the clock-on is a 1 ms entry, not a refusal) and audits it.
 * Conditional on the entry still being open, so two clock-offs cannot both win:
 * null when someone else clocked it off first.
 */
export async function endOpenEntry(tx: TenantTx, ctx: OrgContext, entry: TimeEntry, at: Date, why: "clocked off" | "switched job") {
  const endedAt = new Date(Math.max(at.getTime(), entry.startedAt.getTime() + 1));
  const ended = await tx.timeEntry.updateMany({ where: { id: entry.id, endedAt: null }, data: { endedAt } });
  if (ended.count !== 1) return null;
  await audit(tx, actorOf(ctx), "timeEntry.clockOff", { type: "TimeEntry", id: entry.id }, {
    jobId: entry.jobId, repairOrderId: entry.repairOrderId, minutes: Math.round((endedAt.getTime() - entry.startedAt.getTime()) / 60_000), reason: why,
    ...(entry.technicianUserId !== ctx.userId ? { technicianUserId: entry.technicianUserId } : {}),
  });
  return { id: entry.id, endedAt };
}
