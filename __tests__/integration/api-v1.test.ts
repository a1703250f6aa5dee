import { createApiKey } from "@/lib/api-keys/create-api-key";
import * as getCustomerModule from "@/lib/customers/get-customer";
import { db, withTenant } from "@/lib/db";
import type { Plan } from "@/lib/generated/prisma/client";
import type { OrgContext } from "@/lib/org/context";
import { withCheckDigit } from "@/lib/vehicles/vin";
import { createTestDatabase, type TestDatabase } from "../support/test-database";
import { contextFor, resetLimiters, signUp } from "../support/accounts";
import { callApi, freshApiIp, type ErrorBody, type Page } from "../support/api";

interface Row {
  id: string;
  [field: string]: unknown;
}
/** A record or an error, whichever the test expects to read. */
type Answer = Row & ErrorBody;

let database: TestDatabase;
let a: OrgContext;
let b: OrgContext;
const keys = { aRead: "", aWrite: "", bWrite: "" };

async function workshop(label: string, plan: Plan) {
  const owner = await signUp(label);
  await db().organization.update({ where: { slug: owner.orgSlug }, data: { plan } });
  return contextFor(owner.userId, owner.orgSlug);
}
const keyFor = async (ctx: OrgContext, scope: "READ" | "READ_WRITE") => (await createApiKey(ctx, { name: `${scope} key`, scope })).key;

beforeAll(async () => {
  database = await createTestDatabase();
  a = await workshop("api-a", "PROFESSIONAL");
  b = await workshop("api-b", "PROFESSIONAL");
  keys.aRead = await keyFor(a, "READ");
  keys.aWrite = await keyFor(a, "READ_WRITE");
  keys.bWrite = await keyFor(b, "READ_WRITE");
});

// This suite calls as fast as it can, past a real integration's burst limit (a sixth of the
// minute's in 10 s): each test starts with fresh windows. The limit tests use workshops of their own.
beforeEach(() => resetLimiters());

afterAll(() => database.drop());

const rows = (ctx: OrgContext) =>
  withTenant(ctx.orgId, async (tx) => ({ customers: await tx.customer.count(), vehicles: await tx.vehicle.count(), repairOrders: await tx.repairOrder.count() }));
const expectRateLimitHeaders = (headers: Headers) => {
  for (const name of ["RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset"]) expect(headers.get(name)).toMatch(/^\d+$/);
};
const post = <T = Answer>(path: string, body: unknown, key = keys.aWrite) => callApi<T>("POST", path, { key, body, ip: freshApiIp() });
const patch = <T = Answer>(path: string, body: unknown, key = keys.aWrite) => callApi<T>("PATCH", path, { key, body, ip: freshApiIp() });
const get = <T = Answer>(path: string, key = keys.aRead) => callApi<T>("GET", path, { key, ip: freshApiIp() });

async function newCustomer(displayName: string, key = keys.aWrite) {
  const answer = await post("/customers", { displayName, email: `${displayName.replace(/\W/g, ".")}@example.test` }, key);
  expect(answer.status).toBe(201);
  return answer.body;
}

let serial = 100;
const vin = () => withCheckDigit(`WVWZZZ1K5${String((serial += 1)).padStart(8, "0")}`);

describe("/me", () => {
  test("answers the key's workshop, scope and plan limit, with RateLimit headers", async () => {
    const answer = await get("/me");
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      workshop: { id: a.orgId, name: a.orgName, slug: a.orgSlug },
      apiKey: { id: expect.any(String), scope: "READ" },
      plan: { code: "PROFESSIONAL", label: "Professional", apiRequestsPerMinute: 300 },
    });
    expectRateLimitHeaders(answer.headers);
    // The tighter limit in the headers: the burst limit, a sixth of the minute's 300 in any 10 s.
    expect(answer.headers.get("RateLimit-Limit")).toBe("50");
  });
});

