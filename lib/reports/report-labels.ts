import type { ReportStep } from "./report-range";

const utc = (day: string) => new Date(`${day}T00:00:00Z`);
const weekdayFormat = new Intl.DateTimeFormat("en-GB", { timeZone: "UTC", weekday: "short" });
const shortFormat = new Intl.DateTimeFormat("en-GB", { timeZone: "UTC", day: "numeric", month: "short", year: "numeric" });
const monthFormat = new Intl.DateTimeFormat("en-GB", { timeZone: "UTC", month: "long", year: "numeric" });

/** "Sat 28 Mar 2026", "Week of 23 Mar 2026", "March 2026": a bucket named by its natural first day. */
export function bucketLabel(bucket: string, by: ReportStep): string {
  // Without Intl's comma after the weekday: a label is also a CSV cell.
  if (by === "day") return `${weekdayFormat.format(utc(bucket))} ${shortFormat.format(utc(bucket))}`;
  if (by === "week") return `Week of ${shortFormat.format(utc(bucket))}`;
  return monthFormat.format(utc(bucket));
}

/** Hours with two decimals from milliseconds, e.g. 5400000 -> "1.50". */
export const hoursFromMs = (ms: number) => (Math.round(ms / 36_000) / 100).toFixed(2);

/** Hours from thousandths, e.g. 1500 -> "1.5". */
export const hoursFromMilli = (milli: number) => (milli / 1000).toLocaleString("en-GB", { maximumFractionDigits: 3 });

/** "18.1 %" from basis points; "–" when there is nothing to compare with. */
export const percent = (bp: number | null) => (bp === null ? "–" : `${(bp / 100).toLocaleString("en-GB", { minimumFractionDigits: 1, maximumFractionDigits: 1 })} %`);

const dayMonth = new Intl.DateTimeFormat("en-GB", { timeZone: "UTC", day: "numeric", month: "short" });
const monthYear = new Intl.DateTimeFormat("en-GB", { timeZone: "UTC", month: "short", year: "2-digit" });

/** Under a chart's bar: "28 Mar" (a day, or the Monday of a week), "Mar 26" (a month). */
export const bucketShortLabel = (bucket: string, by: ReportStep) => (by === "month" ? monthYear : dayMonth).format(utc(bucket));
