// Every REST API v1 operation against `next start`, with hostile path ids, query strings and bodies
// (fields of the right names holding wrong types, huge and broken text, prototype keys, deep nests,
// bodies that are not JSON or too large). The operations come from API_OPERATIONS, which another
// test holds equal to the route files, so a new endpoint is fuzzed without being listed here.
// Properties: never a 5xx; every refusal is JSON of the documented error shape with a code (400 is
// VALIDATION_FAILED); a refused request changes no row anywhere.
import fc from "fast-check";
import { createApiKey } from "@/lib/api-keys/create-api-key";
import { ZApiError } from "@/lib/api/api-error";
import type { ApiOperation } from "@/lib/api/operation";
import { API_OPERATIONS } from "@/lib/api/registry";
import { db, withTenant } from "@/lib/db";
import { contextFor, signUp } from "../support/accounts";
import { startAppServer, type AppServer } from "../support/app-server";
import { changedTables, databaseSnapshot, settledSnapshot, type DatabaseSnapshot } from "../support/database-snapshot";
import { deeplyNested, deeplyNestedJson, fieldNamesOf, fuzzRuns, hostileJson, hostileRecord, hostileText, hugeText, pathSegment, withHostileFields } from "../support/hostile-input";

/** Statuses an operation may answer hostile input with; anything else (a 5xx above all) fails. */
const EXPECTED = new Set([200, 201, 202, 400, 404, 409, 410]);

let app: AppServer;
let key = "";
/** Real ids of the workshop, by the field names that carry them. */
const known: Record<string, string> = {};
/** The record each path's {id} names. */
const pathIds: Record<string, string> = {};
let snapshot: DatabaseSnapshot;

