import type { AppointmentStatus } from "@/lib/generated/prisma/client";
import { formatLocalTime, localDate, resolveWallClock } from "./local-time";
import { GRID_MINUTES, MINUTE_MS, addDays, localDateTime, localMinuteOfDay, minuteLabel, openingOn, type OpeningHours } from "./opening-hours";
import { EDITABLE_APPOINTMENT } from "./status";

// The calendar as plain data for the page: columns (bays, technicians or days),
// rows of 15 minutes, and cards. Each column lists the real instant at which
// each of its rows begins, so the browser never does time-zone arithmetic: a
// drop on row r of column c starts at c.rows[r], whatever the clocks did that day.

const STEP_MS = GRID_MINUTES * MINUTE_MS;

export interface GridColumn {
  key: string;
  label: string;
  /** what a card moved here is given; absent fields stay as they are */
  assign: { bayId?: string | null; technicianUserId?: string | null };
  /** false for a retired bay or a former member: shown for what is in it, closed to new work */
  accepts: boolean;
  /** instant (ms) each row begins; null where that local time does not exist that day */
  rows: Array<number | null>;
  /** each row's local date and time ("2027-03-01T09:00"), for a form's datetime-local field */
  walls: string[];
}

export interface GridCard {
  id: string;
  column: string;
  startMs: number;
  endMs: number;
  time: string;
  customer: string;
  vehicle: string | null;
  bay: string | null;
  technician: string | null;
  status: AppointmentStatus;
  statusLabel: string;
  /** still REQUESTED or CONFIRMED and the member may change bookings: the server decides the rest */
  editable: boolean;
}

export interface CalendarGrid {
  rowLabels: Array<{ label: string; hour: boolean }>;
  columns: GridColumn[];
  cards: GridCard[];
  /** cancelled and no-shows: listed under the grid, holding no time */
  offGrid: GridCard[];
}

export interface CalendarAppointment {
  id: string;
  startsAt: Date;
  endsAt: Date;
  status: AppointmentStatus;
  bayId: string | null;
  technicianUserId: string | null;
  customer: { displayName: string };
  vehicle: { registration: string | null; make: string | null; model: string | null } | null;
  bay: { name: string } | null;
}

export interface CalendarInput {
  date: string;
  view: "day" | "week";
  by: "bay" | "technician";
  hours: OpeningHours;
  appointments: CalendarAppointment[];
  bays: Array<{ id: string; name: string; active: boolean }>;
  technicians: Array<{ userId: string; name: string }>;
  canEdit: boolean;
}

export const STATUS_LABEL: Record<AppointmentStatus, string> = {
  REQUESTED: "Requested", CONFIRMED: "Confirmed", ARRIVED: "Arrived", CONVERTED: "Repair order opened", NO_SHOW: "No-show", CANCELLED: "Cancelled",
};

const ON_GRID = (status: AppointmentStatus) => status !== "CANCELLED" && status !== "NO_SHOW";
const floorTo = (ms: number, base: number) => base - Math.ceil((base - ms) / STEP_MS) * STEP_MS;
const ceilTo = (ms: number, base: number) => base + Math.ceil((ms - base) / STEP_MS) * STEP_MS;

/** A day's rows in real time: from opening (or earlier, to show an earlier booking) to closing (or later), never outside the day. */
function dayRows(input: CalendarInput, dayFrom: Date, dayTo: Date): number[] {
  const { date, hours } = input;
  // A closed weekday still shows the usual hours: the desk may book a Saturday by hand.
  const opening = openingOn(date, { ...hours, openWeekdays: [1, 2, 3, 4, 5, 6, 7] }) ?? { opensAt: dayFrom, closesAt: dayTo };
  let start = opening.opensAt.getTime();
  let end = opening.closesAt.getTime();
  for (const appointment of input.appointments.filter((a) => ON_GRID(a.status))) {
    start = Math.min(start, floorTo(Math.max(appointment.startsAt.getTime(), dayFrom.getTime()), opening.opensAt.getTime()));
    end = Math.max(end, ceilTo(Math.min(appointment.endsAt.getTime(), dayTo.getTime()), opening.opensAt.getTime()));
  }
  const rows: number[] = [];
  for (let at = Math.max(start, dayFrom.getTime()); at < end; at += STEP_MS) rows.push(at);
  return rows;
}

/** A week's rows by wall-clock time (the same labels down every day), each day's instants resolved in the zone. */
function weekRows(input: CalendarInput, dates: string[]) {
  const { hours } = input;
  let first = hours.opensAtMinute;
  let last = hours.closesAtMinute;
  for (const appointment of input.appointments.filter((a) => ON_GRID(a.status))) {
    first = Math.min(first, Math.floor(localMinuteOfDay(appointment.startsAt, hours.timezone) / GRID_MINUTES) * GRID_MINUTES);
    const endMinute = localMinuteOfDay(appointment.endsAt, hours.timezone);
    last = Math.max(last, endMinute === 0 ? 1440 : Math.ceil(endMinute / GRID_MINUTES) * GRID_MINUTES);
  }
  const minutes: number[] = [];
  for (let minute = first; minute < last; minute += GRID_MINUTES) minutes.push(minute);
  const perDay = dates.map((date) =>
    minutes.map((minute) => {
      const [year, month, day] = date.split("-").map(Number) as [number, number, number];
      const local = resolveWallClock(Date.UTC(year, month - 1, day) + minute * MINUTE_MS, hours.timezone);
      // A repeated local time is shown once, at its first occurrence; the day view shows both.
      return local.kind === "gap" ? null : local.kind === "ambiguous" ? local.earlier.getTime() : local.instant.getTime();
    }),
  );
  const walls = dates.map((date) => minutes.map((minute) => `${date}T${minuteLabel(minute)}`));
  return { labels: minutes.map((minute) => ({ label: minuteLabel(minute), hour: minute % 60 === 0 })), perDay, walls };
}

