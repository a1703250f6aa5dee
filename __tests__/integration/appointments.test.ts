import { changeAppointmentStatus } from "@/lib/appointments/change-appointment-status";
import { convertAppointment } from "@/lib/appointments/convert-appointment";
import { createAppointment } from "@/lib/appointments/create-appointment";
import { createBay } from "@/lib/appointments/create-bay";
import { deactivateBay } from "@/lib/appointments/deactivate-bay";
import { getAppointment } from "@/lib/appointments/get-appointment";
import { listAppointments } from "@/lib/appointments/list-appointments";
import { listBays } from "@/lib/appointments/list-bays";
import { listCalendarAppointments } from "@/lib/appointments/list-calendar-appointments";
import { violatedBookingConstraint } from "@/lib/appointments/overlap";
import { updateAppointment } from "@/lib/appointments/update-appointment";
import type { TCreateAppointment } from "@/lib/appointments/appointment-input";
import { db, withTenant } from "@/lib/db";
import type { AppointmentStatus } from "@/lib/generated/prisma/client";
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
let viewer: OrgContext;
let locationA: string;
let locationB: string;

const HOUR = 3_600_000;
/** For the daylight-saving days of 2026, which are behind the real clock. */
const NEW_YEAR_2026 = new Date("2026-01-01T00:00:00Z");

beforeAll(async () => {
  database = await createTestDatabase({ poolSize: 10 });
  // Lower-case labels: they become the workshops' slugs, which are lower-case.
  seedA = await seedWorkshop(database.app, "a");
  seedB = await seedWorkshop(database.app, "b");
  await db().organization.update({ where: { id: seedA.orgId }, data: { plan: "PROFESSIONAL" } });
  const [orgA, orgB] = await Promise.all([seedA, seedB].map((s) => db().organization.findUniqueOrThrow({ where: { id: s.orgId } })));
  a = await contextFor(seedA.userId, orgA!.slug);
  b = await contextFor(seedB.userId, orgB!.slug);
  locationA = await addLocation(seedA.orgId, "Main site", "Europe/London");
  locationB = await addLocation(seedB.orgId, "Attacker site", "Europe/London");
  tech = await joinWorkshop(a, "TECHNICIAN", "Sam Spanner");
  viewer = await joinWorkshop(a, "VIEWER", "Vic Viewer");
});

afterAll(() => database.drop());

async function addLocation(orgId: string, name: string, timezone: string) {
  const location = await withTenant(orgId, (tx) => tx.location.create({ data: { organizationId: orgId, name, timezone } }));
  return location.id;
}

let bays = 0;
async function newBay(ctx = a, locationId = locationA) {
  bays += 1;
  return createBay(ctx, { locationId, name: `Bay ${bays}` });
}

function book(fields: Partial<TCreateAppointment> & Pick<TCreateAppointment, "startsAt" | "endsAt">, options: { ctx?: OrgContext; now?: Date } = {}) {
  return createAppointment(options.ctx ?? a, { locationId: locationA, customerId: seedA.customerIds[0]!, ...fields }, { source: "STAFF", now: options.now });
}

const appointments = (orgId = seedA.orgId) => withTenant(orgId, (tx) => tx.appointment.count());
const auditEntries = (orgId = seedA.orgId) => withTenant(orgId, (tx) => tx.auditLog.count());
const appointmentRow = (id: string) => withTenant(seedA.orgId, (tx) => tx.appointment.findFirstOrThrow({ where: { id } }));

/** What nothing-changed means: the same number of appointments and of audit entries in both workshops. */
async function snapshot() {
  return { appointments: [await appointments(), await appointments(seedB.orgId)], audit: [await auditEntries(), await auditEntries(seedB.orgId)] };
}

async function withOwner(orgId: string, sql: string, params: unknown[]) {
  const client = await database.owner.connect();
  try {
    await client.query("BEGIN");
    await client.query("SELECT set_config('app.org_id', $1, true)", [orgId]);
    await client.query(sql, params);
    await client.query("COMMIT");
  } finally {
    client.release();
  }
}

