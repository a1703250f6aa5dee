// The same reads as the job board, the repair order page and search, written
// by hand and sent through `pg`: the baseline for `npm run bench:workshop`.
// Each runs as the app role inside a transaction that sets app.org_id, the
// way withTenant does, so RLS costs both sides the same.
import pg from "pg";
import { BOARD_COLUMNS } from "@/lib/repair-orders/job-board";
import { lineAmounts, orderTotals, type PricedLine } from "@/lib/repair-orders/totals";
import { parseSearch } from "@/lib/search/parse-search";

async function inTenant<T>(pool: pg.Pool, orgId: string, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query("BEGIN");
    await client.query("SELECT set_config('app.org_id', $1, true)", [orgId]);
    const result = await work(client);
    await client.query("COMMIT");
    return result;
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}

interface BoardRow {
  id: string;
  status: string;
  number: number;
  [column: string]: unknown;
}

export const BOARD_SQL = `
  SELECT ro.*, v.registration, v.vin, v.make, v.model, c."displayName"
    FROM "RepairOrder" ro
    JOIN "Vehicle" v ON v."organizationId" = ro."organizationId" AND v.id = ro."vehicleId"
    JOIN "Customer" c ON c."organizationId" = ro."organizationId" AND c.id = ro."customerId"
   WHERE ro."organizationId" = $1 AND ro."onBoard" AND ro.status = ANY($2::"RepairOrderStatus"[])
   ORDER BY ro."promisedAt" ASC NULLS LAST, ro.number ASC
   LIMIT 500`;

/** A technician's board: orders assigned to them, or with a labour line of theirs (lib/repair-orders/visibility.ts). */
export const TECHNICIAN_BOARD_SQL = BOARD_SQL.replace(
  "ORDER BY",
  `AND (ro."technicianUserId" = $3 OR $3 = ANY(ro."labourTechnicianIds"))
   ORDER BY`,
);

export async function jobBoardRaw(pool: pg.Pool, orgId: string, technicianUserId?: string) {
  const { rows } = await inTenant(pool, orgId, (client) =>
    technicianUserId
      ? client.query<BoardRow>(TECHNICIAN_BOARD_SQL, [orgId, BOARD_COLUMNS, technicianUserId])
      : client.query<BoardRow>(BOARD_SQL, [orgId, BOARD_COLUMNS]),
  );
  return BOARD_COLUMNS.map((status) => ({ status, orders: rows.filter((row) => row.status === status) }));
}

export const ORDER_SQL = `
  SELECT ro.*, to_jsonb(v) AS vehicle, to_jsonb(c) AS customer
    FROM "RepairOrder" ro
    JOIN "Vehicle" v ON v."organizationId" = ro."organizationId" AND v.id = ro."vehicleId"
    JOIN "Customer" c ON c."organizationId" = ro."organizationId" AND c.id = ro."customerId"
   WHERE ro."organizationId" = $1 AND ro.id = $2`;

export const JOBS_SQL = `
  SELECT j.id AS job_id, j.position, j.title, j.approval, j."createdAt" AS job_created_at, j."updatedAt" AS job_updated_at,
         l.id, l.kind, l.description, l."quantityMilli", l."unitPriceMinor", l."unitCostMinor", l."taxRateBp",
         l."technicianUserId", l."partStatus", l."createdAt", l."updatedAt"
    FROM "Job" j
    LEFT JOIN "JobLine" l ON l."organizationId" = j."organizationId" AND l."jobId" = j.id
   WHERE j."organizationId" = $1 AND j."repairOrderId" = $2
   ORDER BY j.position ASC, l."createdAt" ASC`;

type LineRow = PricedLine & { job_id: string; position: number; title: string; approval: string; id: string | null };

interface RawJob {
  id: string;
  position: number;
  title: string;
  approval: string;
  lines: (LineRow & { amounts: ReturnType<typeof lineAmounts> })[];
}

/** The repair order page's data: the order, its vehicle and customer, jobs with lines, amounts and totals. */
export async function repairOrderRaw(pool: pg.Pool, orgId: string, repairOrderId: string) {
  const organization = (await pool.query<{ pricesIncludeTax: boolean; currency: string }>(`SELECT * FROM "Organization" WHERE id = $1`, [orgId]))
    .rows[0];
  if (!organization) throw new Error("organization not found");
  const { order, lines } = await inTenant(pool, orgId, async (client) => ({
    order: (await client.query<Record<string, unknown>>(ORDER_SQL, [orgId, repairOrderId])).rows[0],
    lines: (await client.query<LineRow>(JOBS_SQL, [orgId, repairOrderId])).rows,
  }));
  if (!order) throw new Error(`repair order ${repairOrderId} not found`);
  const inclusive = organization.pricesIncludeTax;
  const jobs: RawJob[] = [];
  for (const row of lines) {
    let job = jobs[jobs.length - 1];
    if (job?.id !== row.job_id) {
      job = { id: row.job_id, position: row.position, title: row.title, approval: row.approval, lines: [] };
      jobs.push(job);
    }
    if (row.id !== null) job.lines.push({ ...row, amounts: lineAmounts(row, inclusive) });
  }
  const billable = jobs.filter((job) => job.approval !== "DECLINED" && job.approval !== "DEFERRED").flatMap((job) => job.lines);
  return { order: { ...order, jobs }, totals: orderTotals(billable, inclusive), currency: organization.currency, pricesIncludeTax: inclusive };
}

