// Which database errors the API answers with 503 (try again) rather than 500 (our bug) or 4xx.
// The shapes are those Prisma 6.19 with adapter-pg threw against a stopped Postgres
// (__tests__/e2e/postgres-restart.test.ts exercises the real ones).
import { isDatabaseUnavailable } from "@/lib/db/database-unavailable";

const adapterError = (cause: Record<string, unknown>) => ({ name: "DriverAdapterError", cause });

test("a model call or raw query that cannot reach the server is unavailable", () => {
  const unreachable = adapterError({ kind: "DatabaseNotReachable", host: "127.0.0.1", port: 5432 });
  expect(isDatabaseUnavailable({ name: "PrismaClientKnownRequestError", code: "P1001", meta: { driverAdapterError: unreachable } })).toBe(true);
  expect(isDatabaseUnavailable({ name: "PrismaClientKnownRequestError", code: "P2010", meta: { driverAdapterError: unreachable } })).toBe(true);
});

test("a server shutting down, still starting, or a dropped connection is unavailable", () => {
  expect(isDatabaseUnavailable(adapterError({ kind: "postgres", code: "57P01", message: "terminating connection due to administrator command" }))).toBe(true);
  expect(isDatabaseUnavailable(adapterError({ kind: "postgres", code: "57P03", message: "the database system is starting up" }))).toBe(true);
  expect(isDatabaseUnavailable(new Error("wrapped", { cause: new Error("Connection terminated unexpectedly") }))).toBe(true);
  expect(isDatabaseUnavailable({ code: "P2024", message: "Timed out fetching a new connection from the connection pool" })).toBe(true);
});

test("what the database refused, and errors that are not the database's, are not", () => {
  expect(isDatabaseUnavailable(adapterError({ kind: "postgres", code: "23505", message: 'duplicate key value violates unique constraint "Customer_pkey"' }))).toBe(false);
  expect(isDatabaseUnavailable({ code: "P2025", message: "Record to update not found." })).toBe(false);
  expect(isDatabaseUnavailable(new TypeError("Cannot read properties of undefined"))).toBe(false);
  expect(isDatabaseUnavailable(null)).toBe(false);
});