describe("overlaps", () => {
  test("the same bay at an overlapping time is refused in words and writes nothing; adjacent slots and other bays are free", async () => {
    const [bay1, bay2] = [await newBay(), await newBay()];
    const first = await book({ bayId: bay1.id, startsAt: "2027-03-01T09:00", endsAt: "2027-03-01T10:00" });
    expect(first).toMatchObject({ status: "REQUESTED", source: "STAFF", startsAt: new Date("2027-03-01T09:00:00Z") });

    const before = await snapshot();
    await expect(book({ bayId: bay1.id, startsAt: "2027-03-01T09:30", endsAt: "2027-03-01T10:30" })).rejects.toMatchObject({
      code: "CONFLICT",
      message: `${bay1.name} is booked from 09:00 to 10:00.`,
      fields: { bayId: `${bay1.name} is booked from 09:00 to 10:00.` },
    });
    // Wholly inside and wholly around are overlaps too.
    await expect(book({ bayId: bay1.id, startsAt: "2027-03-01T09:15", endsAt: "2027-03-01T09:45" })).rejects.toMatchObject({ code: "CONFLICT" });
    await expect(book({ bayId: bay1.id, startsAt: "2027-03-01T08:00", endsAt: "2027-03-01T11:00" })).rejects.toMatchObject({ code: "CONFLICT" });
    expect(await snapshot()).toEqual(before);

    // Half-open ranges: 10:00-11:00 and 08:00-09:00 touch 09:00-10:00 without overlapping.
    await expect(book({ bayId: bay1.id, startsAt: "2027-03-01T10:00", endsAt: "2027-03-01T11:00" })).resolves.toBeTruthy();
    await expect(book({ bayId: bay1.id, startsAt: "2027-03-01T08:00:00Z", endsAt: "2027-03-01T09:00:00Z" })).resolves.toBeTruthy();
    await expect(book({ bayId: bay2.id, startsAt: "2027-03-01T09:00", endsAt: "2027-03-01T10:00" })).resolves.toBeTruthy();
    // No bay and no technician holds nothing.
    await expect(book({ startsAt: "2027-03-01T09:00", endsAt: "2027-03-01T10:00" })).resolves.toBeTruthy();
    expect(await appointments()).toBe(before.appointments[0]! + 4);
  });

  test("one technician cannot be in two bays at once; both clashes are named", async () => {
    const [bay1, bay2] = [await newBay(), await newBay()];
    await book({ bayId: bay1.id, technicianUserId: tech.userId, startsAt: "2027-03-02T13:00", endsAt: "2027-03-02T14:00" });
    const before = await snapshot();
    await expect(book({ bayId: bay2.id, technicianUserId: tech.userId, startsAt: "2027-03-02T13:30", endsAt: "2027-03-02T14:30" })).rejects.toMatchObject({
      code: "CONFLICT", fields: { technicianUserId: "Sam Spanner is booked from 13:00 to 14:00." },
    });
    await expect(book({ bayId: bay1.id, technicianUserId: tech.userId, startsAt: "2027-03-02T13:30", endsAt: "2027-03-02T14:30" })).rejects.toMatchObject({
      code: "CONFLICT", fields: { bayId: `${bay1.name} is booked from 13:00 to 14:00.`, technicianUserId: "Sam Spanner is booked from 13:00 to 14:00." },
    });
    expect(await snapshot()).toEqual(before);
    // The owner also turns spanners: any member who works on repair orders can be booked.
    await expect(book({ bayId: bay2.id, technicianUserId: a.userId, startsAt: "2027-03-02T13:30", endsAt: "2027-03-02T14:30" })).resolves.toBeTruthy();
  });

  test("a clash on another local day names the day", async () => {
    const bay = await newBay();
    const late = await book({ bayId: bay.id, startsAt: "2027-03-03T22:00", endsAt: "2027-03-04T02:00" });
    await expect(book({ bayId: bay.id, startsAt: "2027-03-04T01:00", endsAt: "2027-03-04T03:00" })).rejects.toMatchObject({
      fields: { bayId: `${bay.name} is booked from Wed 3 Mar, 22:00 to 02:00.` },
    });
    // Across midnight, it is on both days' calendars.
    for (const date of ["2027-03-03", "2027-03-04"]) {
      expect((await listCalendarAppointments(a, { locationId: locationA, date })).appointments.map((x) => x.id)).toContain(late.id);
    }
  });

  test("a cancelled or no-show appointment frees its slot", async () => {
    const bay = await newBay();
    const slot = { bayId: bay.id, technicianUserId: tech.userId, startsAt: "2027-03-05T09:00", endsAt: "2027-03-05T10:00" };
    const cancelled = await book(slot);
    await expect(book(slot)).rejects.toMatchObject({ code: "CONFLICT" });
    await changeAppointmentStatus(a, cancelled.id, "CANCELLED");
    const rebooked = await book(slot);
    await changeAppointmentStatus(a, rebooked.id, "CONFIRMED");
    await changeAppointmentStatus(a, rebooked.id, "NO_SHOW", { now: new Date("2027-03-05T09:20:00Z") });
    await expect(book(slot)).resolves.toMatchObject({ status: "REQUESTED" });
  });

  test("moving or resizing onto a taken slot is refused and changes nothing; moving within its own time is fine", async () => {
    const [bay1, bay2] = [await newBay(), await newBay()];
    const taken = await book({ bayId: bay1.id, startsAt: "2027-03-08T09:00", endsAt: "2027-03-08T10:00" });
    const mover = await book({ bayId: bay2.id, startsAt: "2027-03-08T09:00", endsAt: "2027-03-08T10:00", concerns: "Squeal" });
    const early = await book({ bayId: bay1.id, startsAt: "2027-03-08T08:00", endsAt: "2027-03-08T09:00" });
    const before = await snapshot();
    await expect(updateAppointment(a, mover.id, { bayId: bay1.id })).rejects.toMatchObject({
      code: "CONFLICT", fields: { bayId: `${bay1.name} is booked from 09:00 to 10:00.` },
    });
    await expect(updateAppointment(a, early.id, { endsAt: "2027-03-08T09:30" })).rejects.toMatchObject({ code: "CONFLICT" });
    await expect(updateAppointment(a, mover.id, { bayId: bay1.id, startsAt: "2027-03-08T09:59" })).rejects.toMatchObject({ code: "CONFLICT" });
    expect(await snapshot()).toEqual(before);
    expect(await appointmentRow(mover.id)).toEqual(mover);

    // A new start alone keeps the length; overlapping its own old time is no clash.
    const moved = await updateAppointment(a, taken.id, { startsAt: "2027-03-08T09:30" });
    expect([moved.startsAt, moved.endsAt]).toEqual([new Date("2027-03-08T09:30:00Z"), new Date("2027-03-08T10:30:00Z")]);
    await expect(updateAppointment(a, mover.id, { bayId: bay1.id, startsAt: "2027-03-08T10:30" })).resolves.toMatchObject({ bayId: bay1.id });
    const audited = await withTenant(a.orgId, (tx) => tx.auditLog.findMany({ where: { action: "appointment.update", targetId: taken.id } }));
    expect(audited.map((entry) => entry.metadata)).toEqual([{
      startsAt: { from: "2027-03-08T09:00:00.000Z", to: "2027-03-08T09:30:00.000Z" },
      endsAt: { from: "2027-03-08T10:00:00.000Z", to: "2027-03-08T10:30:00.000Z" },
    }]);
  });

  test("six bookings of one slot at the same moment: exactly one wins, the others get CONFLICT", async () => {
    const bay = await newBay();
    const before = await snapshot();
    const results = await Promise.allSettled(
      seedA.customerIds.concat(seedA.customerIds).map((customerId) => book({ customerId, bayId: bay.id, startsAt: "2027-03-09T09:00", endsAt: "2027-03-09T10:00" })),
    );
    const won = results.filter((r) => r.status === "fulfilled");
    const lost = results.flatMap((r) => (r.status === "rejected" ? [r.reason as { code: string; fields: Record<string, string> }] : []));
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(5);
    for (const error of lost) expect(error).toMatchObject({ code: "CONFLICT", fields: { bayId: `${bay.name} is booked from 09:00 to 10:00.` } });
    expect(await snapshot()).toEqual({ ...before, appointments: [before.appointments[0]! + 1, before.appointments[1]], audit: [before.audit[0]! + 1, before.audit[1]] });
  });

  test("the constraint's refusal is recognised through Prisma, the bay's and the technician's, typed and raw", async () => {
    const bay = await newBay();
    const held = await book({ bayId: bay.id, technicianUserId: tech.userId, startsAt: "2027-03-10T09:00", endsAt: "2027-03-10T10:00" });
    const row = { organizationId: a.orgId, locationId: locationA, customerId: seedA.customerIds[1]!, startsAt: held.startsAt, endsAt: held.endsAt };
    const typed = await withTenant(a.orgId, (tx) => tx.appointment.create({ data: { ...row, bayId: bay.id } })).catch((error: unknown) => error);
    expect(violatedBookingConstraint(typed)).toBe("bayId");
    const raw = await withTenant(a.orgId, (tx) => tx.$executeRaw`
      INSERT INTO "Appointment" ("organizationId", id, "locationId", "customerId", "technicianUserId", "startsAt", "endsAt", "updatedAt")
      VALUES (${a.orgId}::uuid, gen_random_uuid(), ${locationA}::uuid, ${row.customerId}::uuid, ${tech.userId}::uuid, ${row.startsAt}, ${row.endsAt}, now())`,
    ).catch((error: unknown) => error);
    expect(violatedBookingConstraint(raw)).toBe("technicianUserId");
    expect(violatedBookingConstraint(new Error("conflicting key value violates exclusion constraint"))).toBeNull();
  });
});