const vehicleOf = (a: CalendarAppointment) => (a.vehicle ? [a.vehicle.registration, a.vehicle.make, a.vehicle.model].filter(Boolean).join(" ") || null : null);

function cardOf(a: CalendarAppointment, column: string, input: CalendarInput, technicianNames: Map<string, string>): GridCard {
  const tz = input.hours.timezone;
  return {
    id: a.id, column, startMs: a.startsAt.getTime(), endMs: a.endsAt.getTime(),
    time: `${formatLocalTime(a.startsAt, tz)}–${formatLocalTime(a.endsAt, tz, a.startsAt)}`,
    customer: a.customer.displayName, vehicle: vehicleOf(a), bay: a.bay?.name ?? null,
    technician: a.technicianUserId ? (technicianNames.get(a.technicianUserId) ?? "Former member") : null,
    status: a.status, statusLabel: STATUS_LABEL[a.status], editable: input.canEdit && EDITABLE_APPOINTMENT.has(a.status),
  };
}

/** The columns of a day: bays in calendar order (or technicians), plus what the day's bookings need (no bay, a retired bay, a former member). */
function dayColumns(input: CalendarInput, rows: number[], walls: string[], technicianNames: Map<string, string>): GridColumn[] {
  const live = input.appointments.filter((a) => ON_GRID(a.status));
  if (input.by === "technician") {
    const columns: GridColumn[] = input.technicians.map((t) => ({ key: t.userId, label: t.name, assign: { technicianUserId: t.userId }, accepts: true, rows, walls }));
    for (const id of new Set(live.map((a) => a.technicianUserId).filter((id): id is string => id !== null && !technicianNames.has(id)))) {
      columns.push({ key: id, label: "Former member", assign: { technicianUserId: id }, accepts: false, rows, walls });
    }
    columns.push({ key: "none", label: "No technician", assign: { technicianUserId: null }, accepts: true, rows, walls });
    return columns;
  }
  const used = new Set(live.map((a) => a.bayId));
  const columns: GridColumn[] = input.bays
    .filter((bay) => bay.active || used.has(bay.id))
    .map((bay) => ({ key: bay.id, label: bay.active ? bay.name : `${bay.name} (retired)`, assign: { bayId: bay.id }, accepts: bay.active, rows, walls }));
  if (used.has(null) || columns.length === 0) columns.push({ key: "none", label: "No bay", assign: { bayId: null }, accepts: true, rows, walls });
  return columns;
}

/** Builds the grid for a local day or the Monday-to-Sunday week containing it; `from`/`to` are the period's bounds (lib's localPeriod). */
export function calendarGrid(input: CalendarInput, period: { from: Date; to: Date }): CalendarGrid {
  const technicianNames = new Map(input.technicians.map((t) => [t.userId, t.name]));
  const offGrid = input.appointments.filter((a) => !ON_GRID(a.status));
  const live = input.appointments.filter((a) => ON_GRID(a.status));
  const tz = input.hours.timezone;
  if (input.view === "day") {
    const rows = dayRows(input, period.from, period.to);
    const walls = rows.map((at) => localDateTime(new Date(at), tz));
    const columns = dayColumns(input, rows, walls, technicianNames);
    const keyOf = (a: CalendarAppointment) => (input.by === "technician" ? a.technicianUserId : a.bayId) ?? "none";
    return {
      rowLabels: rows.map((at) => ({ label: formatLocalTime(new Date(at), tz), hour: localMinuteOfDay(new Date(at), tz) % 60 === 0 })),
      columns,
      cards: live.map((a) => cardOf(a, keyOf(a), input, technicianNames)),
      offGrid: offGrid.map((a) => cardOf(a, keyOf(a), input, technicianNames)),
    };
  }
  const monday = localMondayOf(input.date);
  const dates = Array.from({ length: 7 }, (_, i) => addDays(monday, i));
  const { labels, perDay, walls } = weekRows(input, dates);
  const label = (date: string) => new Intl.DateTimeFormat("en-GB", { timeZone: "UTC", weekday: "short", day: "numeric", month: "short" }).format(new Date(`${date}T12:00:00Z`));
  const columns = dates.map((date, i) => ({
    key: date, label: `${label(date)}${input.hours.openWeekdays.includes(i + 1) ? "" : " (closed)"}`, assign: {}, accepts: true, rows: perDay[i]!, walls: walls[i]!,
  }));
  // A booking that began before Monday (across midnight) shows on Monday.
  const dayOf = (a: CalendarAppointment) => {
    const date = localDate(a.startsAt, tz);
    return dates.includes(date) ? date : dates[0]!;
  };
  return { rowLabels: labels, columns, cards: live.map((a) => cardOf(a, dayOf(a), input, technicianNames)), offGrid: offGrid.map((a) => cardOf(a, dayOf(a), input, technicianNames)) };
}

function localMondayOf(date: string): string {
  const weekday = new Date(`${date}T12:00:00Z`).getUTCDay();
  return addDays(date, -((weekday + 6) % 7));
}
