// A comparable description of a database's schema: what Prisma models
// (tables, columns, keys, indexes, enums). Roles, grants, RLS and triggers
// are hand-written in migrations and checked by the tenancy tests instead.
import pg from "pg";

const QUERIES: Record<string, string> = {
  column: `SELECT table_name || '.' || column_name || ' ' || data_type || coalesce('(' || character_maximum_length || ')', '')
                  || coalesce(' p' || datetime_precision, '') || ' ' || udt_name
                  || CASE WHEN is_nullable = 'NO' THEN ' not null' ELSE '' END
                  || coalesce(' default ' || column_default, '') AS line
             FROM information_schema.columns WHERE table_schema = 'public' AND table_name <> '_prisma_migrations'`,
  constraint: `SELECT conrelid::regclass::text || ' ' || conname || ' ' || pg_get_constraintdef(oid) AS line
                 FROM pg_constraint WHERE connamespace = 'public'::regnamespace AND conrelid <> 0
                  AND conrelid::regclass::text NOT IN ('_prisma_migrations', '"_prisma_migrations"') AND contype IN ('p', 'u', 'f')`,
  // Exclusion constraints (appointment overlaps) are hand-written and Prisma cannot describe them:
  // their gist indexes are left out here and proven by the appointment tests instead.
  index: `SELECT indexdef AS line FROM pg_indexes i WHERE schemaname = 'public' AND tablename <> '_prisma_migrations'
            AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.contype = 'x' AND c.conname = i.indexname)`,
  enum: `SELECT t.typname || ' ' || string_agg(e.enumlabel, ',' ORDER BY e.enumsortorder) AS line
           FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid
          WHERE t.typnamespace = 'public'::regnamespace GROUP BY t.typname`,
};

export async function describeSchema(url: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const lines: string[] = [];
    for (const [kind, sql] of Object.entries(QUERIES)) {
      const { rows } = await client.query<{ line: string }>(sql);
      for (const row of rows) lines.push(`${kind} ${row.line}`);
    }
    return lines.sort();
  } finally {
    await client.end();
  }
}
