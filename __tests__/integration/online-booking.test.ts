// The public booking page: free slots from opening hours, bays and live bookings
// (a daylight-saving day included), requests arriving as REQUESTED/ONLINE, and
// every refusal (taken, past, spam, too fast, rate limited, capped, closed,
// another workshop's ids) changing nothing.
import { bookingDates, slotsOfDay } from "@/lib/appointments/free-slots";
import { createAppointment } from "@/lib/appointments/create-appointment";
import { createBay } from "@/lib/appointments/create-bay";
import { issueBookingFormToken } from "@/lib/appointments/booking-form-token";
import { loadBookingPage } from "@/lib/appointments/booking-page";
import { onlineCustomerReserve, onlineRequestsPerDay, requestOnlineBooking } from "@/lib/appointments/request-online-booking";
import { PLANS } from "@/lib/billing/plans";
import { assertQuota } from "@/lib/billing/quota";
import { setOnlineBooking } from "@/lib/appointments/set-online-booking";
import { db, withTenant } from "@/lib/db";
import type { OrgContext } from "@/lib/org/context";
import { contextFor, freshIp, joinWorkshop, resetLimiters } from "../support/accounts";
import { createTestDatabase, type TestDatabase } from "../support/test-database";
import { seedWorkshop, type SeededWorkshop } from "../support/workshops";

let database: TestDatabase;
let seedA: SeededWorkshop;
let seedB: SeededWorkshop;
let a: OrgContext;
let b: OrgContext;
let locationA: string;
let locationB: string;
let nightSite: string;
const baysA: string[] = [];

/** Monday 1 March 2027, 07:00 in London (GMT): the day's slots are all still to come. */
const NOW = new Date("2027-03-01T07:00:00Z");
const MONDAY = "2027-03-01";

beforeAll(async () => {
  delete process.env.REDIS_URL;
  await resetLimiters();
  database = await createTestDatabase({ poolSize: 10 });
  seedA = await seedWorkshop(database.app, "a");
  seedB = await seedWorkshop(database.app, "b");
  for (const seed of [seedA, seedB]) {
    await db().organization.update({ where: { id: seed.orgId }, data: { plan: "STARTER", onlineBookingEnabled: true, phone: "01632 960000" } });
  }
  const [orgA, orgB] = await Promise.all([seedA, seedB].map((s) => db().organization.findUniqueOrThrow({ where: { id: s.orgId } })));
  a = await contextFor(seedA.userId, orgA!.slug);
  b = await contextFor(seedB.userId, orgB!.slug);
  locationA = await addLocation(seedA.orgId, { name: "Main site", addressLine1: "1 High Street", city: "Leeds" });
  locationB = await addLocation(seedB.orgId, { name: "Attacker site" });
  for (const name of ["Bay 1", "Bay 2"]) baysA.push((await createBay(a, { locationId: locationA, name })).id);
  await createBay(b, { locationId: locationB, name: "B bay" });
});

afterAll(() => database.drop());

async function addLocation(orgId: string, fields: { name: string; addressLine1?: string; city?: string }) {
  const location = await withTenant(orgId, (tx) => tx.location.create({ data: { organizationId: orgId, timezone: "Europe/London", ...fields } }));
  return location.id;
}

const slugOf = (ctx: OrgContext) => ctx.orgSlug;
const origin = (ip = freshIp()) => ({ ip, userAgent: "jest", requestId: "booking-test" });
let emails = 0;
const newEmail = () => `online-${(emails += 1)}-${Date.now().toString(36)}@example.test`;

function form(fields: Record<string, string> = {}, options: { ctx?: OrgContext; issuedAt?: Date } = {}) {
  const ctx = options.ctx ?? a;
  return {
    formToken: issueBookingFormToken(ctx.orgId, options.issuedAt ?? new Date(NOW.getTime() - 60_000)),
    locationId: ctx === a ? locationA : locationB,
    startsAt: "2027-03-01T10:00:00.000Z",
    name: "Jane Newcomer",
    email: newEmail(),
    phone: "07700 900123",
    registration: "ab12 cde",
    concerns: "Brakes squeal when cold",
    website: "",
    ...fields,
  };
}

