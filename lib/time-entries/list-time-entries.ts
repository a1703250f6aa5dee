import { z } from "zod";
import { db, withTenant } from "@/lib/db";
import { blankToUndefined } from "@/lib/forms/blank";
import { parseInput } from "@/lib/forms/parse-input";
import type { OrgContext } from "@/lib/org/context";
import { authorize } from "@/lib/rbac";
import { instantAt, isLocalDateTime, todayIn } from "./workshop-time";

const nextDay = (day: string) => new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

export const ZTimeEntryFilter = z.object({
  day: z.preprocess(blankToUndefined, z.string().refine((day) => isLocalDateTime(`${day}T00:00`), "Choose a day.").optional()),
});

const ENTRY_LIMIT = 500;

/**
 * The workshop's time for one local day (today by default), for the advisor
 * who corrects it: every entry that overlaps the day, plus everyone clocked on
 * right now, with technician names, jobs and repair order numbers.
 */
export async function listTimeEntries(ctx: OrgContext, raw: z.input<typeof ZTimeEntryFilter> = {}) {
  await authorize(ctx, "timeEntry.manage");
  const input = parseInput(ZTimeEntryFilter, raw);
  const { timezone } = await db().organization.findUniqueOrThrow({ where: { id: ctx.orgId }, select: { timezone: true } });
  const day = input.day ?? todayIn(timezone);
  const entries = await withTenant(ctx.orgId, async (tx) => {
    // A local day runs midnight to midnight on the wall clock: 23 or 25 hours when the clocks change.
    const [starts, ends] = [await instantAt(tx, `${day}T00:00`, timezone), await instantAt(tx, `${nextDay(day)}T00:00`, timezone)];
    return tx.timeEntry.findMany({
      where: { OR: [{ endedAt: null }, { startedAt: { lt: ends }, endedAt: { gt: starts } }] },
      orderBy: [{ startedAt: "asc" }],
      take: ENTRY_LIMIT,
      include: { job: { select: { title: true } }, repairOrder: { select: { number: true } } },
    });
  });
  const users = await db().user.findMany({ where: { id: { in: [...new Set(entries.map((e) => e.technicianUserId))] } }, select: { id: true, name: true } });
  const names = new Map(users.map((user) => [user.id, user.name]));
  return {
    day,
    timezone,
    /** when the list was read: open entries run to here */
    now: new Date(),
    entries: entries.map((entry) => ({
      id: entry.id, technicianUserId: entry.technicianUserId, technicianName: names.get(entry.technicianUserId) ?? "Former member",
      jobId: entry.jobId, jobTitle: entry.job.title, repairOrderId: entry.repairOrderId, repairOrderNumber: entry.repairOrder.number,
      startedAt: entry.startedAt, endedAt: entry.endedAt,
    })),
  };
}
