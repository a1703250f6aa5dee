import { dayOfIso, isoDay, localDay, monthOf } from "@/lib/reminders/calendar-day";
import { dueForReminder, dueItems, estimateDayReached, matchingReminder } from "@/lib/reminders/due-rules";

const day = dayOfIso;
const reading = (iso: string, odometer: number) => ({ day: day(iso), odometer });

describe("the day a mileage target is reached", () => {
  test("at the rate between the first and latest readings, rounded up to a whole day", () => {
    // 40,000 on 1 January and 42,950 on 1 March: 2,950 in 59 days = 50 a day.
    // 45,000 is 2,050 beyond the latest reading: 2,050 / 50 = 41 days after 1 March = 11 April.
    const estimate = estimateDayReached([reading("2026-03-01", 42_950), reading("2026-01-01", 40_000)], 45_000);
    expect(estimate && { day: isoDay(estimate.day), basis: estimate.basis }).toEqual({ day: "2026-04-11", basis: "history" });
    // 2,051 to go: 41.02 days, so the 42nd day.
    expect(isoDay(estimateDayReached([reading("2026-01-01", 40_000), reading("2026-03-01", 42_950)], 45_001)!.day)).toBe("2026-04-12");
  });

  test("at 1,000 a month (12,000 a year) with fewer than two readings", () => {
    // 2,050 to go at 12,000 / 365 a day: 2,050 x 365 / 12,000 = 62.35 -> 63 days after 1 March = 3 May.
    const estimate = estimateDayReached([reading("2026-03-01", 42_950)], 45_000);
    expect(estimate && { day: isoDay(estimate.day), basis: estimate.basis }).toEqual({ day: "2026-05-03", basis: "default" });
    // Two readings on one day, or no distance between them, say nothing about the rate either.
    expect(estimateDayReached([reading("2026-03-01", 42_950), reading("2026-03-01", 42_950)], 45_000)!.basis).toBe("default");
    expect(estimateDayReached([reading("2026-01-01", 42_950), reading("2026-03-01", 42_950)], 45_000)).toEqual({ day: day("2026-05-03"), basis: "default" });
  });

  test("a target already passed is due on the first visit that reached it; no reading, no estimate", () => {
    expect(isoDay(estimateDayReached([reading("2026-01-01", 40_000), reading("2026-02-01", 45_200), reading("2026-03-01", 47_000)], 45_000)!.day)).toBe("2026-02-01");
    expect(estimateDayReached([], 45_000)).toBeNull();
  });
});

describe("a service falls due by date or by mileage, whichever comes first", () => {
  const readings = [reading("2026-01-01", 40_000), reading("2026-03-01", 42_950)];

  test("mileage first", () => {
    expect(dueItems({ nextServiceDue: day("2026-06-01"), nextServiceOdometer: 45_000, inspectionDue: null }, readings)).toEqual([
      { kind: "SERVICE", day: day("2026-04-11"), by: "mileage", odometer: 45_000, basis: "history" },
    ]);
  });

  test("date first, and the inspection by its own date", () => {
    expect(dueItems({ nextServiceDue: day("2026-04-01"), nextServiceOdometer: 45_000, inspectionDue: day("2026-04-20") }, readings)).toEqual([
      { kind: "SERVICE", day: day("2026-04-01"), by: "date" },
      { kind: "INSPECTION", day: day("2026-04-20"), by: "date" },
    ]);
  });

  test("one of the two missing: the other decides; a mileage target without readings says nothing", () => {
    expect(dueItems({ nextServiceDue: null, nextServiceOdometer: 45_000, inspectionDue: null }, readings)[0]).toMatchObject({ by: "mileage" });
    expect(dueItems({ nextServiceDue: day("2026-09-01"), nextServiceOdometer: 45_000, inspectionDue: null }, [])).toEqual([
      { kind: "SERVICE", day: day("2026-09-01"), by: "date" },
    ]);
    expect(dueItems({ nextServiceDue: null, nextServiceOdometer: null, inspectionDue: null }, readings)).toEqual([]);
  });
});

test("the daily job reminds 30 days ahead and catches up 14 days back", () => {
  const today = day("2026-04-01");
  const item = (iso: string) => ({ kind: "SERVICE" as const, day: day(iso), by: "date" as const });
  expect(dueForReminder(item("2026-05-01"), today)).toBe(true);
  expect(dueForReminder(item("2026-05-02"), today)).toBe(false);
  expect(dueForReminder(item("2026-03-18"), today)).toBe(true);
  expect(dueForReminder(item("2026-03-17"), today)).toBe(false);
});

test("a moved mileage estimate is the same service; next year's is a new one", () => {
  const recorded = [{ kind: "SERVICE" as const, dueOn: day("2026-04-11") }];
  expect(matchingReminder({ kind: "SERVICE", day: day("2026-04-25"), by: "mileage" }, recorded)).toBe(recorded[0]);
  expect(matchingReminder({ kind: "INSPECTION", day: day("2026-04-11"), by: "date" }, recorded)).toBeUndefined();
  expect(matchingReminder({ kind: "SERVICE", day: day("2027-04-11"), by: "date" }, recorded)).toBeUndefined();
});

test("the workshop's calendar: the same instant is 30 April in London and 1 May in Auckland", () => {
  const instant = new Date("2026-04-30T12:30:00Z");
  expect(isoDay(localDay(instant, "Europe/London"))).toBe("2026-04-30");
  expect(isoDay(localDay(instant, "Pacific/Auckland"))).toBe("2026-05-01");
  const may = monthOf(localDay(instant, "Pacific/Auckland"));
  expect([isoDay(may.first), isoDay(may.last)]).toEqual(["2026-05-01", "2026-05-31"]);
  const february = monthOf(day("2028-02-10"));
  expect(isoDay(february.last)).toBe("2028-02-29");
});