const request = (fields: Record<string, unknown>, options: { ctx?: OrgContext; ip?: string; now?: Date } = {}) =>
  requestOnlineBooking(slugOf(options.ctx ?? a), fields, origin(options.ip), { now: options.now ?? NOW });

/** Nothing-changed means: the same appointments, customers, vehicles, audit entries and emails, in both workshops. */
async function snapshot() {
  const counts = async (orgId: string) =>
    withTenant(orgId, async (tx) => [await tx.appointment.count(), await tx.customer.count(), await tx.vehicle.count(), await tx.auditLog.count()]);
  return { a: await counts(seedA.orgId), b: await counts(seedB.orgId), outbox: await db().outboxEmail.count() };
}

const staffBooking = (startsAt: string, endsAt: string, bayId: string | null, status: "REQUESTED" | "CONFIRMED" = "REQUESTED") =>
  createAppointment(a, { locationId: locationA, customerId: seedA.customerIds[0]!, bayId: bayId ?? undefined, startsAt, endsAt, status }, { source: "STAFF", now: NOW });

const pageSlots = async (day: string, now = NOW) => (await loadBookingPage(slugOf(a), { location: locationA, day }, now)).slots.map((slot) => slot.label);

describe("free slots", () => {
  test("opening hours in slot lengths; a slot is free while one bay is free for all of it; cancelled and bay-less bookings hold nothing; only future times", async () => {
    // 08:00-17:30 with one-hour slots: 08:00 ... 16:00 (17:00-18:00 would run past closing).
    expect(await pageSlots(MONDAY)).toEqual(["08:00", "09:00", "10:00", "11:00", "12:00", "13:00", "14:00", "15:00", "16:00"]);

    await staffBooking("2027-03-01T09:00", "2027-03-01T10:00", baysA[0]!);
    await staffBooking("2027-03-01T09:30", "2027-03-01T10:30", baysA[1]!);
    const cancelled = await staffBooking("2027-03-01T11:00", "2027-03-01T12:00", baysA[0]!);
    await withTenant(seedA.orgId, (tx) => tx.appointment.updateMany({ where: { id: cancelled.id }, data: { status: "CANCELLED" } }));
    await staffBooking("2027-03-01T11:00", "2027-03-01T12:00", baysA[1]!);
    await staffBooking("2027-03-01T12:00", "2027-03-01T13:00", null);

    // 09:00-10:00 has no bay free for the whole hour (Bay 2 from 09:30); 10:00 still has Bay 1; 11:00 has Bay 1 again (its booking was cancelled).
    expect(await pageSlots(MONDAY)).toEqual(["08:00", "10:00", "11:00", "12:00", "13:00", "14:00", "15:00", "16:00"]);
    // At 10:30 the morning has gone: a slot that has started is not offered.
    expect(await pageSlots(MONDAY, new Date("2027-03-01T10:30:00Z"))).toEqual(["11:00", "12:00", "13:00", "14:00", "15:00", "16:00"]);

    const page = await loadBookingPage(slugOf(a), { location: locationA }, NOW);
    expect(page.days).toHaveLength(14);
    expect(page.days[0]).toMatchObject({ date: MONDAY, free: 8 });
    // Closed at the weekend; the last day offered is two weeks on.
    expect(page.days.find((day) => day.date === "2027-03-06")).toMatchObject({ free: 0 });
    expect(page.days[13]!.date).toBe("2027-03-14");
    expect(page.location).toMatchObject({ name: "Main site", address: "1 High Street, Leeds", timezone: "Europe/London" });
  });

  test("the night the clocks go forward (London, 28 March 2027) has no 01:00 slot, and the day's times are the location's", async () => {
    nightSite = await withTenant(seedA.orgId, async (tx) => {
      const location = await tx.location.create({
        data: { organizationId: seedA.orgId, name: "Night site", timezone: "Europe/London", opensAtMinute: 0, closesAtMinute: 240, openWeekdays: [1, 2, 3, 4, 5, 6, 7] },
      });
      return location.id;
    });
    await createBay(a, { locationId: nightSite, name: "Night bay" });
    const saturdayNoon = new Date("2027-03-27T12:00:00Z");
    const page = await loadBookingPage(slugOf(a), { location: nightSite, day: "2027-03-28" }, saturdayNoon);
    // 00:00 GMT, then the clocks jump to 02:00 BST: a 23-hour day with three one-hour slots before 04:00.
    expect(page.slots).toEqual([
      { value: "2027-03-28T00:00:00.000Z", label: "00:00" },
      { value: "2027-03-28T01:00:00.000Z", label: "02:00" },
      { value: "2027-03-28T02:00:00.000Z", label: "03:00" },
    ]);
    // The Monday after is in summer time: midnight is 23:00 UTC the evening before.
    const monday = await loadBookingPage(slugOf(a), { location: nightSite, day: "2027-03-29" }, saturdayNoon);
    expect(monday.slots[0]).toEqual({ value: "2027-03-28T23:00:00.000Z", label: "00:00" });

    // A request for 02:00 BST lands at that instant and lasts one real hour.
    const fields = form({ locationId: nightSite, startsAt: "2027-03-28T01:00:00.000Z" }, { issuedAt: new Date(saturdayNoon.getTime() - 60_000) });
    const { appointmentId } = await request(fields, { now: saturdayNoon });
    const booked = await withTenant(seedA.orgId, (tx) => tx.appointment.findFirstOrThrow({ where: { id: appointmentId } }));
    expect([booked.startsAt.toISOString(), booked.endsAt.toISOString()]).toEqual(["2027-03-28T01:00:00.000Z", "2027-03-28T02:00:00.000Z"]);
    expect(await loadBookingPage(slugOf(a), { location: nightSite, day: "2027-03-28" }, saturdayNoon).then((p) => p.slots.map((s) => s.label))).toEqual(["00:00", "03:00"]);

    // The night the clocks go back has 01:00 twice: five slots, each named.
    const autumn = slotsOfDay("2027-10-31", { timezone: "Europe/London", opensAtMinute: 0, closesAtMinute: 240, openWeekdays: [7], bookingSlotMinutes: 60 });
    expect(autumn.map((slot) => slot.startsAt.toISOString())).toEqual([
      "2027-10-30T23:00:00.000Z", "2027-10-31T00:00:00.000Z", "2027-10-31T01:00:00.000Z", "2027-10-31T02:00:00.000Z", "2027-10-31T03:00:00.000Z",
    ]);
    // The offered days follow the location's calendar, not UTC's: at 23:30 UTC on 28 March it is already the 29th in London.
    expect(bookingDates(new Date("2027-03-28T23:30:00Z"), "Europe/London")[0]).toBe("2027-03-29");
  });
});