describe("times", () => {
  test("a booking in the past, too short, too long or ending before it starts is refused with a field error", async () => {
    const before = await snapshot();
    const hourAgo = new Date(Date.now() - HOUR).toISOString();
    await expect(book({ startsAt: hourAgo, endsAt: new Date(Date.now()).toISOString() })).rejects.toMatchObject({
      code: "VALIDATION_FAILED", fields: { startsAt: "That time has passed. Choose a time in the future." },
    });
    await expect(book({ startsAt: "2027-03-11T09:00", endsAt: "2027-03-11T09:10" })).rejects.toMatchObject({ fields: { endsAt: "An appointment lasts at least 15 minutes." } });
    await expect(book({ startsAt: "2027-03-11T06:00", endsAt: "2027-03-11T18:01" })).rejects.toMatchObject({ fields: { endsAt: "An appointment lasts at most 12 hours." } });
    await expect(book({ startsAt: "2027-03-11T09:00", endsAt: "2027-03-11T08:00" })).rejects.toMatchObject({ fields: { endsAt: "The appointment must end after it starts." } });
    await expect(book({ startsAt: "11/03/2027 09:00", endsAt: "2027-03-11T10:00" })).rejects.toMatchObject({ code: "VALIDATION_FAILED", fields: { startsAt: expect.stringContaining("Enter a date and time") } });
    expect(await snapshot()).toEqual(before);
    await expect(book({ startsAt: "2027-03-11T09:00", endsAt: "2027-03-11T09:15" })).resolves.toBeTruthy();
    await expect(book({ startsAt: "2027-03-11T06:00", endsAt: "2027-03-11T18:00" })).resolves.toBeTruthy();
  });

  test("local times are read in the location's time zone, not the workshop's", async () => {
    const newYork = await addLocation(seedA.orgId, "New York site", "America/New_York");
    const booked = await book({ locationId: newYork, startsAt: "2027-03-01T09:00", endsAt: "2027-03-01T10:00" });
    expect(booked.startsAt).toEqual(new Date("2027-03-01T14:00:00Z"));
    const day = await listCalendarAppointments(a, { locationId: newYork, date: "2027-03-01" });
    expect([day.from, day.to]).toEqual([new Date("2027-03-01T05:00:00Z"), new Date("2027-03-02T05:00:00Z")]);
    expect(day.appointments.map((x) => x.id)).toEqual([booked.id]);
  });
});

