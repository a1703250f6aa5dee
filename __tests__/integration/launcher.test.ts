// The README's first command: `npm run dev` prepares a database, then starts
// Next. These run its preparation (`--prepare-only`) the way a user would.
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { withTenant } from "@/lib/db";
import { withMigrationLock } from "@/scripts/db/migration-lock";
import { withCredentials } from "@/scripts/db/provision";
import { freePort } from "@/scripts/free-port";
import { createTestDatabase, type TestDatabase } from "../support/test-database";

let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
});

afterAll(() => database.drop());

function launch(env: Record<string, string | undefined>, mode: "dev" | "start" = "dev") {
  const clean = { ...process.env, DATABASE_URL: undefined, MIGRATION_DATABASE_URL: undefined, ...env };
  return spawnSync(process.execPath, ["node_modules/tsx/dist/cli.mjs", "scripts/launch.ts", mode, "--prepare-only"], {
    env: clean as NodeJS.ProcessEnv,
    encoding: "utf8",
    timeout: 120_000,
  });
}

test("an unreachable DATABASE_URL stops the launch with one line naming the variable", () => {
  const result = launch({ DATABASE_URL: "postgresql://awms_app:pw@127.0.0.1:1/awms" });
  expect(result.status).toBe(1);
  expect(result.stderr.trim().split("\n")).toEqual([
    "DATABASE_URL: cannot connect to 127.0.0.1:1/awms (connection refused)",
  ]);
});

test("a malformed DATABASE_URL is named, not dumped as a stack trace", () => {
  const result = launch({ DATABASE_URL: "mysql://root@localhost/awms" });
  expect(result.status).toBe(1);
  expect(result.stderr.trim()).toBe("DATABASE_URL must be a postgresql:// URL");
});

test("a DATABASE_URL whose role would bypass row-level security is refused", () => {
  const admin = new URL(database.adminUrl);
  const superuserUrl = withCredentials(database.adminUrl, decodeURIComponent(admin.username), decodeURIComponent(admin.password) || null, database.name);
  const result = launch({ DATABASE_URL: superuserUrl });
  expect(result.status).toBe(1);
  expect(result.stderr).toMatch(/^DATABASE_URL: role \w+ is a superuser, so row-level security would not apply/);
});

test("with DATABASE_URL it migrates, seeds Demo Motors once and prints the logins", async () => {
  const env = { DATABASE_URL: database.appUrl, MIGRATION_DATABASE_URL: database.ownerUrl };
  const first = launch(env);
  expect(first.stderr).toBe("");
  expect(first.status).toBe(0);
  expect(first.stdout).toContain("Seeded the demo workshop Demo Motors");
  expect(first.stdout).toMatch(/AWMS is starting at http:\/\/localhost:\d+/);
  expect(first.stdout).toContain("owner@demo-motors.test");
  expect(first.stdout).toContain("tech@demo-motors.test");

  const second = launch(env);
  expect(second.status).toBe(0);
  expect(second.stdout).toContain("Demo Motors is already seeded");

  const demo = await database.app.organization.findUniqueOrThrow({ where: { slug: "demo-motors" } });
  const counts = await withTenant(
    demo.id,
    async (tx) => ({
      roles: (await tx.membership.findMany({ select: { role: true } })).map((m) => m.role).sort(),
      locations: await tx.location.count(),
      customers: await tx.customer.count(),
      vehicles: await tx.vehicle.count(),
    }),
    { client: database.app },
  );
  expect(counts).toEqual({
    roles: ["ADMIN", "OWNER", "SERVICE_ADVISOR", "SERVICE_ADVISOR", "TECHNICIAN", "TECHNICIAN", "VIEWER"],
    locations: 1,
    customers: 5,
    vehicles: 6,
  });
});

test("npm start with DATABASE_URL migrates under the migration lock and never seeds the demo workshop into that database", async () => {
  const production = await createTestDatabase();
  try {
    const result = launch({ DATABASE_URL: production.appUrl, MIGRATION_DATABASE_URL: production.ownerUrl }, "start");
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    expect(result.stdout).toContain("Migrations: nothing to apply, the database is current");
    expect(result.stdout).not.toContain("Demo Motors");
    expect(result.stdout).not.toContain("demo-motors.test");
    expect(await production.app.organization.count({ where: { slug: "demo-motors" } })).toBe(0);
  } finally {
    await production.drop();
  }
});

test.each(["dev", "start"] as const)("without DATABASE_URL npm run %s starts embedded PostgreSQL and seeds it", async (mode) => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "awms-launch-"));
  try {
    const port = String(await freePort());
    const result = launch({ AWMS_DATA_DIR: dataDir, AWMS_EMBEDDED_PG_PORT: port }, mode);
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    expect(result.stdout).toContain(`starting embedded PostgreSQL in ${dataDir}/postgres (port ${port})`);
    expect(result.stdout).toContain("Seeded the demo workshop Demo Motors");
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});

function launchInBackground(env: Record<string, string | undefined>): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ["node_modules/tsx/dist/cli.mjs", "scripts/launch.ts", "start", "--prepare-only"], {
    env: { ...process.env, DATABASE_URL: undefined, MIGRATION_DATABASE_URL: undefined, ...env } as NodeJS.ProcessEnv,
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.on("close", (status) => resolve({ status, stdout, stderr })));
}

const heldMigrationLocks = async (db: TestDatabase) =>
  (await db.superuser.query<{ held: number }>("SELECT count(*)::int AS held FROM pg_locks WHERE locktype = 'advisory' AND database = (SELECT oid FROM pg_database WHERE datname = current_database())")).rows[0]!.held;

test("a migration that fails releases the migration lock: the next instance takes it at once", async () => {
  const lines: string[] = [];
  await expect(withMigrationLock(database.ownerUrl, (line) => lines.push(line), async () => {
    expect(await heldMigrationLocks(database)).toBe(1);
    throw new Error("Migrations failed: ERROR: column already exists");
  })).rejects.toThrow("column already exists");
  expect(await heldMigrationLocks(database)).toBe(0);
  await withMigrationLock(database.ownerUrl, (line) => lines.push(line), async () => {});
  expect(lines.join("\n")).not.toContain("waiting");
  expect(lines).toContain("Migrations: nothing to apply, the database is current");
});

test("two instances started on a database whose last migration failed both refuse to serve it half-migrated", async () => {
  const production = await createTestDatabase();
  try {
    await production.owner.query(
      `UPDATE _prisma_migrations SET finished_at = NULL, logs = 'ERROR: the release was interrupted'
        WHERE migration_name = (SELECT max(migration_name) FROM _prisma_migrations)`,
    );
    const env = { DATABASE_URL: production.appUrl, MIGRATION_DATABASE_URL: production.ownerUrl };
    const results = await Promise.all([launchInBackground(env), launchInBackground(env)]);
    for (const result of results) {
      expect(result.status).toBe(1);
      expect(result.stderr).toMatch(/^AWMS did not start: Migrations failed: Error: P3009/);
      expect(result.stdout).not.toContain("AWMS is starting");
    }
    expect(await heldMigrationLocks(production)).toBe(0);
  } finally {
    await production.drop();
  }
});
