// The calendar's grid and the browser's placement arithmetic, across the days
// the clocks change: rows are real 15-minute steps labelled in the location's
// zone, and a move to another day keeps the local time, not the UTC one.
import { dragStart, lanes, rowPosition, stepEnd, stepStart, translate } from "@/components/appointments/calendar-placement";
import { calendarGrid, type CalendarAppointment, type CalendarInput } from "@/lib/appointments/calendar-grid";
import { localPeriod } from "@/lib/appointments/local-time";

const LONDON = { timezone: "Europe/London", opensAtMinute: 480, closesAtMinute: 1050, openWeekdays: [1, 2, 3, 4, 5] };
const NIGHT = { ...LONDON, opensAtMinute: 0, closesAtMinute: 240, openWeekdays: [1, 2, 3, 4, 5, 6, 7] };

function input(date: string, fields: Partial<CalendarInput> = {}): CalendarInput {
  return {
    date, view: "day", by: "bay", hours: LONDON, appointments: [], technicians: [], canEdit: true,
    bays: [{ id: "bay-1", name: "Bay 1", active: true }, { id: "bay-2", name: "Bay 2", active: true }],
    ...fields,
  };
}

const grid = (date: string, fields: Partial<CalendarInput> = {}) => {
  const built = input(date, fields);
  return calendarGrid(built, localPeriod(date, built.view, built.hours.timezone));
};

function booking(id: string, startsAt: string, endsAt: string, fields: Partial<CalendarAppointment> = {}): CalendarAppointment {
  return {
    id, startsAt: new Date(startsAt), endsAt: new Date(endsAt), status: "CONFIRMED", bayId: "bay-1", technicianUserId: null,
    customer: { displayName: `Customer ${id}` }, vehicle: null, bay: { name: "Bay 1" }, ...fields,
  };
}

describe("day rows", () => {
  test("opening hours in 15-minute rows at the location's instants (summer time: 08:00 is 07:00 UTC)", () => {
    const day = grid("2027-06-01");
    expect(day.rowLabels).toHaveLength(38);
    expect(day.rowLabels[0]).toEqual({ label: "08:00", hour: true });
    expect(day.rowLabels[37]).toEqual({ label: "17:15", hour: false });
    expect(day.columns.map((c) => c.label)).toEqual(["Bay 1", "Bay 2"]);
    expect(new Date(day.columns[0]!.rows[0]!).toISOString()).toBe("2027-06-01T07:00:00.000Z");
    expect(day.columns[0]!.walls[0]).toBe("2027-06-01T08:00");
  });

  test("the night the clocks go forward has no 01:xx rows: 3 real hours from 00:00 to 04:00", () => {
    const day = grid("2027-03-28", { hours: NIGHT });
    expect(day.rowLabels).toHaveLength(12);
    expect(day.rowLabels.map((r) => r.label).slice(2, 6)).toEqual(["00:30", "00:45", "02:00", "02:15"]);
    const rows = day.columns[0]!.rows;
    // Contiguous in real time: 00:45 GMT is followed 15 minutes later by 02:00 BST.
    expect(rows[4]! - rows[3]!).toBe(15 * 60_000);
  });

  test("the night the clocks go back shows 01:00 to 01:45 twice: 5 real hours", () => {
    const day = grid("2027-10-31", { hours: NIGHT });
    expect(day.rowLabels).toHaveLength(20);
    expect(day.rowLabels.filter((r) => r.label === "01:30")).toHaveLength(2);
  });

  test("a booking outside the opening hours widens the day to show it; cancelled ones do not, and are listed apart", () => {
    const day = grid("2027-06-01", {
      appointments: [
        booking("early", "2027-06-01T06:40:00Z", "2027-06-01T07:30:00Z"),
        booking("gone", "2027-06-01T17:00:00Z", "2027-06-01T19:00:00Z", { status: "CANCELLED" }),
        booking("nobay", "2027-06-01T09:00:00Z", "2027-06-01T10:00:00Z", { bayId: null, bay: null }),
      ],
    });
    expect(day.rowLabels[0]!.label).toBe("07:30");
    expect(day.rowLabels.at(-1)!.label).toBe("17:15");
    expect(day.cards.map((c) => [c.id, c.column, c.time])).toEqual([["early", "bay-1", "07:40–08:30"], ["nobay", "none", "10:00–11:00"]]);
    expect(day.offGrid.map((c) => c.id)).toEqual(["gone"]);
    // The "No bay" column appears only because a booking needs it.
    expect(day.columns.map((c) => c.label)).toEqual(["Bay 1", "Bay 2", "No bay"]);
  });

  test("by technician: a column per technician, a former member's column closed to new work, and no technician", () => {
    const day = grid("2027-06-01", {
      by: "technician",
      technicians: [{ userId: "t1", name: "Tess" }],
      appointments: [booking("a", "2027-06-01T08:00:00Z", "2027-06-01T09:00:00Z", { technicianUserId: "gone-user" })],
    });
    expect(day.columns.map((c) => [c.label, c.accepts, c.assign])).toEqual([
      ["Tess", true, { technicianUserId: "t1" }], ["Former member", false, { technicianUserId: "gone-user" }], ["No technician", true, { technicianUserId: null }],
    ]);
    expect(day.cards[0]).toMatchObject({ column: "gone-user", technician: "Former member", editable: true });
  });

  test("only requested and confirmed bookings are editable, and only for a member who may change them", () => {
    const appointments = [
      booking("r", "2027-06-01T08:00:00Z", "2027-06-01T09:00:00Z", { status: "REQUESTED" }),
      booking("a", "2027-06-01T09:00:00Z", "2027-06-01T10:00:00Z", { status: "ARRIVED" }),
    ];
    expect(grid("2027-06-01", { appointments }).cards.map((c) => c.editable)).toEqual([true, false]);
    expect(grid("2027-06-01", { appointments, canEdit: false }).cards.map((c) => c.editable)).toEqual([false, false]);
  });
});

