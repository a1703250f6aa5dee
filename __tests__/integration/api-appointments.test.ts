import { createApiKey } from "@/lib/api-keys/create-api-key";
import { db, withTenant } from "@/lib/db";
import type { OrgContext } from "@/lib/org/context";
import { createTestDatabase, type TestDatabase } from "../support/test-database";
import { contextFor, signUp } from "../support/accounts";
import { callApi, freshApiIp, type ErrorBody, type Page } from "../support/api";

interface Appointment {
  id: string;
  status: string;
  startsAt: string;
  endsAt: string;
  [field: string]: unknown;
}
type Answer = Appointment & ErrorBody;

let database: TestDatabase;
let a: OrgContext;
let b: OrgContext;
const keys = { aRead: "", aWrite: "", bWrite: "" };
const ids = { locationA: "", customerA: "", locationB: "", customerB: "" };

async function workshop(label: string) {
  const owner = await signUp(label);
  await db().organization.update({ where: { slug: owner.orgSlug }, data: { plan: "PROFESSIONAL" } });
  return contextFor(owner.userId, owner.orgSlug);
}
const firstLocation = (ctx: OrgContext) => withTenant(ctx.orgId, (tx) => tx.location.findFirstOrThrow({ select: { id: true } }));
const newCustomer = (ctx: OrgContext, displayName: string) => withTenant(ctx.orgId, (tx) => tx.customer.create({ data: { organizationId: ctx.orgId, displayName } }));

beforeAll(async () => {
  database = await createTestDatabase();
  a = await workshop("appt-api-a");
  b = await workshop("appt-api-b");
  keys.aRead = (await createApiKey(a, { name: "read", scope: "READ" })).key;
  keys.aWrite = (await createApiKey(a, { name: "write", scope: "READ_WRITE" })).key;
  keys.bWrite = (await createApiKey(b, { name: "write", scope: "READ_WRITE" })).key;
  ids.locationA = (await firstLocation(a)).id;
  ids.locationB = (await firstLocation(b)).id;
  ids.customerA = (await newCustomer(a, "Booked Customer")).id;
  ids.customerB = (await newCustomer(b, "B Customer")).id;
});

afterAll(() => database.drop());

const post = (path: string, body: unknown, key = keys.aWrite) => callApi<Answer>("POST", path, { key, body, ip: freshApiIp() });
const patch = (path: string, body: unknown, key = keys.aWrite) => callApi<Answer>("PATCH", path, { key, body, ip: freshApiIp() });
const get = <T = Answer>(path: string, key = keys.aRead) => callApi<T>("GET", path, { key, ip: freshApiIp() });
const count = (ctx: OrgContext) => withTenant(ctx.orgId, (tx) => tx.appointment.count());

let day = 10;
/** A free hour on a future day of its own. */
function slot(hours = 1) {
  day += 1;
  const start = new Date(Date.UTC(2031, 0, day, 9));
  return { startsAt: start.toISOString(), endsAt: new Date(start.getTime() + hours * 3_600_000).toISOString() };
}

test("book, read, list, move and confirm an appointment; booked with source API and audited with the key", async () => {
  const booked = await post("/appointments", { locationId: ids.locationA, customerId: ids.customerA, concerns: "MOT", ...slot() });
  expect(booked.status).toBe(201);
  expect(booked.body).toMatchObject({ locationId: ids.locationA, customerId: ids.customerA, status: "REQUESTED", source: "API", concerns: "MOT", bayId: null, repairOrderId: null });
  const id = booked.body.id;
  expect((await get(`/appointments/${id}`)).body).toEqual(booked.body);

  const later = slot();
  const moved = await patch(`/appointments/${id}`, { startsAt: later.startsAt });
  expect(moved.status).toBe(200);
  expect(moved.body).toMatchObject({ startsAt: later.startsAt, endsAt: later.endsAt });
  const confirmed = await patch(`/appointments/${id}`, { status: "CONFIRMED" });
  expect(confirmed.body.status).toBe("CONFIRMED");

  const listed = await get<Page<Appointment>>(`/appointments?customerId=${ids.customerA}&status=CONFIRMED`);
  expect(listed.body.data.map((row) => row.id)).toContain(id);

  const entries = await withTenant(a.orgId, (tx) => tx.auditLog.findMany({ where: { targetId: id }, orderBy: { seq: "asc" } }));
  expect(entries.map((entry) => entry.action)).toEqual(["appointment.create", "appointment.update", "appointment.status"]);
  for (const entry of entries) expect(entry.metadata).toMatchObject({ apiKeyId: expect.any(String) });
});

