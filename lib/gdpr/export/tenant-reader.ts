// The export reads through its own small pg pool as the app role, each batch in
// a short read-only transaction that names the workshop for row-level security
// (transaction-local, as withTenant does). Plain pg rather than Prisma: an export
// moves millions of rows, and mapping each through the ORM was the bottleneck.
import pg from "pg";
import { serverEnv } from "@/lib/env";

/** Runs SQL in the workshop's transaction; the workshop's id is always $1. */
export interface TenantReader {
  query<T>(sql: string, params?: unknown[]): Promise<T[]>;
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
  return {
    async read(work) {
      const client = await pool.connect();
      try {
        await client.query("BEGIN READ ONLY");
        await client.query("SELECT set_config('app.org_id', $1, true)", [orgId]);
        const result = await work({ query: async (sql, params = []) => (await client.query(sql, [orgId, ...params])).rows });
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
