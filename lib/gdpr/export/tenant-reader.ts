// The export reads through its own small pg pool as the app role, each batch in
// a short read-only transaction that names the workshop for row-level security
// (transaction-local, as withTenant does). Plain pg rather than Prisma: an export
// moves millions of rows, and mapping each through the ORM was the bottleneck.
import pg from "pg";
import { serverEnv } from "@/lib/env";

/** Runs SQL in the workshop's transaction; the workshop's id is always $1. */
export interface TenantReader {
  query<T>(sql: string, params?: unknown[]): Promise<T[]>;
  /** the table's `timestamp with time zone` columns (read once per export) */
  timestampColumns(table: string): Promise<Set<string>>;
}

const DATE_OID = 1082;

// A DATE is a calendar day: kept as "2027-06-01", not turned into a midnight in the server's zone.
const types = {
  getTypeParser: ((oid: number, format?: "text" | "binary") =>
    oid === DATE_OID ? (value: string) => value : pg.types.getTypeParser(oid, format as "text")) as typeof pg.types.getTypeParser,
};

export interface TenantReaders {
  read<T>(work: (reader: TenantReader) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export function openTenantReaders(orgId: string): TenantReaders {
  const url = serverEnv().DATABASE_URL;
  if (!url) throw new Error("DATABASE_URL is not set");
  const pool = new pg.Pool({ connectionString: url, max: 2, types, application_name: "awms-gdpr-export" });
  pool.on("error", () => {});
  let timestamps: Promise<Map<string, Set<string>>> | null = null;
  const loadTimestamps = async () => {
    const { rows } = await pool.query<{ table_name: string; column_name: string }>(
      `SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = current_schema() AND data_type = 'timestamp with time zone'`,
    );
    const map = new Map<string, Set<string>>();
    for (const row of rows) {
      let set = map.get(row.table_name);
      if (!set) map.set(row.table_name, (set = new Set()));
      set.add(row.column_name);
    }
    return map;
  };
  const timestampColumns = async (table: string) => {
    timestamps ??= loadTimestamps();
    return (await timestamps).get(table) ?? new Set<string>();
  };
  return {
    async read(work) {
      const client = await pool.connect();
      try {
        await client.query("BEGIN READ ONLY");
        await client.query("SELECT set_config('app.org_id', $1, true)", [orgId]);
        const result = await work({ query: async (sql, params = []) => (await client.query(sql, [orgId, ...params])).rows, timestampColumns });
        await client.query("COMMIT");
        return result;
      } catch (error) {
        await client.query("ROLLBACK").catch(() => {});
        throw error;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}
