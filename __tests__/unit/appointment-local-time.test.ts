import { formatLocalTime, localDate, localPeriod, parseWallClock, resolveWallClock } from "@/lib/appointments/local-time";

const wall = (value: string) => {
  const ms = parseWallClock(value);
  if (ms === null) throw new Error(`not a local date-time: ${value}`);
  return ms;
};
const hours = (period: { from: Date; to: Date }) => (period.to.getTime() - period.from.getTime()) / 3_600_000;

test("a local time that happens once, twice (clocks back) or never (clocks forward)", () => {
  expect(resolveWallClock(wall("2026-03-29T00:30"), "Europe/London")).toEqual({ kind: "exact", instant: new Date("2026-03-29T00:30:00Z") });
  expect(resolveWallClock(wall("2026-03-29T01:30"), "Europe/London")).toEqual({ kind: "gap", instant: new Date("2026-03-29T01:30:00Z"), skippedMinutes: 60 });
  expect(resolveWallClock(wall("2026-03-29T01:00"), "Europe/London")).toMatchObject({ kind: "gap" });
  expect(resolveWallClock(wall("2026-03-29T02:00"), "Europe/London")).toEqual({ kind: "exact", instant: new Date("2026-03-29T01:00:00Z") });
  expect(resolveWallClock(wall("2026-10-25T01:30"), "Europe/London")).toEqual({
    kind: "ambiguous", earlier: new Date("2026-10-25T00:30:00Z"), later: new Date("2026-10-25T01:30:00Z"),
  });
  expect(resolveWallClock(wall("2026-10-25T02:00"), "Europe/London")).toEqual({ kind: "exact", instant: new Date("2026-10-25T02:00:00Z") });
  expect(resolveWallClock(wall("2026-03-08T02:30:15.5"), "America/New_York")).toEqual({ kind: "gap", instant: new Date("2026-03-08T07:30:15.500Z"), skippedMinutes: 60 });
  // Lord Howe Island moves its clocks by half an hour.
  expect(resolveWallClock(wall("2026-10-04T02:15"), "Australia/Lord_Howe")).toMatchObject({ kind: "gap", skippedMinutes: 30 });
});

test("local days are 23, 24 or 25 hours and weeks run Monday to Sunday", () => {
  expect(localPeriod("2026-03-29", "day", "Europe/London")).toEqual({ from: new Date("2026-03-29T00:00:00Z"), to: new Date("2026-03-29T23:00:00Z") });
  expect(localPeriod("2026-10-25", "day", "Europe/London")).toEqual({ from: new Date("2026-10-24T23:00:00Z"), to: new Date("2026-10-26T00:00:00Z") });
  expect(hours(localPeriod("2026-06-01", "day", "Europe/London"))).toBe(24);
  expect(hours(localPeriod("2026-03-29", "day", "Europe/London"))).toBe(23);
  expect(hours(localPeriod("2026-10-25", "day", "Europe/London"))).toBe(25);
  // Santiago's clocks go forward at midnight: that day begins at 01:00.
  expect(localPeriod("2026-09-06", "day", "America/Santiago").from).toEqual(new Date("2026-09-06T04:00:00Z"));
  expect(hours(localPeriod("2026-09-06", "day", "America/Santiago"))).toBe(23);
  const week = localPeriod("2026-03-29", "week", "Europe/London");
  expect(week).toEqual({ from: new Date("2026-03-23T00:00:00Z"), to: new Date("2026-03-29T23:00:00Z") });
  expect(localPeriod("2026-03-23", "week", "Europe/London")).toEqual(week);
  // A week across the new year, and a month end.
  expect(localPeriod("2027-01-01", "week", "Europe/London").from).toEqual(new Date("2026-12-28T00:00:00Z"));
  expect(localPeriod("2026-04-30", "day", "Europe/London").to).toEqual(new Date("2026-04-30T23:00:00Z"));
});

test("times and dates are shown on the location's clock", () => {
  expect(formatLocalTime(new Date("2026-07-01T08:00:00Z"), "Europe/London")).toBe("09:00");
  expect(formatLocalTime(new Date("2026-03-28T23:00:00Z"), "Europe/London", new Date("2026-03-29T08:00:00Z"))).toBe("Sat 28 Mar, 23:00");
  expect(localDate(new Date("2026-10-24T23:30:00Z"), "Europe/London")).toBe("2026-10-25");
  expect(parseWallClock("2026-03-29T01:30:00Z")).toBeNull();
  expect(parseWallClock("2026-03-29T01:30")).toBe(Date.UTC(2026, 2, 29, 1, 30));
});