describe("customers", () => {
  test("create, read, list and patch; the answer is the DTO, money-free and without internal columns", async () => {
    const created = await post("/customers", { displayName: " Hannah Okafor ", email: "Hannah@Example.COM", phone: "+44 7700 900111", paymentTermsDays: 30, marketingConsent: true });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      id: expect.any(String), kind: "PERSON", displayName: "Hannah Okafor", email: "hannah@example.com", phone: "+44 7700 900111",
      addressLine1: null, city: null, postcode: null, paymentTermsDays: 30, marketingConsent: true, smsConsent: false, reminderConsent: false, notes: null,
      createdAt: expect.stringMatching(/Z$/), updatedAt: expect.stringMatching(/Z$/),
    });
    expectRateLimitHeaders(created.headers);
    const id = created.body.id;
    expect((await get(`/customers/${id}`)).body).toEqual(created.body);

    const changed = await patch(`/customers/${id}`, { city: "Leeds", phone: null });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ displayName: "Hannah Okafor", email: "hannah@example.com", city: "Leeds", phone: null, paymentTermsDays: 30, marketingConsent: true });

    const found = await get<Page<Row>>(`/customers?q=okaf`);
    expect(found.body.data.map((c) => c.id)).toEqual([id]);
    expect(found.body.next_cursor).toBeNull();
  });

  test("bad input is 400 with fields by input path, and changes nothing", async () => {
    const before = await rows(a);
    const missing = await post("/customers", { email: "x@example.test" });
    expect(missing.status).toBe(400);
    expect(missing.body).toEqual({ error: { code: "VALIDATION_FAILED", message: expect.any(String), fields: { displayName: expect.any(String) } } });
    expectRateLimitHeaders(missing.headers);

    const wrong = await post("/customers", { displayName: "Ok", email: "not-an-email", paymentTermsDays: "30", colour: "red" });
    expect(wrong.status).toBe(400);
    expect(Object.keys(wrong.body.error.fields).sort()).toEqual(["colour", "paymentTermsDays"]);
    // The workshop's own rule (the app's form schema) speaks once the JSON types are right.
    const email = await post("/customers", { displayName: "Ok", email: "not-an-email" });
    expect(email.body.error.fields).toEqual({ email: "Enter a valid email address." });

    const notJson = await callApi("POST", "/customers", { key: keys.aWrite, rawBody: "{displayName:", ip: freshApiIp() });
    expect(notJson.status).toBe(400);
    expect(notJson.body.error.fields).toEqual({ body: expect.any(String) });
    const notObject = await post("/customers", ["displayName"]);
    expect(notObject.status).toBe(400);

    const created = await newCustomer("Patch Target");
    const badPatch = await patch(`/customers/${created.id}`, { displayName: "", id: "x" });
    expect(badPatch.status).toBe(400);
    expect(Object.keys(badPatch.body.error.fields).sort()).toEqual(["displayName", "id"]);
    expect((await get<Row>(`/customers/${created.id}`)).body.displayName).toBe("Patch Target");
    expect(await rows(a)).toEqual({ ...before, customers: before.customers + 1 });
  });

  test("a too-large body is 400 before it is read: by its Content-Length, or as soon as the stream passes the limit", async () => {
    const { POST } = await import("@/app/api/v1/customers/route");
    const before = await rows(a);
    const headers = { authorization: `Bearer ${keys.aWrite}`, "content-type": "application/json", "x-forwarded-for": freshApiIp() };
    const declared = await POST(
      new Request("http://awms.test/api/v1/customers", { method: "POST", headers: { ...headers, "content-length": "5000000" }, body: JSON.stringify({ displayName: "Declared Huge" }) }),
      { params: Promise.resolve(undefined) },
    );
    expect(declared.status).toBe(400);
    expect(((await declared.json()) as ErrorBody).error).toMatchObject({ code: "VALIDATION_FAILED", fields: { body: expect.stringContaining("at most") } });

    // An endless body: the API stops reading it at the limit instead of waiting for the end.
    let sent = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent >= 50_000_000) return controller.close();
        sent += 64 * 1024;
        controller.enqueue(new Uint8Array(64 * 1024).fill(32));
      },
    });
    const streamed = await POST(
      new Request("http://awms.test/api/v1/customers", { method: "POST", headers: { ...headers, "x-forwarded-for": freshApiIp() }, body: endless, duplex: "half" } as RequestInit),
      { params: Promise.resolve(undefined) },
    );
    expect(streamed.status).toBe(400);
    expect(((await streamed.json()) as ErrorBody).error.code).toBe("VALIDATION_FAILED");
    expect(sent).toBeLessThan(1_000_000);
    expect(await rows(a)).toEqual(before);
  });

  test("filters by updatedSince; bad query parameters are 400", async () => {
    const first = await newCustomer("Before Cut");
    const cut = new Date(Date.now() + 5).toISOString();
    await new Promise((resolve) => setTimeout(resolve, 20));
    const second = await newCustomer("After Cut");
    const since = await get<Page<Row>>(`/customers?updatedSince=${encodeURIComponent(cut)}`);
    expect(since.body.data.map((c) => c.id)).toContain(second.id);
    expect(since.body.data.map((c) => c.id)).not.toContain(first.id);

    for (const query of ["limit=0", "limit=101", "limit=ten", "updatedSince=yesterday", "cursor=nope", "colour=red"]) {
      const answer = await get(`/customers?${query}`);
      expect(answer.status).toBe(400);
      expect(Object.keys(answer.body.error.fields)).toEqual([query.split("=")[0]]);
    }
  });
});