async function api(method: string, path: string, body?: unknown) {
  const response = await fetch(`${app.url}/api/v1${path}`, {
    method, headers: { Authorization: `Bearer ${key}`, "Content-Type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = (await response.json()) as { id: string };
  if (response.status >= 300) throw new Error(`${method} ${path}: ${response.status} ${JSON.stringify(json)}`);
  return json;
}

beforeAll(async () => {
  // Rate limits off: thousands of requests a minute are the point here, and a 429 would hide the validation behind it.
  app = await startAppServer({ RATE_LIMITS: "off" });
  const owner = await signUp("fuzz-api");
  await db().organization.update({ where: { slug: owner.orgSlug }, data: { plan: "PROFESSIONAL" } });
  const ctx = await contextFor(owner.userId, owner.orgSlug);
  ({ key } = await createApiKey(ctx, { name: "Fuzzer", scope: "ADMIN" }));
  const location = await withTenant(ctx.orgId, (tx) => tx.location.findFirstOrThrow());
  known.customerId = known.billToCustomerId = (await api("POST", "/customers", { displayName: "Fuzz Customer" })).id;
  known.vehicleId = (await api("POST", "/vehicles", { customerId: known.customerId, registration: "FZ26 ZZZ" })).id;
  known.repairOrderId = (await api("POST", "/repair-orders", { customerId: known.customerId, vehicleId: known.vehicleId })).id;
  known.locationId = location.id;
  known.technicianUserId = owner.userId;
  const startsAt = new Date(Date.now() + 7 * 86_400_000);
  known.appointmentId = (await api("POST", "/appointments", {
    locationId: location.id, customerId: known.customerId, startsAt: startsAt.toISOString(), endsAt: new Date(startsAt.getTime() + 3_600_000).toISOString(),
  })).id;
  known.exportId = (await api("POST", "/privacy/exports", { scope: "CUSTOMER", customerId: known.customerId })).id;
  // The export is built by a background job: wait for it, or its progress would read as a change made by a refusal.
  for (let polls = 0; (await api("GET", `/privacy/exports/${known.exportId}`) as unknown as { status: string }).status !== "READY"; polls += 1) {
    if (polls > 120) throw new Error("the export job did not finish");
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  Object.assign(pathIds, {
    "/customers": known.customerId, "/vehicles": known.vehicleId, "/repair-orders": known.repairOrderId,
    "/appointments": known.appointmentId, "/privacy/exports": known.exportId,
  });
  snapshot = await databaseSnapshot(app.database.superuser);
}, 180_000);

afterAll(async () => {
  await app?.stop();
});

interface HostileRequest {
  id: string;
  query: Record<string, string>;
  /** the body as sent: usually JSON, sometimes not */
  body: string | undefined;
}

/** A body each writing operation accepts, so that one hostile field in it reaches the database. */
const VALID_BODIES: Record<string, () => Record<string, unknown>> = {
  createCustomer: () => ({ displayName: "Ada Lovelace", email: "ada@example.test", addressLine1: "1 High St", city: "Leeds", postcode: "LS1 1AA", notes: "Mornings" }),
  updateCustomer: () => ({ displayName: "Ada King", notes: "Afternoons", city: "York" }),
  createVehicle: () => ({ customerId: known.customerId, registration: "CD34 EFG", make: "Ford", model: "Focus", engine: "1.0", year: 2019 }),
  updateVehicle: () => ({ make: "Vauxhall", model: "Corsa", engine: "1.2" }),
  createRepairOrder: () => ({ customerId: known.customerId, vehicleId: known.vehicleId, concerns: "Brakes squeal", odometerIn: 1_000 }),
  updateRepairOrder: () => ({ concerns: "Brakes squeal on the left" }),
  createAppointment: () => ({ locationId: known.locationId, customerId: known.customerId, startsAt: "2030-01-07T09:00", endsAt: "2030-01-07T10:00", concerns: "Service" }),
  updateAppointment: () => ({ concerns: "Service and MOT" }),
  createPrivacyExport: () => ({ scope: "CUSTOMER", customerId: known.customerId }),
};

function requests(operation: ApiOperation): fc.Arbitrary<HostileRequest> {
  const realId = Object.entries(pathIds).find(([prefix]) => operation.path.startsWith(`${prefix}/{id}`))?.[1];
  // Path and query stay under the HTTP server's header limit; the body goes past the API's 100 kB cap now and then.
  const id = realId ? fc.oneof({ weight: 3, arbitrary: fc.constant(realId) }, { weight: 2, arbitrary: hostileText({ maxHuge: 500 }) }) : fc.constant("");
  const queryFields = fieldNamesOf(operation.query);
  const query = hostileRecord(queryFields, hostileText({ maxHuge: 500 }), known).map((record) =>
    Object.fromEntries(Object.entries(record).map(([name, value]) => [name, String(value)])),
  );
  const body: fc.Arbitrary<string | undefined> = operation.body
    ? fc.oneof(
      { weight: 5, arbitrary: hostileRecord(fieldNamesOf(operation.body), undefined, known).map((record) => JSON.stringify(record)) },
      { weight: 5, arbitrary: withHostileFields(VALID_BODIES[operation.operationId]?.() ?? {}).map((record) => JSON.stringify(record)) },
      { weight: 1, arbitrary: hostileJson.map((value) => JSON.stringify(value)) },
      { weight: 1, arbitrary: hostileText({ maxHuge: 150_000 }) },
      { weight: 1, arbitrary: fc.constantFrom(deeplyNestedJson(10_000), JSON.stringify(deeplyNested(500)), JSON.stringify({ notes: hugeText(200_000) }), "", "null", "[]", "{", `{"a":1}garbage`) },
    )
    : fc.constant(undefined);
  return fc.record({ id, query, body });
}

async function send(operation: ApiOperation, request: HostileRequest) {
  const path = operation.path.replace("{id}", pathSegment(request.id));
  const search = new URLSearchParams(request.query).toString();
  const response = await fetch(`${app.url}/api/v1${path}${search ? `?${search}` : ""}`, {
    method: operation.method,
    headers: { Authorization: `Bearer ${key}`, "Content-Type": "application/json" },
    body: request.body,
  });
  const text = await response.text();
  return { status: response.status, contentType: response.headers.get("content-type") ?? "", text };
}

describe.each(API_OPERATIONS.map((operation) => [`${operation.method} ${operation.path}`, operation] as const))("%s", (_name, operation) => {
  test("hostile ids, query strings and bodies: never a 5xx, refusals as documented, and a refusal changes nothing", async () => {
    await fc.assert(
      fc.asyncProperty(requests(operation), async (request) => {
        const answer = await send(operation, request);
        expect(EXPECTED).toContain(answer.status);
        if (answer.status < 400) {
          // Accepted: the data may have changed; the next refusal is compared with what it is now.
          snapshot = await settledSnapshot(app.database.superuser);
          return;
        }
        expect(answer.contentType).toContain("application/json");
        const error = ZApiError.parse(JSON.parse(answer.text));
        if (answer.status === 400) {
          expect(error.error.code).toBe("VALIDATION_FAILED");
          // Named fields when a schema refused it; a value only the database refused (a NUL) is named in the message.
          expect(Object.keys(error.error.fields).length > 0 || error.error.message.trim() !== "").toBe(true);
        }
        expect(changedTables(snapshot, await databaseSnapshot(app.database.superuser))).toEqual([]);
      }),
      { numRuns: fuzzRuns(12) },
    );
  });
});

test("every operation with a body has a valid one here to carry hostile fields into the database", () => {
  expect(API_OPERATIONS.filter((operation) => operation.body && !VALID_BODIES[operation.operationId]).map((operation) => operation.operationId)).toEqual([]);
});
