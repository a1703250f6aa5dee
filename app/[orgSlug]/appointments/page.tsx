import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { CalendarBoard } from "@/components/appointments/calendar-board";
import { buttonClass } from "@/components/ui/button";
import { loadCalendar, type TCalendarQuery } from "@/lib/appointments/load-calendar";
import { AppError } from "@/lib/errors";
import { requirePermission } from "@/lib/org/require-permission";
import { can } from "@/lib/rbac";

export const metadata: Metadata = { title: "Appointments" };

const selectClass = "block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-slate-900 shadow-sm focus:border-blue-700 focus:outline-2 focus:outline-blue-700";
const tab = (active: boolean) => (active ? "rounded-md bg-slate-900 px-3 py-1.5 text-sm font-medium text-white" : "rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium text-slate-900 hover:bg-slate-100");

const heading = (date: string, view: "day" | "week") =>
  `${view === "week" ? "Week of " : ""}${new Intl.DateTimeFormat("en-GB", { timeZone: "UTC", weekday: view === "day" ? "long" : undefined, day: "numeric", month: "long", year: "numeric" }).format(new Date(`${date}T12:00:00Z`))}`;

/** The appointment calendar of one location: a day by bay or technician, or a week, in the location's time zone. */
export default async function AppointmentsPage({
  params, searchParams,
}: { params: Promise<{ orgSlug: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { orgSlug } = await params;
  const ctx = await requirePermission(orgSlug, "appointment.read");
  let calendar;
  try {
    calendar = await loadCalendar(ctx, await searchParams);
  } catch (error) {
    if (error instanceof AppError && error.code === "NOT_FOUND") notFound();
    throw error;
  }
  const { query, grid, location } = calendar;
  const base = `/${orgSlug}/appointments`;
  const href = (change: Partial<TCalendarQuery>) => {
    const next = { ...query, ...change };
    return `${base}?${new URLSearchParams({ location: next.location!, date: next.date!, view: next.view, by: next.by }).toString()}`;
  };
  const canCreate = can(ctx, "appointment.create");

  return (
    <div className="flex flex-col gap-5">
      <div className="flex flex-wrap items-baseline justify-between gap-3">
        <h1 className="text-2xl font-semibold">Appointments</h1>
        {can(ctx, "settings.update") ? <Link href={`/${orgSlug}/settings/booking`} className={buttonClass("link")}>Bays, opening hours and online booking</Link> : null}
      </div>
      <div className="flex flex-wrap items-end gap-3">
        {calendar.locations.length > 1 ? (
          <form method="get" action={base} aria-label="Choose a location" className="flex items-end gap-2">
            <input type="hidden" name="date" value={query.date} />
            <input type="hidden" name="view" value={query.view} />
            <input type="hidden" name="by" value={query.by} />
            <div className="flex flex-col gap-1">
              <label htmlFor="calendar-location" className="text-sm font-medium text-slate-800">Location</label>
              <select id="calendar-location" name="location" defaultValue={location.id} className={selectClass}>
                {calendar.locations.map((l) => <option key={l.id} value={l.id}>{l.name}</option>)}
              </select>
            </div>
            <button type="submit" className={buttonClass("secondary")}>Show</button>
          </form>
        ) : null}
        <form method="get" action={base} aria-label="Go to a date" className="flex items-end gap-2">
          <input type="hidden" name="location" value={location.id} />
          <input type="hidden" name="view" value={query.view} />
          <input type="hidden" name="by" value={query.by} />
          <div className="flex flex-col gap-1">
            <label htmlFor="calendar-date" className="text-sm font-medium text-slate-800">Date</label>
            <input id="calendar-date" type="date" name="date" defaultValue={query.date} className={selectClass} />
          </div>
          <button type="submit" className={buttonClass("secondary")}>Go</button>
        </form>
      </div>
      <nav aria-label="Calendar" className="flex flex-wrap items-center gap-2">
        <Link href={href({ date: calendar.previous })} className={tab(false)} aria-label={query.view === "week" ? "Previous week" : "Previous day"}>←</Link>
        <Link href={href({ date: calendar.today })} className={tab(false)}>Today</Link>
        <Link href={href({ date: calendar.next })} className={tab(false)} aria-label={query.view === "week" ? "Next week" : "Next day"}>→</Link>
        <span className="mx-1 h-6 border-l border-slate-300" aria-hidden />
        <Link href={href({ view: "day" })} className={tab(query.view === "day")} aria-current={query.view === "day" ? "page" : undefined}>Day</Link>
        <Link href={href({ view: "week" })} className={tab(query.view === "week")} aria-current={query.view === "week" ? "page" : undefined}>Week</Link>
        {query.view === "day" ? (
          <>
            <span className="mx-1 h-6 border-l border-slate-300" aria-hidden />
            <Link href={href({ by: "bay" })} className={tab(query.by === "bay")} aria-current={query.by === "bay" ? "page" : undefined}>By bay</Link>
            <Link href={href({ by: "technician" })} className={tab(query.by === "technician")} aria-current={query.by === "technician" ? "page" : undefined}>By technician</Link>
          </>
        ) : null}
      </nav>
      <div>
        <h2 className="text-lg font-semibold">{heading(query.date, query.view)}</h2>
        <p className="text-sm text-slate-600">
          {location.name} · times in {location.timezone}
          {calendar.bays.length === 0 && query.by === "bay" ? " · no bays yet: add them under Bays, opening hours and online booking" : ""}
        </p>
      </div>
      <CalendarBoard
        key={`${query.location}|${query.date}|${query.view}|${query.by}`}
        orgSlug={orgSlug}
        locationId={location.id}
        timeZone={location.timezone}
        grid={grid}
        canCreate={canCreate}
        bays={calendar.bays}
        technicians={calendar.technicians}
        defaultMinutes={location.bookingSlotMinutes}
      />
      {grid.offGrid.length > 0 ? (
        <section aria-labelledby="off-grid" className="flex flex-col gap-2">
          <h2 id="off-grid" className="text-base font-semibold">Cancelled and no-shows</h2>
          <ul className="flex flex-col gap-1 text-sm">
            {grid.offGrid.map((card) => (
              <li key={card.id}>
                <Link href={`${base}/${card.id}`} className="text-blue-700 underline underline-offset-2">{card.time} {card.customer}</Link>
                <span className="text-slate-600"> · {card.statusLabel}{card.vehicle ? ` · ${card.vehicle}` : ""}</span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  );
}
