// What the calendar's pages and forms call: booking by start and length, Move
// to…, the calendar and appointment pages, the customer picker, bays and
// opening hours. Workshop B tries each with A's ids and gets "not found".
import { loadAppointmentPage } from "@/lib/appointments/appointment-page";
import { bookFromCalendar } from "@/lib/appointments/book-from-calendar";
import { createBay } from "@/lib/appointments/create-bay";
import { findBookingCustomers } from "@/lib/appointments/find-booking-customers";
import { loadCalendar } from "@/lib/appointments/load-calendar";
import { renameBay } from "@/lib/appointments/rename-bay";
import { rescheduleAppointment } from "@/lib/appointments/reschedule-appointment";
import { updateOpeningHours } from "@/lib/appointments/update-opening-hours";
import { db, withTenant } from "@/lib/db";
import type { OrgContext } from "@/lib/org/context";
import { contextFor, joinWorkshop } from "../support/accounts";
import { createTestDatabase, type TestDatabase } from "../support/test-database";
import { seedWorkshop, type SeededWorkshop } from "../support/workshops";

let database: TestDatabase;
let seedA: SeededWorkshop;
let seedB: SeededWorkshop;
let a: OrgContext;
let b: OrgContext;
let tech: OrgContext;
let advisor: OrgContext;
let locationA: string;
let locationB: string;
let bayA: string;

beforeAll(async () => {
  database = await createTestDatabase({ poolSize: 10 });
  seedA = await seedWorkshop(database.app, "a");
  seedB = await seedWorkshop(database.app, "b");
  await db().organization.update({ where: { id: seedA.orgId }, data: { plan: "PROFESSIONAL" } });
  const [orgA, orgB] = await Promise.all([seedA, seedB].map((s) => db().organization.findUniqueOrThrow({ where: { id: s.orgId } })));
  a = await contextFor(seedA.userId, orgA!.slug);
  b = await contextFor(seedB.userId, orgB!.slug);
  locationA = await addLocation(seedA.orgId, "Main site");
  locationB = await addLocation(seedB.orgId, "Attacker site");
  bayA = (await createBay(a, { locationId: locationA, name: "Bay 1" })).id;
  tech = await joinWorkshop(a, "TECHNICIAN", "Theo Tech");
  advisor = await joinWorkshop(a, "SERVICE_ADVISOR", "Ada Advisor");
});

afterAll(() => database.drop());

async function addLocation(orgId: string, name: string) {
  return (await withTenant(orgId, (tx) => tx.location.create({ data: { organizationId: orgId, name, timezone: "Europe/London" } }))).id;
}

/** Nothing changed: the same appointments, bays, locations' hours and audit entries in both workshops. */
async function snapshot() {
  const of = (orgId: string) =>
    withTenant(orgId, async (tx) => ({
      appointments: await tx.appointment.findMany({ orderBy: { id: "asc" }, select: { id: true, startsAt: true, endsAt: true, bayId: true, status: true } }),
      bays: await tx.bay.findMany({ orderBy: { id: "asc" }, select: { id: true, name: true, active: true } }),
      hours: await tx.location.findMany({ orderBy: { id: "asc" }, select: { opensAtMinute: true, closesAtMinute: true, openWeekdays: true, bookingSlotMinutes: true } }),
      audit: await tx.auditLog.count(),
    }));
  return { a: await of(seedA.orgId), b: await of(seedB.orgId) };
}

const book = (fields: Record<string, unknown> = {}, ctx = a) =>
  bookFromCalendar(ctx, { locationId: locationA, customerId: seedA.customerIds[0]!, startsAt: "2027-05-03T09:00", durationMinutes: 60, ...fields });