describe("requests", () => {
  test("a request arrives as REQUESTED from ONLINE in a free bay, with a new customer and car audited with no member as actor, and a 'not yet confirmed' email", async () => {
    const fields = form({ startsAt: "2027-03-01T14:00:00.000Z" });
    const result = await request(fields);
    expect(Object.keys(result)).toEqual(["appointmentId"]);
    const appointment = await withTenant(seedA.orgId, (tx) =>
      tx.appointment.findFirstOrThrow({ where: { id: result.appointmentId }, include: { customer: true, vehicle: true } }),
    );
    expect(appointment).toMatchObject({
      status: "REQUESTED", source: "ONLINE", locationId: locationA, bayId: baysA[0], technicianUserId: null,
      startsAt: new Date("2027-03-01T14:00:00Z"), endsAt: new Date("2027-03-01T15:00:00Z"), concerns: "Brakes squeal when cold",
    });
    expect(appointment.customer).toMatchObject({ displayName: "Jane Newcomer", email: fields.email, phone: "07700 900123" });
    expect(appointment.vehicle).toMatchObject({ registration: "AB12 CDE" });

    const entries = await withTenant(seedA.orgId, (tx) =>
      tx.auditLog.findMany({ where: { targetId: { in: [appointment.id, appointment.customerId, appointment.vehicleId!] } }, orderBy: { seq: "asc" } }),
    );
    expect(entries.map((e) => [e.action, e.actorUserId])).toEqual([["customer.create", null], ["vehicle.create", null], ["appointment.create", null]]);
    expect(entries[2]!.metadata).toMatchObject({ source: "ONLINE", status: "REQUESTED" });
    // The append-only log keeps no personal details of the new customer.
    expect(JSON.stringify(entries.map((e) => e.metadata))).not.toMatch(/Jane|example\.test|07700/);

    const mail = await db().outboxEmail.findFirstOrThrow({ where: { to: fields.email } });
    expect(mail.text).toContain("This is a request, not yet a confirmed booking.");
    expect(mail.text).toContain("When: Monday 1 March 2027, 14:00 to 15:00 (Europe/London time)");
    expect(mail.text).toContain("Where: Workshop a, Main site, 1 High Street, Leeds");
  });

  test("a taken, past, misaligned or out-of-range slot is refused and nothing changes", async () => {
    await staffBooking("2027-03-01T15:00", "2027-03-01T16:00", baysA[0]!);
    await staffBooking("2027-03-01T15:00", "2027-03-01T16:00", baysA[1]!);
    const before = await snapshot();
    const taken = "Sorry, that time has just been taken. Please choose another.";
    for (const startsAt of ["2027-03-01T15:00:00.000Z", "2027-03-01T06:00:00.000Z", "2027-03-01T10:30:00.000Z", "2027-03-01T17:00:00.000Z", "2027-04-01T09:00:00.000Z"]) {
      await expect(request(form({ startsAt }))).rejects.toMatchObject({ code: "CONFLICT", message: taken, fields: { startsAt: taken } });
    }
    // A slot that has passed since the page was drawn.
    await expect(request(form({ startsAt: "2027-03-01T10:00:00.000Z" }), { now: new Date("2027-03-01T10:05:00Z") })).rejects.toMatchObject({ code: "CONFLICT" });
    await expect(request(form({ startsAt: "tomorrow at ten" }))).rejects.toMatchObject({ code: "VALIDATION_FAILED", fields: { startsAt: "Choose one of the free times." } });
    await expect(request(form({ name: "", email: "not-an-email" }))).rejects.toMatchObject({
      code: "VALIDATION_FAILED", fields: { name: "Enter your name.", email: "Enter a valid email address: we send the confirmation there." },
    });
    expect(await snapshot()).toEqual(before);
  });

  test("three people asking for the last two bays of one slot at once: two get it, one is told it was taken", async () => {
    const results = await Promise.allSettled([1, 2, 3].map(() => request(form({ startsAt: "2027-03-02T13:00:00.000Z" }))));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(2);
    expect(results.filter((r) => r.status === "rejected").map((r) => (r as PromiseRejectedResult).reason.code)).toEqual(["CONFLICT"]);
    const held = await withTenant(seedA.orgId, (tx) => tx.appointment.findMany({ where: { startsAt: new Date("2027-03-02T13:00:00Z") }, select: { bayId: true } }));
    expect(held.map((h) => h.bayId).sort()).toEqual([...baysA].sort());
  });

  test("an existing customer is matched by email (any case) without a new record; the page's answer and the email are the same as for a stranger", async () => {
    const known = await withTenant(seedA.orgId, (tx) => tx.customer.findFirstOrThrow({ where: { id: seedA.customerIds[1]! } }));
    const customersBefore = await withTenant(seedA.orgId, (tx) => tx.customer.count());
    const knownResult = await request(form({ email: known.email!.toUpperCase(), name: "J. Somebody", registration: "ZZ99 ZZZ", startsAt: "2027-03-03T09:00:00.000Z" }));
    const strangerEmail = newEmail();
    const strangerResult = await request(form({ email: strangerEmail, name: "J. Somebody", registration: "ZZ99 ZZZ", startsAt: "2027-03-03T10:00:00.000Z" }));
    expect(Object.keys(knownResult)).toEqual(Object.keys(strangerResult));
    expect(await withTenant(seedA.orgId, (tx) => tx.customer.count())).toBe(customersBefore + 1);

    const appointment = await withTenant(seedA.orgId, (tx) => tx.appointment.findFirstOrThrow({ where: { id: knownResult.appointmentId } }));
    expect(appointment).toMatchObject({ customerId: known.id, vehicleId: null });
    // What does not match the record is put in front of the desk, not changed on the customer.
    expect(appointment.concerns).toBe("Brakes squeal when cold\n\nName given online: J. Somebody\nPhone given online: 07700 900123\nRegistration given online: ZZ99 ZZZ");
    expect(await withTenant(seedA.orgId, (tx) => tx.customer.findFirstOrThrow({ where: { id: known.id } }))).toMatchObject({ displayName: known.displayName, phone: null });

    // The emails differ only in the time booked: neither shows what the workshop already knew.
    const [toKnown, toStranger] = [await db().outboxEmail.findFirstOrThrow({ where: { to: known.email!.toLowerCase() }, orderBy: { createdAt: "desc" } }), await db().outboxEmail.findFirstOrThrow({ where: { to: strangerEmail } })];
    expect(toKnown.text.replace("09:00 to 10:00", "T")).toBe(toStranger.text.replace("10:00 to 11:00", "T"));
    expect(toKnown.text).not.toContain(known.displayName);

    // A car the customer already has on file is linked by its plate, spaces and case aside.
    const [vehicle] = await withTenant(seedA.orgId, (tx) => tx.vehicle.findMany({ where: { customerId: known.id } }));
    const linked = await request(form({ email: known.email!, name: known.displayName, phone: "", registration: vehicle!.registration!.replace(" ", "").toLowerCase(), startsAt: "2027-03-03T11:00:00.000Z" }));
    expect(await withTenant(seedA.orgId, (tx) => tx.appointment.findFirstOrThrow({ where: { id: linked.appointmentId } }))).toMatchObject({
      vehicleId: vehicle!.id, concerns: "Brakes squeal when cold",
    });
  });
});

