// Calendar days as whole numbers (days since 1970-01-01), so "30 days from
// today" is plain integer arithmetic. A Postgres DATE arrives as UTC midnight.

const DAY_MS = 86_400_000;

export type Day = number;

const formatters = new Map<string, Intl.DateTimeFormat>();

/** The date on the workshop's calendar at an instant. */
export function localDay(instant: Date, timeZone: string): Day {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" });
    formatters.set(timeZone, formatter);
  }
  const parts = formatter.formatToParts(instant);
  const part = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value);
  return Date.UTC(part("year"), part("month") - 1, part("day")) / DAY_MS;
}

/** A DATE column's value (UTC midnight) as a day. */
export const dayOfDate = (date: Date): Day => Math.floor(date.getTime() / DAY_MS);

/** A day as the Date Prisma writes to a DATE column. */
export const dateOfDay = (day: Day): Date => new Date(day * DAY_MS);

export const isoDay = (day: Day): string => dateOfDay(day).toISOString().slice(0, 10);

export const dayOfIso = (iso: string): Day => Date.parse(`${iso}T00:00:00Z`) / DAY_MS;

/** First and last day of the calendar month a day falls in. */
export function monthOf(day: Day): { first: Day; last: Day } {
  const date = dateOfDay(day);
  const year = date.getUTCFullYear();
  const month = date.getUTCMonth();
  return { first: Date.UTC(year, month, 1) / DAY_MS, last: Date.UTC(year, month + 1, 0) / DAY_MS };
}

/** "11 April 2026": how the workshop writes a date to a customer. */
export function longDay(day: Day): string {
  return dateOfDay(day).toLocaleDateString("en-GB", { timeZone: "UTC", day: "numeric", month: "long", year: "numeric" });
}