describe("daylight saving (Europe/London)", () => {
  const dst = (fields: Partial<TCreateAppointment> & Pick<TCreateAppointment, "startsAt" | "endsAt">) => book(fields, { now: NEW_YEAR_2026 });

  test("01:30 on the morning the clocks go forward does not exist: refused, nothing written", async () => {
    const before = await snapshot();
    const message = "The clocks go forward on 29 March 2026: 01:30 does not exist in Europe/London. Choose another time.";
    await expect(dst({ startsAt: "2026-03-29T01:30", endsAt: "2026-03-29T03:00" })).rejects.toMatchObject({ code: "VALIDATION_FAILED", fields: { startsAt: message } });
    await expect(dst({ startsAt: "2026-03-29T00:30", endsAt: "2026-03-29T01:45" })).rejects.toMatchObject({ fields: { endsAt: expect.stringContaining("01:45 does not exist") } });
    expect(await snapshot()).toEqual(before);
    // The same moment given with an offset is an instant, and is taken as given (02:30 BST).
    await expect(dst({ startsAt: "2026-03-29T01:30:00+00:00", endsAt: "2026-03-29T02:30:00+00:00" })).resolves.toMatchObject({ startsAt: new Date("2026-03-29T01:30:00Z") });
  });

  test("an appointment across a change lasts its real length; a repeated 01:30 is the first one", async () => {
    const spring = await dst({ startsAt: "2026-03-29T00:30", endsAt: "2026-03-29T03:30" });
    expect(spring.endsAt.getTime() - spring.startsAt.getTime()).toBe(2 * HOUR);
    const autumn = await dst({ startsAt: "2026-10-25T00:30", endsAt: "2026-10-25T02:30" });
    expect(autumn.endsAt.getTime() - autumn.startsAt.getTime()).toBe(3 * HOUR);
    const repeated = await dst({ startsAt: "2026-10-25T01:30", endsAt: "2026-10-25T03:00" });
    expect(repeated.startsAt).toEqual(new Date("2026-10-25T00:30:00Z"));
    // 15 minutes on the clock that are 75 real minutes are long enough; 13 hours on the clock that are 12 real hours are not too long.
    await expect(dst({ startsAt: "2026-10-25T01:50", endsAt: "2026-10-25T02:05" })).resolves.toBeTruthy();
    await expect(dst({ startsAt: "2026-03-29T00:00", endsAt: "2026-03-29T13:00" })).resolves.toBeTruthy();
  });

  test("the day list covers exactly the local day: 23 hours in spring, 25 in autumn, 00:30 and 23:30 included", async () => {
    const location = await addLocation(seedA.orgId, "DST site", "Europe/London");
    const at = (startsAt: string, endsAt: string) => book({ locationId: location, startsAt, endsAt }, { now: NEW_YEAR_2026 });
    const spring = [await at("2026-03-29T00:30", "2026-03-29T00:45"), await at("2026-03-29T23:30", "2026-03-29T23:59")];
    const springOutside = [await at("2026-03-28T23:30", "2026-03-28T23:59"), await at("2026-03-30T00:30", "2026-03-30T01:00")];
    const autumn = [await at("2026-10-25T00:30", "2026-10-25T01:00"), await at("2026-10-25T23:30", "2026-10-25T23:59")];
    const autumnOutside = [await at("2026-10-24T23:30", "2026-10-24T23:59"), await at("2026-10-26T00:30", "2026-10-26T01:00")];

    const march = await listCalendarAppointments(a, { locationId: location, date: "2026-03-29" });
    expect([march.from, march.to]).toEqual([new Date("2026-03-29T00:00:00Z"), new Date("2026-03-29T23:00:00Z")]);
    expect(march.to.getTime() - march.from.getTime()).toBe(23 * HOUR);
    expect(march.appointments.map((x) => x.id)).toEqual(spring.map((x) => x.id));

    const october = await listCalendarAppointments(a, { locationId: location, date: "2026-10-25", span: "day" });
    expect([october.from, october.to]).toEqual([new Date("2026-10-24T23:00:00Z"), new Date("2026-10-26T00:00:00Z")]);
    expect(october.to.getTime() - october.from.getTime()).toBe(25 * HOUR);
    expect(october.appointments.map((x) => x.id)).toEqual(autumn.map((x) => x.id));

    // Monday 23 to Sunday 29 March: 7 days less the hour the clocks skip.
    const week = await listCalendarAppointments(a, { locationId: location, date: "2026-03-26", span: "week" });
    expect([week.from, week.to]).toEqual([new Date("2026-03-23T00:00:00Z"), new Date("2026-03-29T23:00:00Z")]);
    expect(week.appointments.map((x) => x.id)).toEqual([springOutside[0]!.id, ...spring.map((x) => x.id)]);
    expect(week.appointments.map((x) => x.id)).not.toContain(springOutside[1]!.id);
    expect(autumnOutside).toHaveLength(2);
  });
});

