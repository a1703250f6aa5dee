import { Prisma } from "@/lib/generated/prisma/client";
import type { TenantTx } from "@/lib/db";
import { documentLinesCte, documentsCte, spansCte } from "./buckets";
import type { ReportRange } from "./report-range";

export interface TechnicianBucket {
  bucket: string;
  technicianUserId: string;
  /** labour hours (thousandths) on the documents issued in the bucket, credit notes negative */
  billedMilli: number;
  /** clocked time inside the bucket: an entry over midnight is split between the days, an open one counts to now */
  loggedMs: number;
}

type Row = { bucket: string; technician: string; billed_milli: bigint; logged_ms: bigint };

export async function technicianFigures(tx: TenantTx, orgId: string, range: ReportRange, timeZone: string): Promise<TechnicianBucket[]> {
  const rows = await tx.$queryRaw<Row[]>(Prisma.sql`
    WITH ${spansCte(range, timeZone)}, ${documentsCte(orgId)}, ${documentLinesCte(orgId)},
    billed AS (
      SELECT bucket, "technicianUserId" AS technician, sum(sign * "quantityMilli")::bigint AS billed_milli
      FROM doc_lines WHERE kind = 'LABOUR' AND "technicianUserId" IS NOT NULL
      GROUP BY 1, 2
    ),
    logged AS (
      SELECT s.bucket, e."technicianUserId" AS technician,
             sum(greatest(0, round(extract(epoch FROM least(coalesce(e."endedAt", now()), s.ends_at) - greatest(e."startedAt", s.starts_at)) * 1000)))::bigint AS logged_ms
      FROM spans s
      JOIN "TimeEntry" e ON e."organizationId" = ${orgId}::uuid AND e."startedAt" < s.ends_at AND (e."endedAt" IS NULL OR e."endedAt" > s.starts_at)
      GROUP BY 1, 2
    )
    SELECT coalesce(b.bucket, g.bucket) AS bucket, coalesce(b.technician, g.technician)::text AS technician,
           coalesce(b.billed_milli, 0)::bigint AS billed_milli, coalesce(g.logged_ms, 0)::bigint AS logged_ms
    FROM billed b FULL JOIN logged g ON g.bucket = b.bucket AND g.technician = b.technician
    ORDER BY 1, 2`);
  return rows.map((row) => ({ bucket: row.bucket, technicianUserId: row.technician, billedMilli: Number(row.billed_milli), loggedMs: Number(row.logged_ms) }));
}
