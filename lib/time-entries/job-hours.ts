import { withTenant } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { isUuid } from "@/lib/ids";
import type { OrgContext } from "@/lib/org/context";
import { authorize } from "@/lib/rbac";
import { visibleTo } from "@/lib/repair-orders/visibility";

export interface JobHours {
  /** every technician's time on the job, an entry still open counted to now */
  loggedMs: number;
  /** hours on the job's labour lines, in thousandths: what its invoice charges */
  billedMilli: number;
  /** technicians clocked on to it right now */
  onNow: number;
}

/** Logged against billed hours for each job of a repair order the member may see. */
export async function jobHours(ctx: OrgContext, repairOrderId: string, now = new Date()): Promise<Map<string, JobHours>> {
  await authorize(ctx, "timeEntry.read");
  return withTenant(ctx.orgId, async (tx) => {
    const order = isUuid(repairOrderId) ? await tx.repairOrder.findFirst({ where: { AND: [{ id: repairOrderId }, visibleTo(ctx)] }, select: { id: true } }) : null;
    if (!order) throw new AppError("NOT_FOUND", "That repair order was not found.");
    const entries = await tx.timeEntry.findMany({ where: { repairOrderId: order.id }, select: { jobId: true, startedAt: true, endedAt: true } });
    const labour = await tx.jobLine.findMany({ where: { kind: "LABOUR", job: { repairOrderId: order.id } }, select: { jobId: true, quantityMilli: true } });
    const hours = new Map<string, JobHours>();
    const of = (jobId: string) => {
      let row = hours.get(jobId);
      if (!row) hours.set(jobId, (row = { loggedMs: 0, billedMilli: 0, onNow: 0 }));
      return row;
    };
    for (const entry of entries) {
      const row = of(entry.jobId);
      row.loggedMs += Math.max(0, (entry.endedAt ?? now).getTime() - entry.startedAt.getTime());
      if (entry.endedAt === null) row.onNow += 1;
    }
    for (const line of labour) of(line.jobId).billedMilli += line.quantityMilli;
    return hours;
  });
}
