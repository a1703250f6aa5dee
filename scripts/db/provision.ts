// Creates the two roles and a database on a server where we hold a superuser
// (embedded Postgres, or the system Postgres in tests). Idempotent.
import pg from "pg";
import { applyJobSchema, applyPrismaMigrations } from "./migrate";

export const OWNER_ROLE = "awms_owner";
export const APP_ROLE = "awms_app";
/** no login; reads only the searchable columns, by an explicit workshop filter, inside two SQL functions */
export const SEARCH_ROLE = "awms_search";

export interface ProvisionedDatabase {
  /** the app role: no superuser, no BYPASSRLS, owns nothing */
  appUrl: string;
  /** the table owner: migrations only */
  ownerUrl: string;
}

export function withCredentials(url: string, user: string, password: string | null, database: string): string {
  const parsed = new URL(url);
  parsed.username = user;
  parsed.password = password ?? "";
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

const IDENT = /^[a-z_][a-z0-9_]{0,62}$/;

async function ensureRole(admin: pg.Client, role: string, attributes: string, password: string | null) {
  const literal = password === null ? "NULL" : admin.escapeLiteral(password);
  try {
    await admin.query(`CREATE ROLE ${role} ${attributes} PASSWORD ${literal}`);
  } catch (error) {
    // 42710: created meanwhile (or earlier); make sure it has the attributes we rely on.
    if ((error as { code?: string }).code !== "42710") throw error;
    await admin.query(`ALTER ROLE ${role} ${attributes} PASSWORD ${literal}`);
  }
}

export async function provisionDatabase(
  adminUrl: string,
  database: string,
  passwords: { owner: string | null; app: string | null },
  options: { template?: string } = {},
): Promise<ProvisionedDatabase> {
  if (!IDENT.test(database) || (options.template && !IDENT.test(options.template))) {
    throw new Error(`invalid database name ${database}`);
  }
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await ensureRole(admin, OWNER_ROLE, "LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEROLE", passwords.owner);
    await ensureRole(admin, APP_ROLE, "LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEROLE NOCREATEDB", passwords.app);
    // Owns the search functions (see the workshop_search migration); see migrateDatabase for the hand-over.
    await ensureRole(admin, SEARCH_ROLE, "NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEROLE NOCREATEDB", null);
    const exists = await admin.query("SELECT 1 FROM pg_database WHERE datname = $1", [database]);
    if (exists.rowCount === 0) {
      const template = options.template ? ` TEMPLATE ${options.template}` : "";
      await admin.query(`CREATE DATABASE ${database} OWNER ${OWNER_ROLE}${template}`);
    }
  } finally {
    await admin.end();
  }
  return {
    appUrl: withCredentials(adminUrl, APP_ROLE, passwords.app, database),
    ownerUrl: withCredentials(adminUrl, OWNER_ROLE, passwords.owner, database),
  };
}

export async function dropDatabase(adminUrl: string, database: string) {
  if (!IDENT.test(database)) throw new Error(`invalid database name ${database}`);
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}

/**
 * Applies the migrations as the table owner. A migration may hand a search
 * function over to awms_search, which Postgres allows only to a member of
 * that role; but a member would also fall under awms_search's read policy and
 * see every workshop's customers. So the owner is a member only while
 * migrating, and never after.
 */
export async function migrateDatabase(adminUrl: string, ownerUrl: string) {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    // The membership is one row for the whole server: two processes migrating at once (test runs
    // side by side, CI jobs sharing a Postgres) would revoke it under each other's ALTER FUNCTION
    // ... OWNER TO, which Prisma reports only as "external connector error". One window at a time;
    // the lock goes with this session.
    await admin.query(`SELECT pg_advisory_lock(hashtextextended('awms:migrate:${SEARCH_ROLE}', 0))`);
    await admin.query(`GRANT ${SEARCH_ROLE} TO ${OWNER_ROLE}`);
    applyPrismaMigrations(ownerUrl);
  } finally {
    try {
      await admin.query(`REVOKE ${SEARCH_ROLE} FROM ${OWNER_ROLE}`);
    } finally {
      await admin.end();
    }
  }
  // Outside the membership window: pg-boss needs none of it.
  await applyJobSchema(ownerUrl);
}
