import { createTestDatabase, type TestDatabase } from "../support/test-database";

let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
});

afterAll(() => database.drop());

/** Loads the route as Next would, fresh, against the given DATABASE_URL. */
async function healthResponse(databaseUrl: string) {
  const cache = globalThis as unknown as { awmsDb?: { $disconnect(): Promise<void> } };
  await cache.awmsDb?.$disconnect();
  delete cache.awmsDb;
  process.env.DATABASE_URL = databaseUrl;
  type Route = typeof import("@/app/api/health/route");
  let route: Route | undefined;
  jest.isolateModules(() => {
    route = jest.requireActual<Route>("@/app/api/health/route");
  });
  const response = await route!.GET();
  return { status: response.status, body: await response.json() };
}

test("GET /api/health answers 200 with the database up", async () => {
  const { status, body } = await healthResponse(database.appUrl);
  expect(status).toBe(200);
  expect(body).toMatchObject({ status: "ok", database: { status: "up" } });
});

test("GET /api/health answers 503 when the database is down", async () => {
  const { status, body } = await healthResponse("postgresql://awms_app@127.0.0.1:1/awms");
  expect(status).toBe(503);
  expect(body).toEqual({ status: "unavailable", database: { status: "down" } });
});
