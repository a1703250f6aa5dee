// The referee of the attack suites: a fingerprint of every row of every table, read by a
// superuser (RLS does not bind it), so "no row changed anywhere" is checked, not assumed.
import type pg from "pg";
import { JOB_SCHEMA, JOBS } from "@/lib/jobs/registry";

/**
 * Tables an attack may legitimately change, and why:
 * - AuditLog: a refused attempt is itself audited (permission denials, rate limits); the suites
 *   assert those entries separately where they matter.
 * - _prisma_migrations: untouched, but not the app's data.
 */
export const WRITTEN_BY_REFUSALS = new Set(["AuditLog", "_prisma_migrations"]);

export type DatabaseSnapshot = Record<string, { rows: number; digest: string }>;

/**
 * Background jobs only a request queues (an export): a refused request must not queue one. The
 * jobs' ids, queues and payloads, not their state (a worker moves that on), and not the queues a
 * cron tick fills, which may tick during a suite.
 */
const ON_REQUEST_QUEUES = Object.entries(JOBS).filter(([, job]) => !("schedule" in job)).map(([name]) => name);

/** Every public table except WRITTEN_BY_REFUSALS (and `also`), each as a row count and an order-free digest of its rows, and the jobs requests queued. */
export async function databaseSnapshot(superuser: pg.Pool, also: Iterable<string> = []): Promise<DatabaseSnapshot> {
  const skip = new Set([...WRITTEN_BY_REFUSALS, ...also]);
  const { rows: tables } = await superuser.query<{ table_name: string }>(
    `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name`,
  );
  const snapshot: DatabaseSnapshot = {};
  for (const { table_name: table } of tables) {
    if (skip.has(table)) continue;
    const { rows } = await superuser.query<{ rows: string; digest: string | null }>(
      `SELECT count(*) AS rows, md5(string_agg(md5(t::text), '' ORDER BY md5(t::text))) AS digest FROM "${table}" t`,
    );
    snapshot[table] = { rows: Number(rows[0]!.rows), digest: rows[0]!.digest ?? "empty" };
  }
  const { rows: [jobs] } = await superuser.query<{ present: boolean }>(`SELECT to_regclass('${JOB_SCHEMA}.job') IS NOT NULL AS present`);
  if (jobs!.present) {
    const { rows } = await superuser.query<{ rows: string; digest: string | null }>(
      `SELECT count(*) AS rows, md5(string_agg(md5(concat_ws('|', id, name, data)), '' ORDER BY md5(concat_ws('|', id, name, data)))) AS digest
         FROM ${JOB_SCHEMA}.job WHERE name = ANY($1)`,
      [ON_REQUEST_QUEUES],
    );
    snapshot[`${JOB_SCHEMA}.job (${ON_REQUEST_QUEUES.join(", ")})`] = { rows: Number(rows[0]!.rows), digest: rows[0]!.digest ?? "empty" };
  }
  return snapshot;
}

/** One workshop's audit log (up to entry `uptoSeq`) as a count and a digest of its rows: attacks on it must leave it alone. */
export async function auditLogOf(superuser: pg.Pool, orgId: string, uptoSeq = 2_147_483_647): Promise<string> {
  const { rows } = await superuser.query(
    `SELECT count(*)::int AS n, md5(string_agg(md5(t::text), '' ORDER BY t.seq)) AS digest FROM "AuditLog" t WHERE "organizationId" = $1 AND seq <= $2`,
    [orgId, uptoSeq],
  );
  return JSON.stringify(rows[0]);
}

/** The tables whose rows differ between two snapshots (empty when nothing changed). */
export function changedTables(before: DatabaseSnapshot, after: DatabaseSnapshot): string[] {
  const names = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...names].filter((name) => before[name]?.digest !== after[name]?.digest || before[name]?.rows !== after[name]?.rows).sort();
}

/**
 * A snapshot once the data stops changing (two in a row alike, `pauseMs` apart): after an accepted
 * request whose background job (an export, an email) is still writing, so that job's rows are not
 * blamed on the next request.
 */
export async function settledSnapshot(superuser: pg.Pool, pauseMs = 150, timeoutMs = 30_000): Promise<DatabaseSnapshot> {
  const deadline = Date.now() + timeoutMs;
  let previous = await databaseSnapshot(superuser);
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, pauseMs));
    const next = await databaseSnapshot(superuser);
    if (changedTables(previous, next).length === 0 || Date.now() > deadline) return next;
    previous = next;
  }
}
