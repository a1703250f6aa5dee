import { withTenant } from "@/lib/db";
import type { OrgContext } from "@/lib/org/context";
import { authorize } from "@/lib/rbac";
import { visibleTo } from "@/lib/repair-orders/visibility";
import { CLOCKABLE_STATUSES, isClockableJob, isClockableStatus } from "./clockable";

const ORDER_LIMIT = 100;

/**
 * A technician's screen: the approved jobs on the repair orders they may see
 * that time can be booked to, the entry they are clocked on to (whatever its
 * order's status has become, so they can always clock off), and the time they
 * have logged on each job. Their own orders (assigned, or with their labour)
 * come first, after the one they are on.
 */
export async function myWork(ctx: OrgContext) {
  await authorize(ctx, "timeEntry.clock");
  return withTenant(ctx.orgId, async (tx) => {
    const open = await tx.timeEntry.findFirst({ where: { technicianUserId: ctx.userId, endedAt: null }, select: { id: true, jobId: true, repairOrderId: true, startedAt: true } });
    const orders = await tx.repairOrder.findMany({
      where: {
        AND: [
          // onBoard is the indexed stand-in for "open" (enum tests cannot use an index under RLS).
          { OR: [{ onBoard: true, status: { in: [...CLOCKABLE_STATUSES] } }, ...(open ? [{ id: open.repairOrderId }] : [])] },
          visibleTo(ctx),
        ],
      },
      orderBy: [{ promisedAt: { sort: "asc", nulls: "last" } }, { number: "asc" }],
      take: ORDER_LIMIT,
      select: {
        id: true, number: true, status: true, promisedAt: true, technicianUserId: true, labourTechnicianIds: true,
        vehicle: { select: { registration: true, make: true, model: true } },
        jobs: { orderBy: { position: "asc" }, select: { id: true, title: true, position: true, approval: true } },
      },
    });
    const jobIds = orders.flatMap((order) => order.jobs.map((job) => job.id));
    const entries = jobIds.length === 0 ? [] : await tx.timeEntry.findMany({
      where: { technicianUserId: ctx.userId, jobId: { in: jobIds }, endedAt: { not: null } },
      select: { jobId: true, startedAt: true, endedAt: true },
    });
    const loggedMs = new Map<string, number>();
    for (const entry of entries) loggedMs.set(entry.jobId, (loggedMs.get(entry.jobId) ?? 0) + entry.endedAt!.getTime() - entry.startedAt.getTime());
    const rank = (order: (typeof orders)[number]) =>
      order.id === open?.repairOrderId ? 0 : order.technicianUserId === ctx.userId || order.labourTechnicianIds.includes(ctx.userId) ? 1 : 2;
    return {
      open,
      orders: orders
        .map((order, index) => ({ order, index }))
        .sort((x, y) => rank(x.order) - rank(y.order) || x.index - y.index)
        .map(({ order }) => ({
          id: order.id, number: order.number, status: order.status, promisedAt: order.promisedAt, vehicle: order.vehicle,
          mine: rank(order) < 2,
          jobs: order.jobs
            .filter((job) => isClockableJob(job.approval) || job.id === open?.jobId)
            .map((job) => ({
              id: job.id, title: job.title, position: job.position,
              clockable: isClockableStatus(order.status) && isClockableJob(job.approval),
              loggedMs: loggedMs.get(job.id) ?? 0,
              onNow: job.id === open?.jobId,
            })),
        }))
        .filter((order) => order.jobs.length > 0),
    };
  });
}