describe("vehicles", () => {
  test("add to a customer, read, filter by plate and VIN, patch; bad VIN and duplicate VIN refused", async () => {
    const owner = await newCustomer("Vehicle Owner");
    const carVin = vin();
    const created = await post("/vehicles", { customerId: owner.id, vin: carVin.toLowerCase(), registration: "ab12 cde", odometer: 40100, nextServiceDue: "2027-03-01" });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ customerId: owner.id, vin: carVin, registration: "AB12 CDE", make: "Volkswagen", odometer: 40100, nextServiceDue: "2027-03-01", inspectionDue: null });
    expect(created.body).not.toHaveProperty("registrationKey");

    expect((await get<Page<Row>>("/vehicles?registration=AB12CDE")).body.data.map((v) => v.id)).toEqual([created.body.id]);
    expect((await get<Page<Row>>(`/vehicles?vin=${carVin.toLowerCase()}`)).body.data.map((v) => v.id)).toEqual([created.body.id]);
    expect((await get<Page<Row>>(`/vehicles?customerId=${owner.id}`)).body.data.map((v) => v.id)).toEqual([created.body.id]);

    const changed = await patch(`/vehicles/${created.body.id}`, { model: "Golf", odometer: 41000, nextServiceDue: null });
    expect(changed.body).toMatchObject({ vin: carVin, registration: "AB12 CDE", model: "Golf", odometer: 41000, nextServiceDue: null });
    const lower = await patch(`/vehicles/${created.body.id}`, { odometer: 100 });
    expect(lower.status).toBe(400);
    expect(lower.body.error.fields).toEqual({ odometer: expect.stringContaining("41000") });

    const before = await rows(a);
    const badVin = await post("/vehicles", { customerId: owner.id, vin: "WVWZZZ1K5AB000000" });
    expect(badVin.status).toBe(400);
    expect(badVin.body.error.fields).toEqual({ vin: expect.stringContaining("not a valid VIN") });
    const neither = await post("/vehicles", { customerId: owner.id });
    expect(neither.body.error.fields).toEqual({ registration: expect.any(String) });
    const duplicate = await post("/vehicles", { customerId: owner.id, vin: carVin });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.error).toMatchObject({ code: "CONFLICT", fields: { vin: expect.any(String) } });
    expect(await rows(a)).toEqual(before);
  });
});

describe("concurrent PATCHes", () => {
  test("PATCHes of different fields of one customer or vehicle at the same moment all survive", async () => {
    const customer = await newCustomer("Many Hands");
    const customerChanges = [{ city: "Leeds" }, { postcode: "LS1 4AP" }, { addressLine1: "1 Mill Lane" }, { phone: "0113 496 0000" }, { notes: "Prefers mornings" }, { paymentTermsDays: 14 }, { marketingConsent: true }, { smsConsent: true }];
    const customerAnswers = await Promise.all(customerChanges.map((change) => patch(`/customers/${customer.id}`, change)));
    expect(customerAnswers.map((answer) => answer.status)).toEqual(customerChanges.map(() => 200));
    expect((await get<Row>(`/customers/${customer.id}`)).body).toMatchObject(Object.assign({}, ...customerChanges));

    const created = await post("/vehicles", { customerId: customer.id, registration: "MH12 AND" });
    const vehicleChanges = [{ make: "Ford" }, { model: "Transit" }, { year: 2019 }, { engine: "2.0 TDCi" }, { fuel: "DIESEL" }, { odometer: 81000 }, { nextServiceOdometer: 90000 }, { inspectionDue: "2027-05-01" }];
    const vehicleAnswers = await Promise.all(vehicleChanges.map((change) => patch(`/vehicles/${created.body.id}`, change)));
    expect(vehicleAnswers.map((answer) => answer.status)).toEqual(vehicleChanges.map(() => 200));
    const vehicle = (await get<Row>(`/vehicles/${created.body.id}`)).body;
    expect(vehicle).toMatchObject({ make: "Ford", model: "Transit", year: 2019, engine: "2.0 TDCi", fuel: "DIESEL", odometer: 81000, nextServiceOdometer: 90000 });
    expect(String(vehicle.inspectionDue)).toContain("2027-05-01");
  });
});