describe("status", () => {
  // Written out by hand (not derived from the table in lib), so a change to the machine must change this too.
  const LEGAL: Record<AppointmentStatus, AppointmentStatus[]> = {
    REQUESTED: ["CONFIRMED", "CANCELLED"],
    CONFIRMED: ["ARRIVED", "NO_SHOW", "CANCELLED"],
    ARRIVED: ["CANCELLED"], // and CONVERTED, by convertAppointment only
    CONVERTED: [],
    NO_SHOW: [],
    CANCELLED: [],
  };
  const STATUSES = Object.keys(LEGAL) as AppointmentStatus[];

  test("every one of the 36 moves: legal ones happen with one audit entry, every other one is refused and changes nothing", async () => {
    const outcomes: string[] = [];
    let day = 1;
    for (const from of STATUSES) {
      for (const to of STATUSES) {
        day += 1;
        const startsAt = new Date(Date.UTC(2027, 4, 1) + day * HOUR);
        const appointment = await book({ startsAt: startsAt.toISOString(), endsAt: new Date(startsAt.getTime() + HOUR).toISOString() });
        await withOwner(a.orgId, `UPDATE "Appointment" SET status = $1 WHERE id = $2`, [from, appointment.id]);
        const result = await changeAppointmentStatus(a, appointment.id, to, { now: new Date(startsAt.getTime() + 10 * 60_000) })
          .then(() => "moved", (error: { code: string }) => error.code);
        const now = (await appointmentRow(appointment.id)).status;
        const audited = await withTenant(a.orgId, (tx) => tx.auditLog.count({ where: { action: "appointment.status", targetId: appointment.id } }));
        const legal = LEGAL[from].includes(to);
        outcomes.push(`${from}->${to}:${result}`);
        expect(`${from}->${to}:${result}:${now}:${audited}`).toBe(`${from}->${to}:${legal ? "moved" : "CONFLICT"}:${legal ? to : from}:${legal ? 1 : 0}`);
      }
    }
    expect(outcomes.filter((o) => o.endsWith(":moved"))).toHaveLength(6);
  }, 120_000);

  test("a no-show only once the start has passed; converting only through convertAppointment; unknown statuses refused", async () => {
    const appointment = await book({ startsAt: "2027-06-01T09:00:00Z", endsAt: "2027-06-01T10:00:00Z", status: "CONFIRMED" });
    await expect(changeAppointmentStatus(a, appointment.id, "NO_SHOW", { now: new Date("2027-06-01T08:59:00Z") })).rejects.toMatchObject({
      code: "CONFLICT", message: "A customer can only be a no-show once the appointment's start time has passed.",
    });
    await changeAppointmentStatus(a, appointment.id, "ARRIVED");
    await expect(changeAppointmentStatus(a, appointment.id, "CONVERTED")).rejects.toMatchObject({
      code: "CONFLICT", message: "Open a repair order from the appointment to convert it.",
    });
    await expect(changeAppointmentStatus(a, appointment.id, "DONE" as AppointmentStatus)).rejects.toMatchObject({ code: "VALIDATION_FAILED" });
    await expect(updateAppointment(a, appointment.id, { concerns: "Too late" })).rejects.toMatchObject({
      code: "CONFLICT", message: "This appointment is arrived: it can no longer be changed.",
    });
    expect((await appointmentRow(appointment.id)).status).toBe("ARRIVED");
  });

  test("online requests always start as requested; the desk may book straight as confirmed", async () => {
    const input = { locationId: locationA, customerId: seedA.customerIds[0]!, startsAt: "2027-06-02T09:00", endsAt: "2027-06-02T10:00", status: "CONFIRMED" as const };
    await expect(createAppointment(a, input, { source: "ONLINE" })).resolves.toMatchObject({ status: "REQUESTED", source: "ONLINE" });
    await expect(createAppointment(a, input, { source: "API" })).resolves.toMatchObject({ status: "CONFIRMED", source: "API" });
  });
});

