import { z } from "zod";
import { audit } from "@/lib/audit/audit";
import { withTenant, type TenantTx } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { parseInput } from "@/lib/forms/parse-input";
import { isUuid } from "@/lib/ids";
import { actorOf, type OrgContext } from "@/lib/org/context";
import { authorize } from "@/lib/rbac";
import { shareRepairOrder } from "@/lib/repair-orders/row-locks";
import { visibleTo } from "@/lib/repair-orders/visibility";
import { isClockableJob, isClockableStatus, statusWords } from "./clockable";
import { endsBeforeItStarts, isOneJobAtATime } from "./constraint-violation";
import { endOpenEntry } from "./end-entry";

export const ZClockOn = z.object({ jobId: z.string().trim().min(1, "Choose a job.") });

const jobNotFound = () => new AppError("NOT_FOUND", "That job was not found.");

/** An approved job on a repair order the member may see, read under the order's share lock. */
async function clockableJob(tx: TenantTx, ctx: OrgContext, jobId: string) {
  const job = isUuid(jobId) ? await tx.job.findFirst({ where: { id: jobId }, select: { id: true, title: true, repairOrderId: true } }) : null;
  if (!job) throw jobNotFound();
  const order = await tx.repairOrder.findFirst({ where: { AND: [{ id: job.repairOrderId }, visibleTo(ctx)] }, select: { id: true, number: true } });
  if (!order) throw jobNotFound();
  // Shared lock, order before job like every other change to the work: a move to
  // READY (or an answer on the job) waits until this clock-on has committed.
  const status = await shareRepairOrder(tx, ctx.orgId, order.id);
  if (!isClockableStatus(status)) {
    throw new AppError("CONFLICT", `Repair order ${order.number} is ${statusWords(status)}: time can be booked once it is approved or in progress.`);
  }
  const current = await tx.job.findFirstOrThrow({ where: { id: job.id }, select: { approval: true } });
  if (!isClockableJob(current.approval)) {
    throw new AppError("CONFLICT", `“${job.title}” is not approved by the customer: time can be booked only to approved work.`);
  }
  return { ...job, repairOrderNumber: order.number };
}

/**
 * Clocks the member on to a job. A technician is on one job at a time: if they
 * are clocked on to another job, that entry is clocked off at the same instant,
 * in the same transaction (switching jobs from the bay is one tap, and no time
 * is lost or counted twice). The exclusion constraint TimeEntry_one_job_at_a_time
 * is the guarantee when two clock-ons race: the loser gets a CONFLICT.
 */
export async function clockOn(ctx: OrgContext, raw: z.input<typeof ZClockOn>) {
  await authorize(ctx, "timeEntry.clock");
  const input = parseInput(ZClockOn, raw);
  try {
    return await withTenant(ctx.orgId, async (tx) => {
      const job = await clockableJob(tx, ctx, input.jobId);
      const now = new Date();
      const open = await tx.timeEntry.findFirst({ where: { technicianUserId: ctx.userId, endedAt: null }, include: { job: { select: { title: true } } } });
      if (open?.jobId === job.id) throw new AppError("CONFLICT", `You are already clocked on to “${job.title}”.`);
      const switchedFrom = open ? await endOpenEntry(tx, ctx, open, now, "switched job") : null;
      const entry = await tx.timeEntry.create({
        data: { organizationId: ctx.orgId, technicianUserId: ctx.userId, repairOrderId: job.repairOrderId, jobId: job.id, startedAt: switchedFrom?.endedAt ?? now },
      });
      await audit(tx, actorOf(ctx), "timeEntry.clockOn", { type: "TimeEntry", id: entry.id }, {
        jobId: job.id, repairOrderId: job.repairOrderId, repairOrderNumber: job.repairOrderNumber, ...(switchedFrom ? { switchedFromEntryId: switchedFrom.id } : {}),
      });
      return { entry, job, switchedFrom: switchedFrom && open ? { jobTitle: open.job.title } : null };
    });
  } catch (error) {
    if (isOneJobAtATime(error)) {
      throw new AppError("CONFLICT", "You were clocked on to another job at the same moment (another tap or device). Reload to see which job you are on.", { cause: error });
    }
    if (endsBeforeItStarts(error)) {
      throw new AppError("CONFLICT", "You clocked on to that job a moment ago. Reload and try again.", { cause: error });
    }
    throw error;
  }
}