describe("spam and abuse", () => {
  const notSent = "We could not send your request. Please check your details and press Send request again.";

  test("the hidden field filled in, a form sent within seconds, a forged, foreign or stale form: refused in words, nothing changes", async () => {
    const before = await snapshot();
    await expect(request(form({ website: "http://spam.example" }))).rejects.toMatchObject({ code: "VALIDATION_FAILED", message: notSent });
    await expect(request(form({}, { issuedAt: new Date(NOW.getTime() - 1_000) }))).rejects.toMatchObject({ message: notSent });
    const [issued, mac] = form().formToken.split(".");
    await expect(request(form({ formToken: `${Number(issued) - 3_600_000}.${mac}` }))).rejects.toMatchObject({ message: notSent });
    await expect(request(form({ formToken: "" }))).rejects.toMatchObject({ message: notSent });
    // B's form (signed for B) does not work at A.
    await expect(request({ ...form(), formToken: issueBookingFormToken(b.orgId, new Date(NOW.getTime() - 60_000)) })).rejects.toMatchObject({ message: notSent });
    await expect(request(form({}, { issuedAt: new Date(NOW.getTime() - 7 * 3_600_000) }))).rejects.toMatchObject({
      message: "This page has been open a long time and its free times may have changed. Reload the page and choose a time again.",
    });
    expect(await snapshot()).toEqual(before);
    // The same form, sent a few seconds later by a person, goes through.
    await expect(request(form({ startsAt: "2027-03-01T16:00:00.000Z" }))).resolves.toHaveProperty("appointmentId");
  });

  test("one address gets 30 requests a minute, then a friendly refusal that changes nothing", async () => {
    const ip = "203.0.113.77";
    for (let i = 0; i < 30; i += 1) await expect(request(form({ website: "spam" }), { ip })).rejects.toMatchObject({ code: "VALIDATION_FAILED" });
    const before = await snapshot();
    await expect(request(form({ startsAt: "2027-03-04T09:00:00.000Z" }), { ip })).rejects.toMatchObject({
      code: "RATE_LIMITED", message: "We have had too many requests from your connection. Please wait a minute and try again, or call the workshop.",
    });
    expect(await snapshot()).toEqual(before);
    // Another address is not held back.
    await expect(request(form({ startsAt: "2027-03-04T09:00:00.000Z" }))).resolves.toHaveProperty("appointmentId");
  });

  test("a name or registration with a line break or control character is refused on its field, and nothing is sent or changed", async () => {
    const before = await snapshot();
    const oneLine = "Use one line, without line breaks or control characters.";
    await expect(request(form({ name: "Jane\nBcc: everyone@example.test" }))).rejects.toMatchObject({ code: "VALIDATION_FAILED", fields: { name: oneLine } });
    await expect(request(form({ name: "Jane\u0007Newcomer" }))).rejects.toMatchObject({ code: "VALIDATION_FAILED", fields: { name: oneLine } });
    await expect(request(form({ registration: "AB12\rCDE" }))).rejects.toMatchObject({ code: "VALIDATION_FAILED", fields: { registration: oneLine } });
    expect(await snapshot()).toEqual(before);
  });

  test("requests to made-up booking addresses are not found and use up nothing: the same connection can still book a real workshop", async () => {
    const ip = "203.0.113.78";
    for (let i = 0; i < 35; i += 1) {
      await expect(requestOnlineBooking(`no-such-workshop-${i}`, form(), origin(ip), { now: NOW })).rejects.toMatchObject({ code: "NOT_FOUND" });
    }
    await expect(request(form({ startsAt: "2027-03-04T11:00:00.000Z" }), { ip })).resolves.toHaveProperty("appointmentId");
  });

  test(`a workshop takes at most ${onlineRequestsPerDay()} online requests in 24 hours`, async () => {
    expect(onlineRequestsPerDay()).toBe(20);
    await withTenant(seedB.orgId, async (tx) => {
      for (let i = 0; i < onlineRequestsPerDay(); i += 1) {
        const startsAt = new Date(Date.UTC(2027, 5, 1, 9) + i * 86_400_000);
        await tx.appointment.create({
          data: { organizationId: seedB.orgId, locationId: locationB, customerId: seedB.customerIds[0]!, startsAt, endsAt: new Date(startsAt.getTime() + 3_600_000), source: "ONLINE" },
        });
      }
    });
    const before = await snapshot();
    await expect(request(form({}, { ctx: b }), { ctx: b })).rejects.toMatchObject({
      code: "RATE_LIMITED", message: "The workshop cannot take more requests online right now. Please call them on 01632 960000 to book.",
    });
    expect(await snapshot()).toEqual(before);
    // Workshop A is not affected by B's flood.
    await expect(request(form({ startsAt: "2027-03-04T10:00:00.000Z" }))).resolves.toHaveProperty("appointmentId");
  });
});

