import type { Prisma } from "@/lib/generated/prisma/client";

// Times typed into a form are the workshop's wall clock; Postgres turns them into
// instants with the zone's own rules (AT TIME ZONE), summer time included.

const LOCAL_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/;

/** "2026-03-29T09:30", what a datetime-local input sends, naming a real calendar date and time. */
export function isLocalDateTime(value: string): boolean {
  const match = LOCAL_DATE_TIME.exec(value);
  if (!match) return false;
  const [year, month, day, hour, minute] = match.slice(1).map(Number) as [number, number, number, number, number];
  const date = new Date(Date.UTC(year, month - 1, day, hour, minute));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day && hour < 24 && minute < 60;
}

/** The instant a wall-clock time names in the zone. */
export async function instantAt(tx: Prisma.TransactionClient, local: string, timeZone: string): Promise<Date> {
  const [row] = await tx.$queryRaw<Array<{ at: Date }>>`SELECT (${local}::timestamp AT TIME ZONE ${timeZone}) AS at`;
  return row!.at;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string, style: "input" | "text"): Intl.DateTimeFormat {
  const key = `${timeZone}|${style}`;
  let cached = formatters.get(key);
  if (!cached) {
    cached = style === "input"
      ? new Intl.DateTimeFormat("en-CA", { timeZone, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit" })
      : new Intl.DateTimeFormat("en-GB", { timeZone, hourCycle: "h23", weekday: "short", day: "numeric", month: "short", hour: "2-digit", minute: "2-digit" });
    formatters.set(key, cached);
  }
  return cached;
}

/** An instant as a datetime-local value in the zone ("2026-03-29T09:30"). */
export function toLocalInput(instant: Date, timeZone: string): string {
  const parts = Object.fromEntries(formatter(timeZone, "input").formatToParts(instant).map((p) => [p.type, p.value]));
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}`;
}

/** "Sun 29 Mar, 09:30" in the zone. */
export const formatWorkshopTime = (instant: Date, timeZone: string) => formatter(timeZone, "text").format(instant);

/** Today's date in the zone, "2026-03-29". */
export function todayIn(timeZone: string, now = new Date()): string {
  return toLocalInput(now, timeZone).slice(0, 10);
}