describe("repair orders", () => {
  test("open with the next number and totals in the workshop's currency; patch fields and status all or nothing", async () => {
    const owner = await newCustomer("Order Owner");
    const car = (await post("/vehicles", { customerId: owner.id, registration: "RO11 AAA", odometer: 5000 })).body;
    const opened = await post("/repair-orders", { customerId: owner.id, vehicleId: car.id, odometerIn: 5100, promisedAt: "2027-01-05T17:00:00+01:00", concerns: "Knocking noise" });
    expect(opened.status).toBe(201);
    expect(opened.body).toMatchObject({
      number: expect.any(Number), status: "ESTIMATE", customerId: owner.id, billToCustomerId: owner.id, vehicleId: car.id, odometerIn: 5100,
      promisedAt: "2027-01-05T16:00:00.000Z", concerns: "Knocking noise", totals: { currency: "GBP", netMinor: 0, taxMinor: 0, grossMinor: 0 }, jobs: [],
    });
    for (const internal of ["labourTechnicianIds", "onBoard", "organizationId"]) expect(opened.body).not.toHaveProperty(internal);
    const id = opened.body.id;

    const moved = await patch(`/repair-orders/${id}`, { status: "AWAITING_APPROVAL", concerns: "Knocking noise, front left" });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ status: "AWAITING_APPROVAL", concerns: "Knocking noise, front left" });

    const illegal = await patch(`/repair-orders/${id}`, { status: "READY", concerns: "Should not stick", promisedAt: null });
    expect(illegal.status).toBe(409);
    expect(illegal.body.error.code).toBe("CONFLICT");
    expect((await get<Row>(`/repair-orders/${id}`)).body).toMatchObject({ status: "AWAITING_APPROVAL", concerns: "Knocking noise, front left", promisedAt: "2027-01-05T16:00:00.000Z" });

    const listed = await get<Page<Row>>(`/repair-orders?status=AWAITING_APPROVAL&vehicleId=${car.id}`);
    expect(listed.body.data.map((order) => order.id)).toEqual([id]);
    expect((await get<Page<Row>>(`/repair-orders?status=ESTIMATE&vehicleId=${car.id}`)).body.data).toEqual([]);
    const badStatus = await get(`/repair-orders?status=DONE`);
    expect(badStatus.body.error.fields).toEqual({ status: expect.any(String) });
  });

  test("a vehicle of another customer is a field error", async () => {
    const one = await newCustomer("Owner One");
    const two = await newCustomer("Owner Two");
    const car = (await post("/vehicles", { customerId: two.id, registration: "OT22 BBB" })).body;
    const answer = await post("/repair-orders", { customerId: one.id, vehicleId: car.id });
    expect(answer.status).toBe(400);
    expect(answer.body.error.fields).toEqual({ vehicleId: expect.any(String) });
  });
});