describe("the customer quota", () => {
  test("online requests stop while the workshop is within its reserve, for new and known emails alike; the desk can still add customers", async () => {
    const seedC = await seedWorkshop(database.app, "c");
    await db().organization.update({ where: { id: seedC.orgId }, data: { plan: "STARTER", onlineBookingEnabled: true, phone: "01632 960001" } });
    const orgC = await db().organization.findUniqueOrThrow({ where: { id: seedC.orgId } });
    const c = await contextFor(seedC.userId, orgC.slug);
    const locationC = await addLocation(seedC.orgId, { name: "C site" });
    await createBay(c, { locationId: locationC, name: "C bay" });
    const knownEmail = (await withTenant(seedC.orgId, (tx) => tx.customer.findFirstOrThrow({ where: { id: seedC.customerIds[0]! } }))).email!;
    // One place short of the reserve: the last request that may still create a customer online.
    const fill = PLANS.STARTER.customers - onlineCustomerReserve("STARTER") - 1 - seedC.customerIds.length;
    await withTenant(seedC.orgId, (tx) => tx.customer.createMany({ data: Array.from({ length: fill }, (_, i) => ({ organizationId: seedC.orgId, displayName: `Customer ${i}` })) }));
    const cForm = (fields: Record<string, string>) => ({ ...form({ startsAt: "2027-03-05T09:00:00.000Z", ...fields }, { ctx: c }), locationId: locationC });
    await expect(requestOnlineBooking(orgC.slug, cForm({}), origin(), { now: NOW })).resolves.toHaveProperty("appointmentId");

    const before = await withTenant(seedC.orgId, async (tx) => [await tx.customer.count(), await tx.appointment.count()]);
    const callUs = { code: "RATE_LIMITED", message: "The workshop cannot take more requests online right now. Please call them on 01632 960001 to book." };
    await expect(requestOnlineBooking(orgC.slug, cForm({ startsAt: "2027-03-05T10:00:00.000Z" }), origin(), { now: NOW })).rejects.toMatchObject(callUs);
    await expect(requestOnlineBooking(orgC.slug, cForm({ startsAt: "2027-03-05T10:00:00.000Z", email: knownEmail }), origin(), { now: NOW })).rejects.toMatchObject(callUs);
    expect(await withTenant(seedC.orgId, async (tx) => [await tx.customer.count(), await tx.appointment.count()])).toEqual(before);
    // The reserve is the desk's.
    await expect(withTenant(seedC.orgId, (tx) => assertQuota(tx, "customers", onlineCustomerReserve("STARTER")))).resolves.toBeUndefined();
  });
});