describe("conversion", () => {
  test("an arrived customer's appointment becomes a repair order with its customer, car and concerns, in one audited step", async () => {
    const appointment = await book({
      vehicleId: seedA.vehicleIds[0]!, startsAt: "2027-07-01T09:00", endsAt: "2027-07-01T10:00", concerns: "Knocking from the front left", status: "CONFIRMED",
      technicianUserId: tech.userId,
    });
    await expect(convertAppointment(a, appointment.id)).rejects.toMatchObject({ code: "CONFLICT" });
    await changeAppointmentStatus(a, appointment.id, "ARRIVED");
    await expect(convertAppointment(tech, appointment.id)).rejects.toMatchObject({ code: "FORBIDDEN" });

    const audit = await auditEntries();
    const { appointment: converted, repairOrder } = await convertAppointment(a, appointment.id, { odometerIn: "52000" });
    expect(repairOrder).toMatchObject({
      customerId: seedA.customerIds[0], vehicleId: seedA.vehicleIds[0], concerns: "Knocking from the front left", odometerIn: 52000, status: "ESTIMATE",
      technicianUserId: tech.userId,
    });
    expect(converted).toMatchObject({ status: "CONVERTED", repairOrderId: repairOrder.id });
    expect(await appointmentRow(appointment.id)).toMatchObject({ status: "CONVERTED", repairOrderId: repairOrder.id });
    // Two changes, one entry each: the new repair order and the appointment that became it.
    const entries = await withTenant(a.orgId, (tx) => tx.auditLog.findMany({ where: { seq: { gt: audit } }, orderBy: { seq: "asc" } }));
    expect(entries.map((e) => [e.action, e.targetId])).toEqual([["repairOrder.create", repairOrder.id], ["appointment.convert", appointment.id]]);
    expect(entries[1]!.metadata).toMatchObject({
      from: "ARRIVED", to: "CONVERTED", repairOrderId: repairOrder.id, repairOrderNumber: repairOrder.number, technicianUserId: tech.userId,
    });

    await expect(convertAppointment(a, appointment.id)).rejects.toMatchObject({ code: "CONFLICT" });
  });

  test("without a car the desk is asked for one, and nothing is written; the car given must be the customer's", async () => {
    const appointment = await book({ startsAt: "2027-07-02T09:00", endsAt: "2027-07-02T10:00", status: "CONFIRMED" });
    await changeAppointmentStatus(a, appointment.id, "ARRIVED");
    const before = await snapshot();
    const orders = await withTenant(a.orgId, (tx) => tx.repairOrder.count());
    await expect(convertAppointment(a, appointment.id)).rejects.toMatchObject({
      code: "VALIDATION_FAILED", fields: { vehicleId: "Choose the vehicle the customer brought in." },
    });
    await expect(convertAppointment(a, appointment.id, { vehicleId: seedA.vehicleIds[1]! })).rejects.toMatchObject({
      code: "VALIDATION_FAILED", fields: { vehicleId: "Choose one of this customer's vehicles." },
    });
    await expect(convertAppointment(a, appointment.id, { vehicleId: seedB.vehicleIds[0]! })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await snapshot()).toEqual(before);
    expect(await withTenant(a.orgId, (tx) => tx.repairOrder.count())).toBe(orders);
    expect((await appointmentRow(appointment.id)).status).toBe("ARRIVED");

    const { appointment: converted, repairOrder } = await convertAppointment(a, appointment.id, { vehicleId: seedA.vehicleIds[0]! });
    expect(converted.vehicleId).toBe(seedA.vehicleIds[0]);
    expect(repairOrder.vehicleId).toBe(seedA.vehicleIds[0]);
  });
});

