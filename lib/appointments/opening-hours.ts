import { localDate, resolveWallClock, zoneOffsetMs } from "./local-time";

// A location's opening hours are wall-clock minutes in its own zone. The day's
// grid and its bookable slots are walked in real time from the opening instant
// to the closing one, so a day the clocks change simply has one hour more or
// less: nothing is ever placed at a local time that does not exist.

export const MINUTE_MS = 60_000;
/** The calendar's snap: moves, resizes and the grid's rows. */
export const GRID_MINUTES = 15;

export interface OpeningHours {
  timezone: string;
  opensAtMinute: number;
  closesAtMinute: number;
  /** ISO weekdays, 1 = Monday ... 7 = Sunday */
  openWeekdays: number[];
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function dateParts(date: string): [number, number, number] {
  const match = DATE.exec(date);
  if (!match) throw new Error(`not a date: ${date}`);
  return [Number(match[1]), Number(match[2]), Number(match[3])];
}

/** "2027-03-28" plus n days (n may be negative). */
export function addDays(date: string, days: number): string {
  const [year, month, day] = dateParts(date);
  return new Date(Date.UTC(year, month - 1, day + days)).toISOString().slice(0, 10);
}

/** ISO weekday of a calendar date: 1 = Monday ... 7 = Sunday. */
export function isoWeekday(date: string): number {
  const [year, month, day] = dateParts(date);
  const weekday = new Date(Date.UTC(year, month - 1, day)).getUTCDay();
  return weekday === 0 ? 7 : weekday;
}

/** The wall-clock date and time of an instant at the location, "2027-03-28T09:15". */
export function localDateTime(instant: Date, timeZone: string): string {
  return new Date(instant.getTime() + zoneOffsetMs(instant.getTime(), timeZone)).toISOString().slice(0, 16);
}

/** Minutes after local midnight of an instant. */
export function localMinuteOfDay(instant: Date, timeZone: string): number {
  const wall = instant.getTime() + zoneOffsetMs(instant.getTime(), timeZone);
  return Math.floor((((wall % 86_400_000) + 86_400_000) % 86_400_000) / MINUTE_MS);
}

/** The local date at the location right now (or at any instant). */
export const localToday = (now: Date, timeZone: string) => localDate(now, timeZone);

/**
 * The instant a wall-clock minute of a local day happens. A repeated time is
 * its first occurrence when it opens something and its second when it closes
 * it (the longer day); a skipped time is where the clocks landed.
 */
export function instantOfMinute(date: string, minute: number, timeZone: string, role: "opens" | "closes"): Date {
  const [year, month, day] = dateParts(date);
  const local = resolveWallClock(Date.UTC(year, month - 1, day) + minute * MINUTE_MS, timeZone);
  if (local.kind === "ambiguous") return role === "opens" ? local.earlier : local.later;
  return local.instant;
}

/** When the location opens and closes on a local date, or null when it is closed that weekday. */
export function openingOn(date: string, hours: OpeningHours): { opensAt: Date; closesAt: Date } | null {
  if (!hours.openWeekdays.includes(isoWeekday(date))) return null;
  const opensAt = instantOfMinute(date, hours.opensAtMinute, hours.timezone, "opens");
  const closesAt = instantOfMinute(date, hours.closesAtMinute, hours.timezone, "closes");
  return closesAt.getTime() > opensAt.getTime() ? { opensAt, closesAt } : null;
}

/** "09:00"-style label of a minute after midnight. */
export function minuteLabel(minute: number): string {
  return `${String(Math.floor(minute / 60)).padStart(2, "0")}:${String(minute % 60).padStart(2, "0")}`;
}
