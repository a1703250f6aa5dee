// Hostile text in one field of an otherwise valid request reaches the database: it is stored, or
// refused with a 400 that changes nothing, never a 500. In-process (the route handlers as Next
// calls them) so it runs without a build; __tests__/e2e/fuzz-api.test.ts asks the same over HTTP.
// Found by it: a NUL character in any text (Postgres text and jsonb cannot hold one) and a lone
// UTF-16 surrogate ("\ud800" in JSON, which Prisma's query compiler refuses) were 500s.
import fc from "fast-check";
import { createApiKey } from "@/lib/api-keys/create-api-key";
import { db, withTenant } from "@/lib/db";
import { reloadServerEnv } from "@/lib/env";
import { contextFor, signUp } from "../support/accounts";
import { callApi, type ErrorBody } from "../support/api";
import { changedTables, databaseSnapshot } from "../support/database-snapshot";
import { fuzzRuns, HOSTILE_TEXTS, hostileText, withHostileFields } from "../support/hostile-input";
import { createTestDatabase, type TestDatabase } from "../support/test-database";

let database: TestDatabase;
let key = "";
const ids = { customer: "", vehicle: "", repairOrder: "", location: "" };

beforeAll(async () => {
  process.env.RATE_LIMITS = "off";
  reloadServerEnv();
  database = await createTestDatabase();
  const owner = await signUp("fuzz-text");
  await db().organization.update({ where: { slug: owner.orgSlug }, data: { plan: "PROFESSIONAL" } });
  const ctx = await contextFor(owner.userId, owner.orgSlug);
  ({ key } = await createApiKey(ctx, { name: "Fuzzer", scope: "READ_WRITE" }));
  ids.customer = (await callApi<{ id: string }>("POST", "/customers", { key, body: { displayName: "Ada" } })).body.id;
  ids.vehicle = (await callApi<{ id: string }>("POST", "/vehicles", { key, body: { customerId: ids.customer, registration: "AB12 CDE" } })).body.id;
  ids.repairOrder = (await callApi<{ id: string }>("POST", "/repair-orders", { key, body: { customerId: ids.customer, vehicleId: ids.vehicle } })).body.id;
  ids.location = (await withTenant(ctx.orgId, (tx) => tx.location.findFirstOrThrow())).id;
});

afterAll(async () => {
  delete process.env.RATE_LIMITS;
  reloadServerEnv();
  await database?.drop();
});

const text = fc.oneof(hostileText({ maxHuge: 5_000 }), fc.constantFrom(...HOSTILE_TEXTS));

const REQUESTS: Array<[string, "POST" | "PATCH", () => string, () => Record<string, unknown>]> = [
  ["a new customer", "POST", () => "/customers", () => ({ displayName: "Ada Lovelace", addressLine1: "1 High St", city: "Leeds", postcode: "LS1 1AA", notes: "Mornings" })],
  ["a customer's edit", "PATCH", () => `/customers/${ids.customer}`, () => ({ displayName: "Ada King", notes: "Afternoons", city: "York" })],
  ["a new vehicle", "POST", () => "/vehicles", () => ({ customerId: ids.customer, registration: "CD34 EFG", make: "Ford", model: "Focus", engine: "1.0" })],
  ["a new repair order", "POST", () => "/repair-orders", () => ({ customerId: ids.customer, vehicleId: ids.vehicle, concerns: "Brakes squeal" })],
  ["a repair order's edit", "PATCH", () => `/repair-orders/${ids.repairOrder}`, () => ({ concerns: "Brakes squeal on the left" })],
];

describe.each(REQUESTS)("%s", (_name, method, path, valid) => {
  test("hostile text in a valid body is stored or refused with a 400 that changes nothing", async () => {
    await fc.assert(
      fc.asyncProperty(withHostileFields(valid(), text), async (body) => {
        const before = await databaseSnapshot(database.superuser);
        const answer = await callApi<ErrorBody>(method, path(), { key, body });
        expect(answer.status).toBeLessThan(500);
        if (answer.status >= 400) {
          // A real id now and then names a record of another kind: a 404 is as good a refusal.
          expect(["VALIDATION_FAILED", "NOT_FOUND"]).toContain(answer.body.error.code);
          expect(changedTables(before, await databaseSnapshot(database.superuser))).toEqual([]);
        }
      }),
      { numRuns: fuzzRuns(25), examples: [[{ ...valid(), [Object.keys(valid()).at(-1)!]: "before\u0000after" }], [{ ...valid(), [Object.keys(valid()).at(-1)!]: "a\ud800" }]] },
    );
  });
});
