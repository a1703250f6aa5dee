import { z } from "zod";
import { audit } from "@/lib/audit/audit";
import { changedFields } from "@/lib/audit/changed-fields";
import { withTenant } from "@/lib/db";
import { parseInput } from "@/lib/forms/parse-input";
import { actorOf, type OrgContext } from "@/lib/org/context";
import { authorize } from "@/lib/rbac";
import { findLocation } from "./booking-checks";

const TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;
const minuteOf = (value: string) => {
  const match = TIME.exec(value)!;
  return Number(match[1]) * 60 + Number(match[2]);
};
const time = (message: string) => z.string({ message }).regex(TIME, message).transform(minuteOf);
const day = z.preprocess((value) => value === "on" || value === true, z.boolean()).optional();

export const WEEKDAY_NAMES = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"] as const;

/** One checkbox per weekday (weekday1 = Monday ... weekday7 = Sunday): a form sends each box as its own field. */
export const ZOpeningHours = z.object({
  locationId: z.string({ message: "Choose a location." }),
  opensAt: time("Enter the opening time, e.g. 08:00."),
  closesAt: time("Enter the closing time, e.g. 17:30."),
  bookingSlotMinutes: z.coerce.number({ message: "Choose a length." }).int("Choose a length.").min(15, "At least 15 minutes.").max(480, "At most 8 hours."),
  weekday1: day, weekday2: day, weekday3: day, weekday4: day, weekday5: day, weekday6: day, weekday7: day,
}).refine((hours) => hours.closesAt > hours.opensAt, { path: ["closesAt"], message: "Closing must be after opening." });

/** A location's opening hours and online slot length: the calendar's rows and the booking page's free times. */
export async function updateOpeningHours(ctx: OrgContext, raw: z.input<typeof ZOpeningHours>) {
  await authorize(ctx, "settings.update");
  const input = parseInput(ZOpeningHours, raw);
  const openWeekdays = [1, 2, 3, 4, 5, 6, 7].filter((n) => input[`weekday${n}` as `weekday${1 | 2 | 3 | 4 | 5 | 6 | 7}`]);
  return withTenant(ctx.orgId, async (tx) => {
    const location = await findLocation(tx, input.locationId);
    const next = { opensAtMinute: input.opensAt, closesAtMinute: input.closesAt, bookingSlotMinutes: input.bookingSlotMinutes, openWeekdays: openWeekdays.join(",") };
    const changes = changedFields({ ...location, openWeekdays: location.openWeekdays.join(",") }, next);
    if (Object.keys(changes).length === 0) return location;
    const updated = await tx.location.update({
      where: { organizationId_id: { organizationId: ctx.orgId, id: location.id } },
      data: { opensAtMinute: input.opensAt, closesAtMinute: input.closesAt, bookingSlotMinutes: input.bookingSlotMinutes, openWeekdays },
    });
    await audit(tx, actorOf(ctx), "location.update", { type: "Location", id: location.id }, changes);
    return updated;
  });
}
