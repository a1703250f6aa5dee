// Decides which Postgres AWMS runs on and gets it ready: the one named by
// DATABASE_URL, or an embedded one started here. Failures are one line that
// names the variable to fix; the launcher prints them without a stack trace.
import pg from "pg";
import { parseServerEnv } from "@/lib/env";
import { startEmbeddedPostgres } from "./embedded";
import { applyMigrations } from "./migrate";
import { withMigrationLock } from "./migration-lock";
import { provisionDatabase, migrateDatabase } from "./provision";

export interface PreparedDatabase {
  appUrl: string;
  embedded: boolean;
  stop(): Promise<void>;
}

export class LaunchError extends Error {}

function describe(url: string) {
  const parsed = new URL(url);
  return `${parsed.hostname}:${parsed.port || 5432}${parsed.pathname}`;
}

function connectionProblem(error: unknown): string {
  const { code, message } = error as { code?: string; message?: string };
  const known: Record<string, string> = {
    ECONNREFUSED: "connection refused",
    ENOTFOUND: "host not found",
    ETIMEDOUT: "timed out",
    "28P01": "password authentication failed",
    "28000": "role not allowed to connect",
    "3D000": "database does not exist",
  };
  return (code && known[code]) ?? (message ?? String(error)).split("\n")[0]!;
}

async function inspectRole(variable: string, url: string) {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  try {
    await client.connect();
  } catch (error) {
    throw new LaunchError(`${variable}: cannot connect to ${describe(url)} (${connectionProblem(error)})`);
  }
  try {
    const { rows } = await client.query<{ role: string; rolsuper: boolean; rolbypassrls: boolean; owned: string }>(
      `SELECT current_user AS role, r.rolsuper, r.rolbypassrls,
              (SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE n.nspname = 'public' AND c.relowner = r.oid) AS owned
         FROM pg_roles r WHERE r.rolname = current_user`,
    );
    return rows[0]!;
  } finally {
    await client.end();
  }
}

/** Refuses to serve through a role that row-level security would not bind. */
export async function assertAppRoleIsSafe(appUrl: string) {
  const role = await inspectRole("DATABASE_URL", appUrl);
  if (role.rolsuper || role.rolbypassrls || Number(role.owned) > 0) {
    const why = role.rolsuper ? "is a superuser" : role.rolbypassrls ? "has BYPASSRLS" : "owns tables";
    throw new LaunchError(
      `DATABASE_URL: role ${role.role} ${why}, so row-level security would not apply; use the awms_app role (docs/OPERATIONS.md)`,
    );
  }
}

export async function prepareDatabase(options: { log?: (line: string) => void } = {}): Promise<PreparedDatabase> {
  const log = options.log ?? (() => {});
  let env;
  try {
    env = parseServerEnv(process.env);
  } catch (error) {
    throw new LaunchError((error as Error).message);
  }

  if (env.DATABASE_URL) {
    if (env.MIGRATION_DATABASE_URL) {
      await inspectRole("MIGRATION_DATABASE_URL", env.MIGRATION_DATABASE_URL);
      const ownerUrl = env.MIGRATION_DATABASE_URL;
      log(`Migrations: taking the migration lock on ${describe(ownerUrl)}`);
      await withMigrationLock(ownerUrl, log, () => applyMigrations(ownerUrl));
    }
    await assertAppRoleIsSafe(env.DATABASE_URL);
    return { appUrl: env.DATABASE_URL, embedded: false, stop: async () => {} };
  }

  log(`DATABASE_URL is not set: starting embedded PostgreSQL in ${env.AWMS_DATA_DIR}/postgres (port ${env.AWMS_EMBEDDED_PG_PORT})`);
  let server;
  try {
    server = await startEmbeddedPostgres(env.AWMS_DATA_DIR, env.AWMS_EMBEDDED_PG_PORT);
  } catch (error) {
    throw new LaunchError(
      `Embedded PostgreSQL did not start (${connectionProblem(error)}); is port ${env.AWMS_EMBEDDED_PG_PORT} free? Set AWMS_EMBEDDED_PG_PORT or DATABASE_URL`,
    );
  }
  try {
    const database = await provisionDatabase(server.adminUrl, "awms", server.passwords);
    await migrateDatabase(server.adminUrl, database.ownerUrl);
    await assertAppRoleIsSafe(database.appUrl);
    return { appUrl: database.appUrl, embedded: true, stop: () => server.stop() };
  } catch (error) {
    await server.stop();
    throw error;
  }
}
