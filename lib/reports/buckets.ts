import { Prisma } from "@/lib/generated/prisma/client";
import type { ReportRange } from "./report-range";

/**
 * The report's buckets as a CTE named `spans`: one row per day, ISO week (from
 * Monday) or calendar month of the workshop's wall clock, clipped to the range.
 * Bucketing happens here, in Postgres, on local timestamps: `AT TIME ZONE` turns
 * each local midnight into its instant, so a day when the clocks change lasts
 * 23 or 25 hours and nothing lands in the wrong day, week or month.
 * Columns: bucket ("2026-03-30", the bucket's natural first day), starts_at and
 * ends_at (instants, [starts_at, ends_at)), first_day and last_day (local dates
 * inside the range).
 */
export function spansCte(range: ReportRange, timeZone: string): Prisma.Sql {
  const from = Prisma.sql`${range.from}::date::timestamp`;
  const end = Prisma.sql`(${range.to}::date + 1)::timestamp`;
  return Prisma.sql`spans AS (
    SELECT to_char(b, 'YYYY-MM-DD') AS bucket,
           greatest(b, ${from}) AT TIME ZONE ${timeZone}::text AS starts_at,
           least(b + step.size, ${end}) AT TIME ZONE ${timeZone}::text AS ends_at,
           to_char(greatest(b, ${from}), 'YYYY-MM-DD') AS first_day,
           to_char(least(b + step.size, ${end}) - interval '1 day', 'YYYY-MM-DD') AS last_day
    FROM (SELECT ('1 ' || ${range.by}::text)::interval AS size) AS step,
         generate_series(date_trunc(${range.by}::text, ${from}), ${end} - interval '1 day', step.size) AS b
  )`;
}

/**
 * Invoices and credit notes issued in each bucket (`docs`), signed +1 / -1, with
 * `invoiced_at`: when the invoice they bill (or cancel) was issued, and
 * `standing`: an invoice no credit note has cancelled, the dashboard's car count.
 */
export function documentsCte(orgId: string): Prisma.Sql {
  return Prisma.sql`docs AS (
    SELECT s.bucket, i.id, i.kind, i."repairOrderId", i."netMinor", i.snapshot,
           CASE WHEN i.kind = 'INVOICE' THEN 1 ELSE -1 END AS sign,
           coalesce(credited."issuedAt", i."issuedAt") AS invoiced_at,
           (i.kind = 'INVOICE' AND NOT EXISTS (
             SELECT 1 FROM "Invoice" cn WHERE cn."organizationId" = i."organizationId" AND cn."creditedInvoiceId" = i.id)) AS standing
    FROM spans s
    JOIN "Invoice" i ON i."organizationId" = ${orgId}::uuid AND i."issuedAt" >= s.starts_at AND i."issuedAt" < s.ends_at
    LEFT JOIN "Invoice" credited ON credited."organizationId" = i."organizationId" AND credited.id = i."creditedInvoiceId"
  )`;
}

/**
 * The live lines each document bills (`doc_lines`: doc id, bucket, sign, line).
 * Approved jobs are locked, so an invoice's lines are its order's approved lines
 * as they were when it was issued: for an invoice that stands, all of them (the
 * order cannot change after it); for a credited one, and its credit note, those
 * that existed when it was issued (work added after a credit note belongs to the
 * next invoice).
 */
export function documentLinesCte(orgId: string): Prisma.Sql {
  return Prisma.sql`doc_lines AS (
    SELECT d.id AS doc_id, d.bucket, d.sign, d.standing, l.kind, l."quantityMilli", l."unitCostMinor", l."technicianUserId"
    FROM docs d
    JOIN "Job" j ON j."organizationId" = ${orgId}::uuid AND j."repairOrderId" = d."repairOrderId" AND j.approval = 'APPROVED'
    JOIN "JobLine" l ON l."organizationId" = j."organizationId" AND l."jobId" = j.id
     AND (d.standing OR l."createdAt" <= d.invoiced_at)
  )`;
}