describe("another workshop's ids", () => {
  test("are 404 on every GET and PATCH, and as foreign keys in POST bodies; nothing changes", async () => {
    const owner = await newCustomer("Private Owner");
    const car = (await post("/vehicles", { customerId: owner.id, registration: "PR1 VAT" })).body;
    const order = (await post("/repair-orders", { customerId: owner.id, vehicleId: car.id })).body;
    const beforeA = await rows(a);
    const beforeB = await rows(b);

    for (const path of [`/customers/${owner.id}`, `/vehicles/${car.id}`, `/repair-orders/${order.id}`]) {
      const read = await get(path, keys.bWrite);
      expect(read.status).toBe(404);
      expect(read.body).toEqual({ error: { code: "NOT_FOUND", message: expect.any(String), fields: {} } });
      expectRateLimitHeaders(read.headers);
      expect((await patch(path, { concerns: "hijack" }, keys.bWrite)).status).toBeGreaterThanOrEqual(400);
    }
    expect((await patch(`/customers/${owner.id}`, { displayName: "Hijacked" }, keys.bWrite)).status).toBe(404);
    expect((await patch(`/vehicles/${car.id}`, { model: "Hijacked" }, keys.bWrite)).status).toBe(404);
    expect((await patch(`/repair-orders/${order.id}`, { concerns: "Hijacked" }, keys.bWrite)).status).toBe(404);
    expect((await patch(`/repair-orders/${order.id}`, { status: "CANCELLED" }, keys.bWrite)).status).toBe(404);

    const bOwner = await newCustomer("B's Own", keys.bWrite);
    const bCar = (await post("/vehicles", { customerId: bOwner.id, registration: "BB1 OWN" }, keys.bWrite)).body;
    const afterSetupB = await rows(b);
    expect((await post("/vehicles", { customerId: owner.id, registration: "ZZ99 ZZZ" }, keys.bWrite)).status).toBe(404);
    expect((await post("/repair-orders", { customerId: owner.id, vehicleId: car.id }, keys.bWrite)).status).toBe(404);
    expect((await post("/repair-orders", { customerId: bOwner.id, vehicleId: car.id }, keys.bWrite)).status).toBe(404);
    expect((await post("/repair-orders", { customerId: bOwner.id, vehicleId: bCar.id, billToCustomerId: owner.id }, keys.bWrite)).status).toBe(404);
    expect((await get<Page<Row>>(`/vehicles?customerId=${owner.id}`, keys.bWrite)).body.data).toEqual([]);
    expect((await get<Page<Row>>(`/repair-orders?customerId=${owner.id}`, keys.bWrite)).body.data).toEqual([]);

    for (const path of ["/customers/not-a-uuid", "/vehicles/123", "/repair-orders/%27%20OR%201=1"]) {
      expect((await get(path)).status).toBe(404);
      expect((await patch(path, {})).status).toBe(404);
    }
    expect(await rows(a)).toEqual(beforeA);
    expect(await rows(b)).toEqual({ ...afterSetupB });
    expect(afterSetupB).toEqual({ ...beforeB, customers: beforeB.customers + 1, vehicles: beforeB.vehicles + 1 });
    expect((await get<Row>(`/repair-orders/${order.id}`)).body).toMatchObject({ status: "ESTIMATE", concerns: null });
  });
});

