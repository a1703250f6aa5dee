import { z } from "zod";
import { audit } from "@/lib/audit/audit";
import { withTenant } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { blankToUndefined } from "@/lib/forms/blank";
import { parseInput } from "@/lib/forms/parse-input";
import { isUuid } from "@/lib/ids";
import { actorOf, type OrgContext } from "@/lib/org/context";
import { authorize } from "@/lib/rbac";
import { isOneJobAtATime } from "./constraint-violation";
import { formatWorkshopTime, instantAt, isLocalDateTime } from "./workshop-time";

const localTime = (message: string) => z.string().trim().refine(isLocalDateTime, message);

export const ZCorrectTimeEntry = z.object({
  timeEntryId: z.string().trim().min(1),
  startedAt: localTime("Enter the date and time the technician clocked on."),
  /** blank: still clocked on (only for an entry that is open) */
  endedAt: z.preprocess(blankToUndefined, localTime("Enter the date and time the technician clocked off.").optional()),
  reason: z.string().trim().min(3, "Say why the time is corrected.").max(300, "Keep the reason under 300 characters."),
});

const invalid = (field: string, message: string) => new AppError("VALIDATION_FAILED", message, { fields: { [field]: message } });
// A form sends minutes: allow the minute we are in.
const GRACE_MS = 60_000;

/**
 * Corrects when a technician clocked on and off (forgot to clock off, clocked
 * on to the wrong time), with a reason. Audited with the times before and after.
 * The corrected entry may not overlap another of the same technician: checked
 * here to say which, and guaranteed by the exclusion constraint.
 */
export async function correctTimeEntry(ctx: OrgContext, raw: z.input<typeof ZCorrectTimeEntry>) {
  await authorize(ctx, "timeEntry.manage");
  const input = parseInput(ZCorrectTimeEntry, raw);
  try {
    return await withTenant(ctx.orgId, async (tx, global) => {
      const entry = isUuid(input.timeEntryId) ? await tx.timeEntry.findFirst({ where: { id: input.timeEntryId } }) : null;
      if (!entry) throw new AppError("NOT_FOUND", "That time entry was not found.");
      const { timezone } = await global.organization.findUniqueOrThrow({ where: { id: ctx.orgId }, select: { timezone: true } });
      const startedAt = await instantAt(tx, input.startedAt, timezone);
      const endedAt = input.endedAt === undefined ? null : await instantAt(tx, input.endedAt, timezone);
      const now = Date.now() + GRACE_MS;
      if (startedAt.getTime() > now) throw invalid("startedAt", "That time has not come yet.");
      if (endedAt === null && entry.endedAt !== null) throw invalid("endedAt", "Enter when the technician clocked off.");
      if (endedAt !== null && endedAt.getTime() > now) throw invalid("endedAt", "That time has not come yet.");
      if (endedAt !== null && endedAt <= startedAt) throw invalid("endedAt", "Clocking off must come after clocking on.");
      if (startedAt.getTime() === entry.startedAt.getTime() && (endedAt?.getTime() ?? null) === (entry.endedAt?.getTime() ?? null)) {
        throw invalid("startedAt", "These are the times already recorded.");
      }
      const clash = await tx.timeEntry.findFirst({
        where: {
          technicianUserId: entry.technicianUserId, id: { not: entry.id },
          ...(endedAt ? { startedAt: { lt: endedAt } } : {}),
          OR: [{ endedAt: null }, { endedAt: { gt: startedAt } }],
        },
        include: { job: { select: { title: true } } },
      });
      if (clash) {
        throw invalid("startedAt", `That overlaps the technician's time on “${clash.job.title}” from ${formatWorkshopTime(clash.startedAt, timezone)}. A technician is on one job at a time.`);
      }
      // Conditional on the times read: a clock-off landing meanwhile is not silently overwritten.
      const changed = await tx.timeEntry.updateMany({ where: { id: entry.id, startedAt: entry.startedAt, endedAt: entry.endedAt }, data: { startedAt, endedAt } });
      if (changed.count !== 1) throw new AppError("CONFLICT", "That time entry changed just now. Reload and correct it again.");
      await audit(tx, actorOf(ctx), "timeEntry.correct", { type: "TimeEntry", id: entry.id }, {
        technicianUserId: entry.technicianUserId, jobId: entry.jobId, repairOrderId: entry.repairOrderId,
        before: { startedAt: entry.startedAt.toISOString(), endedAt: entry.endedAt?.toISOString() ?? null },
        after: { startedAt: startedAt.toISOString(), endedAt: endedAt?.toISOString() ?? null },
        reason: input.reason,
      });
      return { ...entry, startedAt, endedAt };
    });
  } catch (error) {
    if (isOneJobAtATime(error)) throw invalid("startedAt", "That overlaps another entry of this technician, saved just now. A technician is on one job at a time.");
    throw error;
  }
}
