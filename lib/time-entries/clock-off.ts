import { z } from "zod";
import { withTenant } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { parseInput } from "@/lib/forms/parse-input";
import { isUuid } from "@/lib/ids";
import type { OrgContext } from "@/lib/org/context";
import { authorize, can } from "@/lib/rbac";
import { endOpenEntry } from "./end-entry";

export const ZClockOff = z.object({ timeEntryId: z.string().trim().min(1, "Choose a time entry.") });

/**
 * Clocks an entry off now. Technicians clock off their own time; members who
 * manage time entries (advisors and up) may clock anyone off, e.g. someone who
 * went home still clocked on. Another technician's entry is "not found" to a
 * technician, like another workshop's.
 */
export async function clockOff(ctx: OrgContext, raw: z.input<typeof ZClockOff>) {
  const manages = can(ctx, "timeEntry.manage");
  await authorize(ctx, manages ? "timeEntry.manage" : "timeEntry.clock");
  const input = parseInput(ZClockOff, raw);
  return withTenant(ctx.orgId, async (tx) => {
    const entry = isUuid(input.timeEntryId)
      ? await tx.timeEntry.findFirst({ where: { id: input.timeEntryId, ...(manages ? {} : { technicianUserId: ctx.userId }) } })
      : null;
    if (!entry) throw new AppError("NOT_FOUND", "That time entry was not found.");
    const ended = entry.endedAt === null ? await endOpenEntry(tx, ctx, entry, new Date(), "clocked off") : null;
    if (!ended) throw new AppError("CONFLICT", "That time entry is already clocked off.");
    return { ...entry, endedAt: ended.endedAt };
  });
}