describe("scopes, plans and authentication", () => {
  test("a READ key cannot POST or PATCH (403, audited with the key), and nothing changes", async () => {
    const target = await newCustomer("Read Only Target");
    const before = await rows(a);
    const created = await post("/customers", { displayName: "Sneaky" }, keys.aRead);
    expect(created.status).toBe(403);
    expect(created.body.error.code).toBe("FORBIDDEN");
    expectRateLimitHeaders(created.headers);
    expect((await patch(`/customers/${target.id}`, { displayName: "Sneaky" }, keys.aRead)).status).toBe(403);
    expect((await post("/vehicles", { customerId: target.id, registration: "RD1 ONLY" }, keys.aRead)).status).toBe(403);
    expect(await rows(a)).toEqual(before);
    expect((await get<Row>(`/customers/${target.id}`)).body.displayName).toBe("Read Only Target");
    const denied = await withTenant(a.orgId, (tx) => tx.auditLog.findMany({ where: { action: "PERMISSION_DENIED" }, orderBy: { seq: "desc" }, take: 3 }));
    expect(denied.map((entry) => entry.metadata)).toEqual(
      expect.arrayContaining([expect.objectContaining({ scope: "READ", operation: "createCustomer", apiKeyId: expect.any(String) })]),
    );
  });

  test("a workshop whose plan has no API access gets 403 PLAN_FEATURE", async () => {
    const downgraded = await workshop("api-free", "PROFESSIONAL");
    const key = await keyFor(downgraded, "READ_WRITE");
    await db().organization.update({ where: { id: downgraded.orgId }, data: { plan: "FREE" } });
    const answer = await get("/me", key);
    expect(answer.status).toBe(403);
    expect(answer.body.error.code).toBe("PLAN_FEATURE");
    // Counted against the address like a bad key, so it cannot call at any rate.
    expect(answer.headers.get("RateLimit-Limit")).toBe("30");
    const ip = freshApiIp();
    for (let i = 0; i < 30; i += 1) expect((await callApi("GET", "/me", { key, ip })).status).toBe(403);
    const throttled = await callApi("GET", "/me", { key, ip });
    expect(throttled.status).toBe(429);
    expect(throttled.body.error.code).toBe("RATE_LIMITED");
    await db().organization.update({ where: { id: downgraded.orgId }, data: { plan: "STARTER" } });
    expect((await get("/me", key)).status).toBe(403);
    await db().organization.update({ where: { id: downgraded.orgId }, data: { plan: "PROFESSIONAL" } });
    expect((await get("/me", key)).status).toBe(200);
  });

  test("a workshop read-only for non-payment answers reads and refuses changes with 402 READ_ONLY", async () => {
    const overdue = await workshop("api-overdue", "PROFESSIONAL");
    const key = await keyFor(overdue, "READ_WRITE");
    const customer = await newCustomer("Before Overdue", key);
    await db().organization.update({ where: { id: overdue.orgId }, data: { subscriptionStatus: "PAST_DUE", pastDueSince: new Date(Date.now() - 60 * 86_400_000) } });
    expect((await get(`/customers/${customer.id}`, key)).status).toBe(200);
    const refused = await post("/customers", { displayName: "After Overdue" }, key);
    expect(refused.status).toBe(402);
    expect(refused.body.error.code).toBe("READ_ONLY");
    expect((await patch(`/customers/${customer.id}`, { city: "Hull" }, key)).status).toBe(402);
    expect(await rows(overdue)).toMatchObject({ customers: 1 });
  });

  test("a missing, malformed or unknown key is 401 in the one error shape, with RateLimit headers", async () => {
    const wellFormedUnknown = `${keys.aRead.slice(0, 28)}${"A".repeat(43)}`;
    for (const options of [{}, { authorization: "Basic dXNlcjpwYXNz" }, { key: "awms_short" }, { key: wellFormedUnknown }, { key: keys.aRead.slice(0, -1) + (keys.aRead.endsWith("A") ? "B" : "A") }]) {
      const answer = await callApi("GET", "/customers", { ...options, ip: freshApiIp() });
      expect(answer.status).toBe(401);
      expect(answer.body).toEqual({ error: { code: "UNAUTHENTICATED", message: expect.any(String), fields: {} } });
      expectRateLimitHeaders(answer.headers);
    }
  });

  test("an address that sends too many bad keys is refused its further bad keys, but a good key from it still works", async () => {
    const ip = freshApiIp();
    for (let i = 0; i < 30; i += 1) expect((await callApi("GET", "/me", { key: `awms_guess_${i}`, ip })).status).toBe(401);
    const blocked = await callApi("GET", "/me", { key: "awms_guess_more", ip });
    expect(blocked.status).toBe(429);
    expect(blocked.body.error.code).toBe("RATE_LIMITED");
    expect(Number(blocked.headers.get("Retry-After"))).toBeGreaterThan(0);
    expect(blocked.headers.get("RateLimit-Remaining")).toBe("0");
    // Without a trusted proxy every client shares one address: a flood of bad keys must not lock out good ones.
    expect((await callApi("GET", "/me", { key: keys.aRead, ip })).status).toBe(200);
    expect((await callApi("GET", "/me", { key: "awms_guess_again", ip })).status).toBe(429);
  });

  test("the workshop's burst limit: call 51 within 10 s on Professional is 429 with Retry-After ≤ 10, audited once with the key", async () => {
    const busy = await workshop("api-busy", "PROFESSIONAL");
    const key = await keyFor(busy, "READ");
    const burst = Math.ceil(300 / 6);
    let last = await get("/me", key);
    // The headers tell the tighter limit: a sixth of the minute's 300 in any 10 seconds.
    expect(last.headers.get("RateLimit-Limit")).toBe(String(burst));
    expect(last.headers.get("RateLimit-Remaining")).toBe(String(burst - 1));
    for (let i = 1; i < burst; i += 1) last = await get("/me", key);
    expect(last.status).toBe(200);
    expect(last.headers.get("RateLimit-Remaining")).toBe("0");
    const refused = await get("/me", key);
    expect(refused.status).toBe(429);
    expect(refused.body).toEqual({ error: { code: "RATE_LIMITED", message: expect.stringContaining("Try again"), fields: {} } });
    expect(refused.headers.get("RateLimit-Limit")).toBe(String(burst));
    expect(refused.headers.get("RateLimit-Remaining")).toBe("0");
    const retryAfter = Number(refused.headers.get("Retry-After"));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(10);
    expect(refused.headers.get("RateLimit-Reset")).toBe(refused.headers.get("Retry-After"));
    expect((await get("/me", key)).status).toBe(429);
    const audited = await withTenant(busy.orgId, (tx) => tx.auditLog.findMany({ where: { action: "RATE_LIMIT_EXCEEDED" } }));
    expect(audited).toHaveLength(1);
    expect(audited[0]!.metadata).toMatchObject({ limit: "api-burst", allowed: burst, apiKeyId: expect.any(String) });
    // Another workshop is not slowed down by this one.
    expect((await get("/me")).status).toBe(200);
  });

  test("an unexpected failure is 500 INTERNAL without internals, still with RateLimit headers", async () => {
    const customer = await newCustomer("Boom");
    const spy = jest.spyOn(getCustomerModule, "getCustomer").mockRejectedValueOnce(new Error("relation \"secret_table\" does not exist"));
    try {
      const answer = await get(`/customers/${customer.id}`);
      expect(answer.status).toBe(500);
      expect(answer.body).toEqual({ error: { code: "INTERNAL", message: expect.stringContaining("request id"), fields: {} } });
      expect(JSON.stringify(answer.body)).not.toContain("secret_table");
      expectRateLimitHeaders(answer.headers);
    } finally {
      spy.mockRestore();
    }
  });
});