describe("week", () => {
  test("Monday to Sunday columns, closed days named; the Sunday the clocks go forward keeps 09:00 at 09:00 local", () => {
    const week = grid("2027-03-24", { view: "week" });
    expect(week.columns.map((c) => c.label)).toEqual(["Mon 22 Mar", "Tue 23 Mar", "Wed 24 Mar", "Thu 25 Mar", "Fri 26 Mar", "Sat 27 Mar (closed)", "Sun 28 Mar (closed)"]);
    const [saturday, sunday] = [week.columns[5]!, week.columns[6]!];
    const nine = week.rowLabels.findIndex((r) => r.label === "09:00");
    expect(new Date(saturday.rows[nine]!).toISOString()).toBe("2027-03-27T09:00:00.000Z");
    expect(new Date(sunday.rows[nine]!).toISOString()).toBe("2027-03-28T08:00:00.000Z");
    // A card moved from Saturday to Sunday lands at 09:00 BST, 23 real hours later.
    expect(new Date(translate(saturday.rows[nine]!, saturday, sunday)).toISOString()).toBe("2027-03-28T08:00:00.000Z");
  });
});

describe("placement", () => {
  const day = grid("2027-06-01");
  const column = day.columns[0]!;
  const at = (hhmm: string) => new Date(`2027-06-01T${hhmm}:00+01:00`).getTime();

  test("a row's position, and snapping to 15 minutes when moved by a key or a drag", () => {
    expect(rowPosition(column.rows, at("09:00"))).toBe(4);
    expect(rowPosition(column.rows, at("09:10"))).toBeCloseTo(4 + 10 / 15);
    expect(stepStart(column, at("09:10"), 1)).toBe(at("09:15"));
    expect(stepStart(column, at("09:10"), -1)).toBe(at("09:00"));
    expect(stepStart(column, at("09:00"), -1)).toBe(at("08:45"));
    expect(dragStart(column, at("09:10"), 2)).toBe(at("09:45"));
  });

  test("resizing keeps at least 15 minutes", () => {
    const placement = { column: column.key, startMs: at("09:00"), endMs: at("10:00") };
    expect(stepEnd(placement, 1)).toBe(at("10:15"));
    expect(stepEnd(placement, -10)).toBe(at("09:15"));
  });

  test("overlapping bookings in one column share it side by side", () => {
    const placed = [
      { id: "a", column: "none", startMs: at("09:00"), endMs: at("10:00") },
      { id: "b", column: "none", startMs: at("09:30"), endMs: at("10:30") },
      { id: "c", column: "none", startMs: at("10:00"), endMs: at("11:00") },
      { id: "d", column: "bay-1", startMs: at("09:00"), endMs: at("10:00") },
    ];
    const result = lanes(placed);
    expect(["a", "b", "c", "d"].map((id) => result.get(id))).toEqual([
      { lane: 0, lanes: 2 }, { lane: 1, lanes: 2 }, { lane: 0, lanes: 2 }, { lane: 0, lanes: 1 },
    ]);
  });
});
