import { z } from "zod";
import { withTenant } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { OrgContext } from "@/lib/org/context";
import { authorize, can } from "@/lib/rbac";
import { listTechnicians } from "@/lib/repair-orders/technicians";
import { calendarGrid } from "./calendar-grid";
import { listBays } from "./list-bays";
import { listCalendarAppointments } from "./list-calendar-appointments";
import { addDays, localToday } from "./opening-hours";

/** The calendar's address bar: a bad value falls back to the default rather than failing the page. */
export const ZCalendarQuery = z.object({
  location: z.string().max(64).optional().catch(undefined),
  date: z.iso.date().optional().catch(undefined),
  view: z.enum(["day", "week"]).catch("day"),
  by: z.enum(["bay", "technician"]).catch("bay"),
});
export type TCalendarQuery = z.infer<typeof ZCalendarQuery>;

const HOURS = { id: true, name: true, timezone: true, opensAtMinute: true, closesAtMinute: true, openWeekdays: true, bookingSlotMinutes: true } as const;

/** The locations a calendar can show, first-created first (the workshop's main site). */
export async function listCalendarLocations(ctx: OrgContext) {
  await authorize(ctx, "appointment.read");
  return withTenant(ctx.orgId, (tx) => tx.location.findMany({ orderBy: [{ createdAt: "asc" }, { id: "asc" }], select: HOURS }));
}

/** Everything the calendar page draws for one location's day or week, in that location's time zone. */
export async function loadCalendar(ctx: OrgContext, raw: Record<string, unknown>, now: Date = new Date()) {
  const query = ZCalendarQuery.parse(raw);
  const locations = await listCalendarLocations(ctx);
  const location = query.location ? locations.find((l) => l.id === query.location) : locations[0];
  if (!location) throw new AppError("NOT_FOUND", "That location was not found.");
  const today = localToday(now, location.timezone);
  const date = query.date ?? today;
  const [calendar, bays, technicians] = await Promise.all([
    listCalendarAppointments(ctx, { locationId: location.id, date, span: query.view }),
    listBays(ctx, location.id, { includeInactive: true }),
    listTechnicians(ctx),
  ]);
  const grid = calendarGrid(
    { date, view: query.view, by: query.by, hours: location, appointments: calendar.appointments, bays, technicians, canEdit: can(ctx, "appointment.update") },
    calendar,
  );
  const step = query.view === "week" ? 7 : 1;
  return {
    locations: locations.map((l) => ({ id: l.id, name: l.name })),
    location,
    query: { ...query, location: location.id, date },
    today,
    previous: addDays(date, -step),
    next: addDays(date, step),
    grid,
    bays: bays.filter((bay) => bay.active).map((bay) => ({ id: bay.id, name: bay.name })),
    technicians: technicians.map((t) => ({ id: t.userId, name: t.name })),
  };
}

export type CalendarPage = Awaited<ReturnType<typeof loadCalendar>>;