test("bad input is 400 and changes nothing; a status change is sent on its own; an illegal move is 409", async () => {
  const before = await count(a);
  const unknownField = await post("/appointments", { locationId: ids.locationA, customerId: ids.customerA, source: "ONLINE", ...slot() });
  expect(unknownField.status).toBe(400);
  expect(unknownField.body.error.fields).toEqual({ source: "Unknown field." });
  const badTime = await post("/appointments", { locationId: ids.locationA, customerId: ids.customerA, startsAt: "tomorrow", endsAt: "later" });
  expect(badTime.status).toBe(400);
  expect(Object.keys(badTime.body.error.fields).sort()).toEqual(["endsAt", "startsAt"]);
  expect(await count(a)).toBe(before);

  const booked = await post("/appointments", { locationId: ids.locationA, customerId: ids.customerA, ...slot() });
  const mixed = await patch(`/appointments/${booked.body.id}`, { status: "CONFIRMED", concerns: "Also brakes" });
  expect(mixed.status).toBe(400);
  expect(mixed.body.error.fields).toEqual({ status: expect.any(String) });
  const illegal = await patch(`/appointments/${booked.body.id}`, { status: "ARRIVED" });
  expect(illegal.status).toBe(409);
  expect((await get(`/appointments/${booked.body.id}`)).body).toMatchObject({ status: "REQUESTED", concerns: null });
});

test("pages by start time with the same cursor contract; a bad cursor is 400", async () => {
  const customer = (await newCustomer(a, "Paged Appointments")).id;
  const booked: string[] = [];
  for (let i = 0; i < 5; i += 1) booked.push((await post("/appointments", { locationId: ids.locationA, customerId: customer, ...slot() })).body.id);
  const seen: string[] = [];
  let cursor: string | null = null;
  do {
    const page: { body: Page<Appointment> } = await get<Page<Appointment>>(`/appointments?customerId=${customer}&limit=2${cursor ? `&cursor=${cursor}` : ""}`);
    seen.push(...page.body.data.map((row) => row.id));
    cursor = page.body.next_cursor;
  } while (cursor);
  expect(seen).toEqual(booked);
  expect((await get(`/appointments?cursor=%%%`)).status).toBe(400);
  expect((await get(`/appointments?limit=500`)).body.error.fields).toEqual({ limit: expect.any(String) });
});

test("another workshop's appointment, location and customer are 404; a READ key cannot book", async () => {
  const mine = (await post("/appointments", { locationId: ids.locationA, customerId: ids.customerA, ...slot() })).body;
  const beforeA = await count(a);
  const beforeB = await count(b);
  expect((await get(`/appointments/${mine.id}`, keys.bWrite)).status).toBe(404);
  expect((await patch(`/appointments/${mine.id}`, { concerns: "hijack" }, keys.bWrite)).status).toBe(404);
  expect((await patch(`/appointments/${mine.id}`, { status: "CANCELLED" }, keys.bWrite)).status).toBe(404);
  expect((await get("/appointments/not-a-uuid")).status).toBe(404);
  expect((await post("/appointments", { locationId: ids.locationA, customerId: ids.customerB, ...slot() }, keys.bWrite)).status).toBe(404);
  expect((await post("/appointments", { locationId: ids.locationB, customerId: ids.customerA, ...slot() }, keys.bWrite)).status).toBe(404);
  expect((await get<Page<Appointment>>(`/appointments?customerId=${ids.customerA}`, keys.bWrite)).body.data).toEqual([]);
  const readOnly = await post("/appointments", { locationId: ids.locationA, customerId: ids.customerA, ...slot() }, keys.aRead);
  expect(readOnly.status).toBe(403);
  expect(await count(a)).toBe(beforeA);
  expect(await count(b)).toBe(beforeB);
  expect((await get(`/appointments/${mine.id}`)).body).toMatchObject({ status: "REQUESTED", concerns: null });
});