describe("closed workshops and other workshops' ids", () => {
  test("switched off, a plan without online booking, an unknown or malformed address: not found, for the page and a request alike", async () => {
    const before = await snapshot();
    const closed = async () => {
      await expect(loadBookingPage(slugOf(a), {}, NOW)).rejects.toMatchObject({ code: "NOT_FOUND" });
      await expect(request(form())).rejects.toMatchObject({ code: "NOT_FOUND" });
    };
    await setOnlineBooking(a, false);
    await closed();
    await db().organization.update({ where: { id: seedA.orgId }, data: { plan: "FREE", onlineBookingEnabled: true } });
    await closed();
    await db().organization.update({ where: { id: seedA.orgId }, data: { plan: "STARTER" } });
    await expect(loadBookingPage(slugOf(a), {}, NOW)).resolves.toHaveProperty("formToken");
    for (const slug of ["no-such-workshop", "../etc", "Workshop A", ""]) {
      await expect(loadBookingPage(slug, {}, NOW)).rejects.toMatchObject({ code: "NOT_FOUND", message: "This booking page was not found." });
      await expect(requestOnlineBooking(slug, form(), origin(), { now: NOW })).rejects.toMatchObject({ code: "NOT_FOUND" });
    }
    // The switch itself: settings.update only, and only on a plan that includes it; each change audited.
    const advisor = await joinWorkshop(a, "SERVICE_ADVISOR", "Ada Advisor");
    await expect(setOnlineBooking(advisor, false)).rejects.toMatchObject({ code: "FORBIDDEN" });
    await db().organization.update({ where: { id: seedA.orgId }, data: { plan: "FREE", onlineBookingEnabled: false } });
    await expect(setOnlineBooking(a, true)).rejects.toMatchObject({ code: "PLAN_FEATURE" });
    await db().organization.update({ where: { id: seedA.orgId }, data: { plan: "STARTER" } });
    await setOnlineBooking(a, true);
    expect(await db().organization.findUniqueOrThrow({ where: { id: seedA.orgId } })).toMatchObject({ onlineBookingEnabled: true });
    const switched = await withTenant(seedA.orgId, (tx) => tx.auditLog.findMany({ where: { action: "SETTINGS_UPDATED" }, orderBy: { seq: "asc" } }));
    expect(switched.map((e) => e.metadata)).toEqual([{ onlineBookingEnabled: false }, { onlineBookingEnabled: true }]);
    expect((await snapshot()).b).toEqual(before.b);
  });

  test("workshop B's location in A's form, or a made-up one, is not found; nothing changes in either workshop", async () => {
    const before = await snapshot();
    for (const locationId of [locationB, "00000000-0000-4000-8000-000000000000", "not-a-uuid"]) {
      await expect(request(form({ locationId }))).rejects.toMatchObject({ code: "NOT_FOUND", message: "That location was not found." });
      await expect(loadBookingPage(slugOf(a), { location: locationId }, NOW)).rejects.toMatchObject({ code: "NOT_FOUND" });
    }
    // And the other way round: A's location on B's page.
    await expect(request({ ...form({}, { ctx: b }), locationId: locationA }, { ctx: b })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await snapshot()).toEqual(before);
  });
});