describe("booking and moving by start and length", () => {
  test("the length is real time from the start, across the night the clocks go forward; a skipped time is refused", async () => {
    const night = await book({ startsAt: "2027-03-28T00:30", durationMinutes: 60 });
    // 00:30 GMT + one hour = 02:30 BST.
    expect([night.startsAt.toISOString(), night.endsAt.toISOString()]).toEqual(["2027-03-28T00:30:00.000Z", "2027-03-28T01:30:00.000Z"]);
    await expect(book({ startsAt: "2027-03-28T01:30" })).rejects.toMatchObject({ code: "VALIDATION_FAILED", fields: { startsAt: expect.stringContaining("does not exist") } });
    await expect(book({ durationMinutes: 10 })).rejects.toMatchObject({ fields: { durationMinutes: "Choose a length between 15 minutes and 12 hours." } });
    // A slot's exact instant, as the calendar sends it, is taken as it is.
    const exact = await book({ startsAt: "2027-05-03T13:00:00.000Z", bayId: bayA });
    expect(exact.startsAt.toISOString()).toBe("2027-05-03T13:00:00.000Z");
  });

  test("Move to… moves by a local start and a length, by the booking's own rules (a clash is named)", async () => {
    const first = await book({ startsAt: "2027-05-04T09:00", bayId: bayA });
    const second = await book({ startsAt: "2027-05-04T11:00", bayId: bayA });
    const moved = await rescheduleAppointment(a, first.id, { startsAt: "2027-05-04T10:00", durationMinutes: 30, bayId: bayA });
    expect([moved.startsAt.toISOString(), moved.endsAt.toISOString()]).toEqual(["2027-05-04T09:00:00.000Z", "2027-05-04T09:30:00.000Z"]);
    const before = await snapshot();
    await expect(rescheduleAppointment(a, first.id, { startsAt: "2027-05-04T10:45", durationMinutes: 60, bayId: bayA })).rejects.toMatchObject({
      code: "CONFLICT", fields: { bayId: "Bay 1 is booked from 11:00 to 12:00." },
    });
    await expect(rescheduleAppointment(tech, second.id, { startsAt: "2027-05-04T15:00", durationMinutes: 60 })).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect((await snapshot()).a.appointments).toEqual(before.a.appointments);
  });

  test("workshop B books at A's location, for A's customer, or moves A's booking: not found, nothing changes", async () => {
    const target = await book({ startsAt: "2027-05-05T09:00" });
    const before = await snapshot();
    await expect(book({ locationId: locationA, customerId: seedB.customerIds[0]! }, b)).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(bookFromCalendar(b, { locationId: locationB, customerId: seedA.customerIds[0]!, startsAt: "2027-05-05T09:00", durationMinutes: 60 })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(rescheduleAppointment(b, target.id, { startsAt: "2027-05-05T10:00", durationMinutes: 60 })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(rescheduleAppointment(b, "not-an-id", { startsAt: "2027-05-05T10:00", durationMinutes: 60 })).rejects.toMatchObject({ code: "NOT_FOUND" });
    const after = await snapshot();
    expect(after.a).toEqual(before.a);
    expect(after.b.appointments).toEqual(before.b.appointments);
  });
});

describe("pages", () => {
  test("the calendar shows the location's day by bay; a technician reads it; B cannot open A's location", async () => {
    const booked = await book({ startsAt: "2027-05-06T09:00", bayId: bayA, status: "CONFIRMED" });
    const page = await loadCalendar(a, { location: locationA, date: "2027-05-06", view: "day", by: "bay" });
    expect(page.grid.columns.map((c) => c.label)).toEqual(["Bay 1"]);
    expect(page.grid.cards.map((c) => [c.id, c.column, c.time, c.editable])).toEqual([[booked.id, bayA, "09:00–10:00", true]]);
    const technicianView = await loadCalendar(tech, { location: locationA, date: "2027-05-06", view: "week", by: "bay" });
    expect(technicianView.grid.cards.find((c) => c.id === booked.id)).toMatchObject({ column: "2027-05-06", editable: false });
    // A bad date or view falls back to the defaults rather than failing.
    await expect(loadCalendar(a, { location: locationA, date: "yesterday", view: "month" })).resolves.toMatchObject({ query: { view: "day", by: "bay" } });
    await expect(loadCalendar(b, { location: locationA })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect((await loadCalendar(b, {})).grid.cards).toEqual([]);
  });

  test("the appointment page offers only the moves the status machine and the role allow; B gets not found", async () => {
    const requested = await book({ startsAt: "2027-05-07T09:00" });
    expect((await loadAppointmentPage(a, requested.id)).statusChanges).toEqual(["CONFIRMED", "CANCELLED"]);
    expect((await loadAppointmentPage(advisor, requested.id)).statusChanges).toEqual(["CONFIRMED", "CANCELLED"]);
    expect(await loadAppointmentPage(tech, requested.id)).toMatchObject({ statusChanges: [], editable: false, convertible: false });
    // No-show only once the start has passed.
    const confirmed = await book({ startsAt: "2027-05-07T11:00", status: "CONFIRMED" });
    expect((await loadAppointmentPage(a, confirmed.id)).statusChanges).toEqual(["ARRIVED", "CANCELLED"]);
    expect((await loadAppointmentPage(a, confirmed.id, new Date("2027-05-07T10:30:00Z"))).statusChanges).toEqual(["ARRIVED", "NO_SHOW", "CANCELLED"]);
    expect(await loadAppointmentPage(a, confirmed.id)).toMatchObject({ startWall: "2027-05-07T11:00", durationMinutes: 60, editable: true });
    await expect(loadAppointmentPage(b, confirmed.id)).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  test("the customer picker finds by name, email, phone or plate, only in the member's workshop, and only for those who book", async () => {
    const found = await findBookingCustomers(a, "a customer 1");
    expect(found.map((c) => c.id)).toEqual([seedA.customerIds[1]]);
    expect(found[0]!.vehicles).toHaveLength(1);
    expect((await findBookingCustomers(a, "a2abc")).map((c) => c.id)).toEqual([seedA.customerIds[2]]);
    expect(await findBookingCustomers(a, "a")).toEqual([]);
    // B searching A's names finds nothing of A's.
    const fromB = await findBookingCustomers(b, "customer");
    expect(fromB.every((c) => seedB.customerIds.includes(c.id))).toBe(true);
    expect(fromB).toHaveLength(3);
    await expect(findBookingCustomers(tech, "customer")).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});

describe("bays and opening hours", () => {
  test("renaming: names unique per location in any case, audited with before and after; technicians cannot; B gets not found", async () => {
    const second = await createBay(a, { locationId: locationA, name: "Bay 2" });
    await expect(renameBay(a, second.id, { name: "bay 1" })).rejects.toMatchObject({ code: "CONFLICT", fields: { name: "There is already a bay called Bay 1 at this location." } });
    await expect(renameBay(a, second.id, { name: "" })).rejects.toMatchObject({ code: "VALIDATION_FAILED", fields: { name: "Name the bay." } });
    await renameBay(a, second.id, { name: "MOT lane" });
    const entry = await withTenant(seedA.orgId, (tx) => tx.auditLog.findFirstOrThrow({ where: { action: "bay.rename", targetId: second.id } }));
    expect(entry.metadata).toEqual({ from: "Bay 2", to: "MOT lane" });
    const before = await snapshot();
    await expect(renameBay(tech, second.id, { name: "Lift" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(renameBay(b, second.id, { name: "Stolen" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(renameBay(b, "nope", { name: "Stolen" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    const after = await snapshot();
    expect(after.a.bays).toEqual(before.a.bays);
    expect(after.b).toEqual({ ...before.b, audit: before.b.audit });
  });

  test("opening hours: saved and audited with what changed; closing before opening refused; B gets not found", async () => {
    const hours = { locationId: locationA, opensAt: "07:30", closesAt: "18:00", bookingSlotMinutes: "30", weekday1: "on", weekday2: "on", weekday3: "on", weekday4: "on", weekday5: "on", weekday6: "on" };
    await updateOpeningHours(a, hours);
    const location = await withTenant(seedA.orgId, (tx) => tx.location.findFirstOrThrow({ where: { id: locationA } }));
    expect(location).toMatchObject({ opensAtMinute: 450, closesAtMinute: 1080, bookingSlotMinutes: 30, openWeekdays: [1, 2, 3, 4, 5, 6] });
    const entry = await withTenant(seedA.orgId, (tx) => tx.auditLog.findFirstOrThrow({ where: { action: "location.update", targetId: locationA } }));
    expect(entry.metadata).toEqual({
      opensAtMinute: { from: 480, to: 450 }, closesAtMinute: { from: 1050, to: 1080 }, bookingSlotMinutes: { from: 60, to: 30 }, openWeekdays: { from: "1,2,3,4,5", to: "1,2,3,4,5,6" },
    });
    const before = await snapshot();
    await expect(updateOpeningHours(a, { ...hours, closesAt: "07:00" })).rejects.toMatchObject({ fields: { closesAt: "Closing must be after opening." } });
    await expect(updateOpeningHours(a, { ...hours, opensAt: "25:00" })).rejects.toMatchObject({ fields: { opensAt: "Enter the opening time, e.g. 08:00." } });
    await expect(updateOpeningHours(advisor, hours)).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(updateOpeningHours(b, { ...hours, opensAt: "06:00" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    const after = await snapshot();
    expect(after.a.hours).toEqual(before.a.hours);
    expect(after.b.hours).toEqual(before.b.hours);
  });
});
