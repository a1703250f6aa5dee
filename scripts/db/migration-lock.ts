// One release's migrations at a time per database: instances started together
// (a deploy of several, a restart of all) queue here; the first applies what is
// pending, each after it finds nothing left. A session-level advisory lock is
// released by Postgres itself if the holder dies, so a crashed migrator never
// leaves the others waiting.
import pg from "pg";

/** Fixed for every AWMS release; advisory locks are per database, so other databases never wait on it. */
export const MIGRATION_LOCK_KEY = "awms:release-migrations";

async function appliedMigrations(client: pg.Client): Promise<number> {
  // Two statements: a query naming a table that does not exist fails when parsed, whatever its CASE says.
  const table = await client.query<{ name: string | null }>("SELECT to_regclass('public._prisma_migrations')::text AS name");
  if (!table.rows[0]?.name) return 0;
  const { rows } = await client.query<{ applied: string }>("SELECT count(*) AS applied FROM public._prisma_migrations WHERE finished_at IS NOT NULL");
  return Number(rows[0]?.applied ?? 0);
}

/**
 * Runs `migrate` holding the migration lock on its own owner connection, and
 * says in the log whether this instance waited and what it applied.
 */
export async function withMigrationLock(ownerUrl: string, log: (line: string) => void, migrate: () => Promise<void>): Promise<void> {
  const client = new pg.Client({ connectionString: ownerUrl, application_name: "awms-migration-lock" });
  // A connection lost while waiting fails the query below; it must not also crash the launcher.
  client.on("error", () => {});
  await client.connect();
  try {
    const key = `hashtextextended('${MIGRATION_LOCK_KEY}', 0)`;
    const { rows } = await client.query<{ locked: boolean }>(`SELECT pg_try_advisory_lock(${key}) AS locked`);
    if (!rows[0]?.locked) {
      log("Migrations: another instance is migrating this database; waiting for it to finish");
      const started = Date.now();
      await client.query(`SELECT pg_advisory_lock(${key})`);
      log(`Migrations: the other instance finished after ${((Date.now() - started) / 1000).toFixed(1)} s`);
    }
    try {
      const before = await appliedMigrations(client);
      await migrate();
      const applied = (await appliedMigrations(client)) - before;
      log(applied > 0 ? `Migrations: applied ${applied}` : "Migrations: nothing to apply, the database is current");
    } finally {
      await client.query(`SELECT pg_advisory_unlock(${key})`);
    }
  } finally {
    await client.end();
  }
}
