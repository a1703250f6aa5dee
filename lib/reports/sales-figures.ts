import { Prisma } from "@/lib/generated/prisma/client";
import type { TenantTx } from "@/lib/db";
import { documentLinesCte, documentsCte, spansCte } from "./buckets";
import type { ReportRange } from "./report-range";

export interface SalesBucket {
  bucket: string;
  firstDay: string;
  lastDay: string;
  carCount: number;
  revenueMinor: number;
  labourRevenueMinor: number;
  partsRevenueMinor: number;
  partsCostMinor: number;
  /** part lines on standing invoices with no cost recorded: their gross profit is overstated */
  uncostedPartLines: number;
}

type Row = { bucket: string; first_day: string; last_day: string; revenue: bigint; cars: bigint; labour: bigint; parts: bigint; parts_cost: bigint; uncosted: bigint };

/**
 * Money per bucket, from issued documents only, as on Today (docs/WORKSHOP.md):
 * revenue is net of invoices less credit notes issued in the bucket; labour and
 * parts revenue are the printed (snapshot) net of their lines; parts cost is
 * quantity x unit cost of the part lines each document bills, reversed by a
 * credit note; the car count is the orders whose invoice, issued in the bucket,
 * no credit note cancelled.
 */
export async function salesFigures(tx: TenantTx, orgId: string, range: ReportRange, timeZone: string): Promise<SalesBucket[]> {
  const rows = await tx.$queryRaw<Row[]>(Prisma.sql`
    WITH ${spansCte(range, timeZone)}, ${documentsCte(orgId)}, ${documentLinesCte(orgId)},
    printed AS (
      SELECT d.id,
             sum((line->>'net')::bigint) FILTER (WHERE line->>'kind' = 'LABOUR') AS labour,
             sum((line->>'net')::bigint) FILTER (WHERE line->>'kind' = 'PART') AS parts
      FROM docs d
      CROSS JOIN LATERAL jsonb_array_elements(coalesce(d.snapshot->'jobs', '[]'::jsonb)) AS job
      CROSS JOIN LATERAL jsonb_array_elements(coalesce(job->'lines', '[]'::jsonb)) AS line
      GROUP BY d.id
    ),
    costed AS (
      SELECT doc_id,
             sum(sign * round("quantityMilli"::numeric * "unitCostMinor" / 1000)) AS parts_cost,
             count(*) FILTER (WHERE "unitCostMinor" IS NULL AND standing) AS uncosted
      FROM doc_lines WHERE kind = 'PART'
      GROUP BY doc_id
    )
    SELECT s.bucket, s.first_day, s.last_day,
           coalesce(sum(d."netMinor"), 0)::bigint AS revenue,
           count(DISTINCT d."repairOrderId") FILTER (WHERE d.standing) AS cars,
           coalesce(sum(p.labour), 0)::bigint AS labour,
           coalesce(sum(p.parts), 0)::bigint AS parts,
           coalesce(sum(c.parts_cost), 0)::bigint AS parts_cost,
           coalesce(sum(c.uncosted), 0)::bigint AS uncosted
    FROM spans s
    LEFT JOIN docs d ON d.bucket = s.bucket
    LEFT JOIN printed p ON p.id = d.id
    LEFT JOIN costed c ON c.doc_id = d.id
    GROUP BY s.bucket, s.first_day, s.last_day
    ORDER BY s.bucket`);
  return rows.map((row) => ({
    bucket: row.bucket, firstDay: row.first_day, lastDay: row.last_day,
    carCount: Number(row.cars), revenueMinor: Number(row.revenue), labourRevenueMinor: Number(row.labour),
    partsRevenueMinor: Number(row.parts), partsCostMinor: Number(row.parts_cost), uncostedPartLines: Number(row.uncosted),
  }));
}
