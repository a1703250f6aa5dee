import type { ReportRange } from "./report-range";

const shift = (day: string, days: number) => new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
const firstOfMonth = (day: string, monthsBack = 0) => {
  const date = new Date(`${day.slice(0, 7)}-01T00:00:00Z`);
  date.setUTCMonth(date.getUTCMonth() - monthsBack);
  return date.toISOString().slice(0, 10);
};

/** Ranges an owner asks for most, from today's local date. */
export function reportPresets(today: string): Array<{ label: string; range: ReportRange }> {
  const monday = shift(today, -((new Date(`${today}T00:00:00Z`).getUTCDay() + 6) % 7));
  const thisMonth = firstOfMonth(today);
  return [
    { label: "This month", range: { from: thisMonth, to: today, by: "day" } },
    { label: "Last month", range: { from: firstOfMonth(today, 1), to: shift(thisMonth, -1), by: "day" } },
    { label: "Last 13 weeks", range: { from: shift(monday, -84), to: today, by: "week" } },
    { label: "Last 12 months", range: { from: firstOfMonth(today, 11), to: today, by: "month" } },
  ];
}

export const rangeQuery = (range: ReportRange) => new URLSearchParams({ from: range.from, to: range.to, by: range.by }).toString();