describe("details", () => {
  test("edits: the car must be the customer's, a bay must be this location's and in use, a technician a member who works on cars", async () => {
    const elsewhere = await addLocation(seedA.orgId, "Second site", "Europe/London");
    const farBay = await newBay(a, elsewhere);
    const appointment = await book({ vehicleId: seedA.vehicleIds[0]!, startsAt: "2027-08-02T09:00", endsAt: "2027-08-02T10:00", concerns: "Brakes" });
    const before = await snapshot();
    await expect(updateAppointment(a, appointment.id, { vehicleId: seedA.vehicleIds[2]! })).rejects.toMatchObject({ code: "VALIDATION_FAILED", fields: { vehicleId: expect.any(String) } });
    await expect(updateAppointment(a, appointment.id, { bayId: farBay.id })).rejects.toMatchObject({ code: "VALIDATION_FAILED", fields: { bayId: "Choose one of this location's bays." } });
    await expect(updateAppointment(a, appointment.id, { technicianUserId: viewer.userId })).rejects.toMatchObject({ code: "VALIDATION_FAILED", fields: { technicianUserId: expect.any(String) } });
    await expect(book({ vehicleId: seedA.vehicleIds[1]!, startsAt: "2027-08-02T11:00", endsAt: "2027-08-02T12:00" })).rejects.toMatchObject({ code: "VALIDATION_FAILED" });
    expect(await snapshot()).toEqual(before);

    // Nothing different is no change, and no entry.
    await expect(updateAppointment(a, appointment.id, { concerns: "Brakes", vehicleId: seedA.vehicleIds[0]! })).resolves.toEqual(appointment);
    expect(await snapshot()).toEqual(before);
    // A blank form field clears; the concern's words stay out of the append-only audit log.
    const edited = await updateAppointment(a, appointment.id, { vehicleId: "", concerns: "Brakes and a rattle" });
    expect(edited).toMatchObject({ vehicleId: null, concerns: "Brakes and a rattle" });
    const [entry] = await withTenant(a.orgId, (tx) => tx.auditLog.findMany({ where: { action: "appointment.update", targetId: appointment.id } }));
    expect(entry!.metadata).toEqual({ vehicleId: { from: seedA.vehicleIds[0], to: null }, concerns: { changed: true } });
  });

  test("bays: names unique per location, listed in calendar order, retired only when nothing is still to come in them", async () => {
    const location = await addLocation(seedA.orgId, "Bay site", "Europe/London");
    const lift = await createBay(a, { locationId: location, name: "Lift A" });
    const ramp = await createBay(a, { locationId: location, name: "MOT ramp" });
    await expect(createBay(a, { locationId: location, name: " lift a " })).rejects.toMatchObject({
      code: "CONFLICT", fields: { name: "There is already a bay called Lift A at this location." },
    });
    await expect(createBay(a, { locationId: location, name: "" })).rejects.toMatchObject({ code: "VALIDATION_FAILED", fields: { name: "Name the bay." } });
    await expect(createBay(tech, { locationId: location, name: "Tech bay" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect((await listBays(a, location)).map((bay) => [bay.name, bay.position])).toEqual([["Lift A", 0], ["MOT ramp", 1]]);

    const booked = await book({ locationId: location, bayId: ramp.id, startsAt: "2027-08-03T09:00", endsAt: "2027-08-03T10:00" });
    await expect(deactivateBay(a, ramp.id)).rejects.toMatchObject({ code: "CONFLICT", message: "MOT ramp has 1 appointment still to come: move or cancel it first." });
    await changeAppointmentStatus(a, booked.id, "CANCELLED");
    const audit = await auditEntries();
    await expect(deactivateBay(a, ramp.id)).resolves.toMatchObject({ active: false });
    await expect(deactivateBay(a, ramp.id)).resolves.toMatchObject({ active: false });
    expect(await auditEntries()).toBe(audit + 1);
    expect((await listBays(tech, location)).map((bay) => bay.name)).toEqual(["Lift A"]);
    expect((await listBays(a, location, { includeInactive: true })).map((bay) => bay.name)).toEqual(["Lift A", "MOT ramp"]);
    await expect(book({ locationId: location, bayId: ramp.id, startsAt: "2027-08-03T11:00", endsAt: "2027-08-03T12:00" })).rejects.toMatchObject({
      code: "VALIDATION_FAILED", fields: { bayId: "MOT ramp is no longer in use. Choose another bay." },
    });
    expect(lift.active).toBe(true);
  });

  test("the workshop-wide list pages by start time without gaps or repeats, with filters", async () => {
    const window = { from: "2027-09-01T00:00:00Z", to: "2027-09-02T00:00:00Z" };
    const made = [];
    for (const [i, hour] of [9, 9, 9, 10, 11, 12, 12].entries()) {
      made.push(await book({ customerId: seedA.customerIds[i % 2]!, startsAt: `2027-09-01T${String(hour).padStart(2, "0")}:00`, endsAt: `2027-09-01T${String(hour).padStart(2, "0")}:30` }));
    }
    await changeAppointmentStatus(a, made[3]!.id, "CANCELLED");
    const expected = [...made].sort((x, y) => x.startsAt.getTime() - y.startsAt.getTime() || (x.id < y.id ? -1 : 1)).map((x) => x.id);
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await listAppointments(a, { ...window, limit: 3, cursor });
      seen.push(...page.items.map((x) => x.id));
      cursor = page.nextCursor ?? undefined;
      pages += 1;
    } while (cursor);
    expect(seen).toEqual(expected);
    expect(pages).toBe(3);

    const cancelled = await listAppointments(a, { ...window, status: "CANCELLED" });
    expect(cancelled.items.map((x) => x.id)).toEqual([made[3]!.id]);
    const second = await listAppointments(a, { ...window, customerId: seedA.customerIds[1]! });
    expect(second.items.map((x) => x.id).sort()).toEqual(made.filter((_, i) => i % 2 === 1).map((x) => x.id).sort());
    const morning = await listAppointments(a, { from: "2027-09-01T09:00:00+01:00", to: "2027-09-01T10:00:00+01:00" });
    expect(morning.items).toHaveLength(3);
    expect(morning.items.map((x) => x.customer.displayName).sort()).toEqual(["a customer 0", "a customer 0", "a customer 1"]);
    await expect(listAppointments(a, { cursor: "bm90IGEgY3Vyc29y" })).rejects.toMatchObject({ code: "VALIDATION_FAILED", fields: { cursor: expect.any(String) } });
    await expect(listAppointments(a, { limit: 500 })).rejects.toMatchObject({ code: "VALIDATION_FAILED", fields: { limit: "Between 1 and 100." } });
  });
});

describe("roles and workshops", () => {
  test("a technician reads the calendar but cannot book, move or cancel (each refusal audited)", async () => {
    const appointment = await book({ startsAt: "2027-10-01T09:00", endsAt: "2027-10-01T10:00" });
    const denied = () => withTenant(a.orgId, (tx) => tx.auditLog.count({ where: { action: "PERMISSION_DENIED", actorUserId: tech.userId } }));
    const deniedBefore = await denied();
    const count = await appointments();
    await expect(book({ startsAt: "2027-10-01T11:00", endsAt: "2027-10-01T12:00" }, { ctx: tech })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(updateAppointment(tech, appointment.id, { startsAt: "2027-10-01T10:00" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(changeAppointmentStatus(tech, appointment.id, "CANCELLED")).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(changeAppointmentStatus(tech, appointment.id, "CONFIRMED")).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect(await denied()).toBe(deniedBefore + 4);
    expect(await appointments()).toBe(count);
    expect(await appointmentRow(appointment.id)).toEqual(appointment);

    await expect(getAppointment(tech, appointment.id)).resolves.toMatchObject({ id: appointment.id, customer: { id: seedA.customerIds[0] } });
    expect((await listCalendarAppointments(tech, { locationId: locationA, date: "2027-10-01" })).appointments.map((x) => x.id)).toEqual([appointment.id]);
    expect((await listAppointments(tech, { from: "2027-10-01T00:00:00Z", to: "2027-10-02T00:00:00Z" })).items.map((x) => x.id)).toEqual([appointment.id]);
  });

  test("workshop B gets NOT_FOUND for A's customers, cars, bays, locations, technicians and appointments, and nothing changes", async () => {
    const bayA = await newBay();
    const appointment = await book({ vehicleId: seedA.vehicleIds[0]!, bayId: bayA.id, startsAt: "2027-11-01T09:00", endsAt: "2027-11-01T10:00", status: "CONFIRMED" });
    const bayB = await newBay(b, locationB);
    const before = await snapshot();
    const mine = { locationId: locationB, customerId: seedB.customerIds[0]!, startsAt: "2027-11-01T09:00", endsAt: "2027-11-01T10:00" };
    const attempts: Array<[string, () => Promise<unknown>]> = [
      ["A's customer", () => createAppointment(b, { ...mine, customerId: seedA.customerIds[0]! }, { source: "STAFF" })],
      ["A's car", () => createAppointment(b, { ...mine, vehicleId: seedA.vehicleIds[0]! }, { source: "STAFF" })],
      ["A's bay", () => createAppointment(b, { ...mine, bayId: bayA.id }, { source: "STAFF" })],
      ["A's location", () => createAppointment(b, { ...mine, locationId: locationA }, { source: "STAFF" })],
      ["A's technician", () => createAppointment(b, { ...mine, technicianUserId: tech.userId }, { source: "API" })],
      ["get", () => getAppointment(b, appointment.id)],
      ["get malformed", () => getAppointment(a, "not-an-id")],
      ["move", () => updateAppointment(b, appointment.id, { startsAt: "2027-11-01T11:00" })],
      ["move into B's bay", () => updateAppointment(b, appointment.id, { bayId: bayB.id })],
      ["A moves into B's bay", () => updateAppointment(a, appointment.id, { bayId: bayB.id })],
      ["A books B's customer", () => book({ customerId: seedB.customerIds[0]!, startsAt: "2027-11-01T11:00", endsAt: "2027-11-01T12:00" })],
      ["cancel", () => changeAppointmentStatus(b, appointment.id, "CANCELLED")],
      ["arrive", () => changeAppointmentStatus(b, appointment.id, "ARRIVED")],
      ["convert", () => convertAppointment(b, appointment.id)],
      ["calendar", () => listCalendarAppointments(b, { locationId: locationA, date: "2027-11-01" })],
      ["bays", () => listBays(b, locationA)],
      ["new bay", () => createBay(b, { locationId: locationA, name: "Stolen" })],
      ["retire bay", () => deactivateBay(b, bayA.id)],
    ];
    for (const [what, attempt] of attempts) {
      const outcome = await attempt().then(() => "done", (error: { code: string }) => error.code);
      expect(`${what}: ${outcome}`).toBe(`${what}: NOT_FOUND`);
    }
    expect(await snapshot()).toEqual(before);
    expect(await appointmentRow(appointment.id)).toEqual(appointment);
    expect((await withTenant(a.orgId, (tx) => tx.bay.findFirstOrThrow({ where: { id: bayA.id } }))).active).toBe(true);
    // Filters naming A's records match nothing in B's list.
    expect((await listAppointments(b, { locationId: locationA })).items).toEqual([]);
    expect((await listAppointments(b, { customerId: seedA.customerIds[0]! })).items).toEqual([]);
    // B's own bay, at the same time as A's booking, is free: the constraints are per workshop.
    await expect(createAppointment(b, { ...mine, bayId: bayB.id }, { source: "STAFF" })).resolves.toMatchObject({ bayId: bayB.id });
  });
});