describe("audit", () => {
  test("changes made through the API carry the key in their audit entries", async () => {
    const customer = await newCustomer("Audited Customer");
    await patch(`/customers/${customer.id}`, { city: "York" });
    const entries = await withTenant(a.orgId, (tx) => tx.auditLog.findMany({ where: { targetId: customer.id }, orderBy: { seq: "asc" } }));
    expect(entries.map((entry) => entry.action)).toEqual(["customer.create", "customer.update"]);
    const writeKeyId = (await get<{ apiKey: { id: string } }>("/me", keys.aWrite)).body.apiKey.id;
    for (const entry of entries) {
      expect(entry.metadata).toMatchObject({ apiKeyId: writeKeyId });
      expect(entry.actorUserId).toBe(a.userId);
      expect(entry.userAgent).toBe("jest-api");
    }
  });
});

describe("pagination", () => {
  test("paging while rows are added: every row that was there appears exactly once, in order", async () => {
    const shop = await workshop("api-pages", "PROFESSIONAL");
    const key = await keyFor(shop, "READ_WRITE");
    const existing: string[] = [];
    for (let i = 0; i < 11; i += 1) existing.push((await newCustomer(`Paged ${i}`, key)).id);

    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const query: string = cursor ? `?limit=4&cursor=${cursor}` : "?limit=4";
      const page: { status: number; body: Page<Row> } = await get<Page<Row>>(`/customers${query}`, key);
      expect(page.status).toBe(200);
      expect(page.body.data.length).toBeLessThanOrEqual(4);
      seen.push(...page.body.data.map((c) => c.id));
      cursor = page.body.next_cursor;
      pages += 1;
      // Others keep adding customers between our pages.
      if (pages <= 3) await newCustomer(`Added during paging ${pages}`, key);
    } while (cursor && pages < 20);

    const seenExisting = seen.filter((id) => existing.includes(id));
    expect(seenExisting).toEqual(existing);
    expect(new Set(seen).size).toBe(seen.length);
    expect(cursor).toBeNull();
    // Sorted by id, the order they were created in.
    expect([...seen].sort()).toEqual(seen);
  });

  test("limit defaults to 25 and the last page has next_cursor null", async () => {
    const shop = await workshop("api-limit", "PROFESSIONAL");
    const key = await keyFor(shop, "READ_WRITE");
    for (let i = 0; i < 26; i += 1) await newCustomer(`Limit ${i}`, key);
    const first = await get<Page<Row>>("/customers", key);
    expect(first.body.data).toHaveLength(25);
    expect(first.body.next_cursor).toEqual(expect.any(String));
    const second = await get<Page<Row>>(`/customers?cursor=${first.body.next_cursor}`, key);
    expect(second.body.data).toHaveLength(1);
    expect(second.body.next_cursor).toBeNull();
  });
});
