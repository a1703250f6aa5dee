// Wall-clock arithmetic in a named time zone, with nothing but Intl: a local day
// can last 23 or 25 hours, and a local time can happen twice or not at all.

const MINUTE = 60_000;
const DAY = 86_400_000;

const formatters = new Map<string, Intl.DateTimeFormat>();

function partsFormatter(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-GB", {
      timeZone, hourCycle: "h23", year: "numeric", month: "numeric", day: "numeric", hour: "numeric", minute: "numeric", second: "numeric",
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

export function isTimeZone(timeZone: string): boolean {
  try {
    partsFormatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** The wall clock at an instant, as milliseconds since 1970 read as if it were UTC. */
function wallClockMs(instant: number, timeZone: string): number {
  const parts = partsFormatter(timeZone).formatToParts(new Date(instant));
  const part = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value);
  return Date.UTC(part("year"), part("month") - 1, part("day"), part("hour"), part("minute"), part("second")) + (((instant % 1000) + 1000) % 1000);
}

/** How far a zone's clocks are ahead of UTC at an instant, in ms. */
export function zoneOffsetMs(instant: number, timeZone: string): number {
  return wallClockMs(instant, timeZone) - instant;
}

/**
 * What a wall-clock time means in a zone. `exact`: it happens once. `ambiguous`:
 * the clocks went back and it happens twice. `gap`: the clocks went forward over
 * it; `instant` is where the old clock would have put it (01:30 -> 02:30 in London).
 */
export type LocalTime =
  | { kind: "exact"; instant: Date }
  | { kind: "ambiguous"; earlier: Date; later: Date }
  | { kind: "gap"; instant: Date; skippedMinutes: number };

/** `wallMs`: the local date and time as milliseconds since 1970 read as if it were UTC (Date.UTC(...)). */
export function resolveWallClock(wallMs: number, timeZone: string): LocalTime {
  // Every offset the zone uses within a day either side: a change of offset is what makes a gap or a repeat.
  const before = zoneOffsetMs(wallMs - DAY, timeZone);
  const after = zoneOffsetMs(wallMs + DAY, timeZone);
  const offsets = [...new Set([before, zoneOffsetMs(wallMs, timeZone), after])];
  const instants = offsets
    .map((offset) => wallMs - offset)
    .filter((instant) => wallClockMs(instant, timeZone) === wallMs)
    .sort((x, y) => x - y);
  const [first, last] = [instants[0], instants[instants.length - 1]];
  if (first === undefined || last === undefined) {
    return { kind: "gap", instant: new Date(wallMs - before), skippedMinutes: Math.round((after - before) / MINUTE) };
  }
  if (first === last) return { kind: "exact", instant: new Date(first) };
  return { kind: "ambiguous", earlier: new Date(first), later: new Date(last) };
}

/** The instant a local calendar day begins (day may overflow the month: Date.UTC normalizes it). */
export function startOfLocalDay(year: number, month: number, day: number, timeZone: string): Date {
  const midnight = resolveWallClock(Date.UTC(year, month - 1, day), timeZone);
  // Where the clocks jump at midnight (some zones do), the day begins when they land.
  if (midnight.kind === "ambiguous") return midnight.earlier;
  return midnight.instant;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** [from, to) of the local day or Monday-to-Sunday week containing a date ("2026-03-29"). */
export function localPeriod(date: string, span: "day" | "week", timeZone: string): { from: Date; to: Date } {
  const match = DATE.exec(date);
  if (!match) throw new Error(`not a date: ${date}`);
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (span === "day") return { from: startOfLocalDay(year, month, day, timeZone), to: startOfLocalDay(year, month, day + 1, timeZone) };
  const monday = day - ((new Date(Date.UTC(year, month - 1, day)).getUTCDay() + 6) % 7);
  return { from: startOfLocalDay(year, month, monday, timeZone), to: startOfLocalDay(year, month, monday + 7, timeZone) };
}

const LOCAL_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3})\d*)?)?$/;

/** A local date-time without an offset ("2026-03-29T01:30", what datetime-local inputs send) as wall-clock ms; null if it is not one. */
export function parseWallClock(value: string): number | null {
  const match = LOCAL_DATE_TIME.exec(value);
  if (!match) return null;
  const [, year, month, day, hour, minute, second, fraction] = match;
  return Date.UTC(Number(year), Number(month) - 1, Number(day), Number(hour), Number(minute), Number(second ?? 0), Number((fraction ?? "0").padEnd(3, "0")));
}

const clock = new Map<string, Intl.DateTimeFormat>();

function clockFormatter(timeZone: string, withDay: boolean): Intl.DateTimeFormat {
  const key = `${timeZone}|${withDay}`;
  let formatter = clock.get(key);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-GB", {
      timeZone, hourCycle: "h23", hour: "2-digit", minute: "2-digit",
      ...(withDay ? { weekday: "short", day: "numeric", month: "short" } : {}),
    });
    clock.set(key, formatter);
  }
  return formatter;
}

/** "09:00", or "Sat 28 Mar, 23:00" when the instant falls on another local day than `sameDayAs`. */
export function formatLocalTime(instant: Date, timeZone: string, sameDayAs?: Date): string {
  const withDay = sameDayAs !== undefined && localDate(instant, timeZone) !== localDate(sameDayAs, timeZone);
  return clockFormatter(timeZone, withDay).format(instant);
}

/** The local calendar date of an instant, "2026-03-29". */
export function localDate(instant: Date, timeZone: string): string {
  return new Date(wallClockMs(instant.getTime(), timeZone)).toISOString().slice(0, 10);
}

/** "29 March 2026", for messages. */
export function formatLocalDay(wallMs: number): string {
  return new Date(wallMs).toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });
}