// lib/search/search-workshop.ts, for a role that may read every kind of hit:
// number lookups, an exact VIN, then one scan of customers and (for plate-like text) one of vehicles.
const RO_NUMBER_SQL = `
  SELECT ro.id, ro.number, ro.status::text, ro."customerId", c."displayName", v.registration, v.vin
    FROM "RepairOrder" ro
    JOIN "Customer" c ON c."organizationId" = ro."organizationId" AND c.id = ro."customerId"
    JOIN "Vehicle" v ON v."organizationId" = ro."organizationId" AND v.id = ro."vehicleId"
   WHERE ro."organizationId" = $1 AND ro.number = $2`;

const INVOICE_NUMBER_SQL = `
  SELECT i.id, i."customerId", i.kind::text AS kind, i.number, c."displayName" AS customer, r.number AS "roNumber"
    FROM "Invoice" i
    JOIN "Customer" c ON c."organizationId" = i."organizationId" AND c.id = i."customerId"
    JOIN "RepairOrder" r ON r."organizationId" = i."organizationId" AND r.id = i."repairOrderId"
   WHERE i.number = ANY($1::int[])`;

const VIN_SQL = `
  SELECT v.id, v."customerId", coalesce(v.registration, v.vin) AS title,
         concat_ws(' ', v.make, v.model, v.year::text, v.vin) AS detail, 2::float8 AS score
    FROM "Vehicle" v WHERE v.vin = $1`;

// Text search: the app's own hand-written SQL functions (prisma/migrations/*_workshop_search), called
// straight through pg, so the raw side reads the same rows by the same plan without Prisma.
/** $1 query, $2 its LIKE pattern; names get typo matching unless the query has digits. */
export const customerSearchSql = (fuzzy: boolean) => `SELECT * FROM workshop_search_customers($1, $2, ${fuzzy}, 20)`;

/** $1 query (unused), $2 compact (no spaces, upper case), $3 its LIKE pattern. */
export const vehicleSearchSql = (fuzzy: boolean) => `SELECT * FROM workshop_search_vehicles($2, $3, ${fuzzy}, 20) WHERE $1::text IS NOT NULL`;

const PLATE_OR_VIN = /^[A-Z0-9-]{2,16}$/;

export interface RawHit {
  kind: string;
  id: string;
  title: string;
  score: number;
}

export function textSearchParams(q: string) {
  const escape = (value: string) => value.replace(/[\\%_]/g, (c) => `\\${c}`);
  const compact = q.replace(/\s+/g, "").toUpperCase();
  return { q, like: `%${escape(q)}%`, compact, compactLike: `%${escape(compact)}%` };
}

export async function searchRaw(pool: pg.Pool, orgId: string, raw: string): Promise<RawHit[]> {
  const parsed = parseSearch(raw.trim());
  return inTenant(pool, orgId, async (client) => {
    const hits: RawHit[] = [];
    if (parsed.repairOrderNumber !== null) {
      const { rows } = await client.query<{ id: string; number: number }>(RO_NUMBER_SQL, [orgId, parsed.repairOrderNumber]);
      hits.push(...rows.map((row) => ({ kind: "repairOrder", id: row.id, title: `Repair order ${row.number}`, score: 2.2 })));
    }
    const numbers = [parsed.invoiceNumber, parsed.creditNoteNumber].filter((n): n is number => n !== null);
    if (numbers.length > 0) {
      const { rows } = await client.query<{ id: string; kind: string; number: number }>(INVOICE_NUMBER_SQL, [numbers]);
      hits.push(...rows.map((row) => ({ kind: row.kind, id: row.id, title: `${row.kind} ${row.number}`, score: row.kind === "INVOICE" ? 2.1 : 2 })));
    }
    if (parsed.vin) hits.push(...(await client.query<RawHit>(VIN_SQL, [parsed.vin])).rows.map((row) => ({ ...row, kind: "vehicle" })));
    if (parsed.text) {
      const p = textSearchParams(parsed.text);
      const customers = await client.query<RawHit>(customerSearchSql(!/\d/.test(p.q) && p.q.length >= 3), [p.q, p.like]);
      hits.push(...customers.rows.map((row) => ({ ...row, kind: "customer" })));
      if (PLATE_OR_VIN.test(p.compact)) {
        const vehicles = await client.query<RawHit>(vehicleSearchSql(p.compact.length >= 3), [p.q, p.compact, p.compactLike]);
        hits.push(...vehicles.rows.map((row) => ({ ...row, kind: "vehicle" })));
      }
    }
    return hits.sort((x, y) => y.score - x.score || x.title.localeCompare(y.title)).slice(0, 20);
  });
}
