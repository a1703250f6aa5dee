import { z } from "zod";
import { withTenant, type TenantTx } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import type { OrgContext } from "@/lib/org/context";
import { authorize, hasPermission, type Permission } from "@/lib/rbac";
import { documentLabel } from "@/lib/invoices/invoice-numbers";
import { visibleTo } from "@/lib/repair-orders/visibility";
import { parseSearch, type ParsedSearch } from "./parse-search";
import { isSearchableText, UNSEARCHABLE_TEXT } from "./searchable-text";

export const ZSearch = z
  .string()
  .trim()
  .max(100, "Use at most 100 characters.")
  // One character is too little to search text with, but it is a fine repair order number.
  .refine((q) => q.length >= 2 || /^\d$/.test(q), "Type at least 2 characters.")
  .refine(isSearchableText, UNSEARCHABLE_TEXT);

export type SearchHitKind = "customer" | "vehicle" | "repairOrder" | "invoice" | "creditNote";

export interface SearchHit {
  kind: SearchHitKind;
  id: string;
  /** the customer the hit belongs to (for an invoice: the bill-to customer) */
  customerId: string;
  title: string;
  detail: string;
  score: number;
}

const ALL_KINDS: readonly SearchHitKind[] = ["customer", "vehicle", "repairOrder", "invoice", "creditNote"];

/** Which permission each kind of hit needs: a role without it gets no such hits (and no error). */
const NEEDS: Record<SearchHitKind, Permission> = {
  customer: "customer.read",
  vehicle: "vehicle.read",
  repairOrder: "repairOrder.read",
  invoice: "invoice.read",
  creditNote: "invoice.read",
};

const LIMIT = 20;
/** Exact number and VIN hits rank above every text match (text scores are similarities, at most 1). */
const EXACT = 2;

const escapeLike = (value: string) => value.replace(/[\\%_]/g, (c) => `\\${c}`);
const label = (status: string) => status.charAt(0) + status.slice(1).toLowerCase().replace(/_/g, " ");

/**
 * One box for everything a front desk types: a name with a typo, part of an
 * email or phone number, a plate with or without its space, a full VIN or its
 * last six characters, a repair order number ("1042", "RO 1042", "#1042"), an
 * invoice ("INV 17") or a credit note ("CN 3"). RLS keeps it to this workshop;
 * each kind of hit is left out for a role that may not read it.
 *
 * Speed: number and full-VIN lookups use btree indexes (integer and text
 * equality are LEAKPROOF, so Postgres may use them under RLS). pg_trgm's
 * operators and ILIKE are not LEAKPROOF, so text search goes through two SQL
 * functions that filter by the workshop explicitly and can use the trigram
 * indexes (prisma/migrations/*_workshop_search).
 */
export async function searchWorkshop(
  ctx: OrgContext,
  raw: string,
  options: { kinds?: readonly SearchHitKind[] } = {},
): Promise<SearchHit[]> {
  await authorize(ctx, "customer.read");
  const parsed = parseSearch(ZSearch.parse(raw));
  // Filtering result kinds by role is a server decision made from the same permission table as authorize().
  const kinds = new Set((options.kinds ?? ALL_KINDS).filter((kind) => hasPermission(ctx.role, NEEDS[kind])));
  return withTenant(ctx.orgId, async (tx) => {
    const hits = [
      ...(await numberHits(tx, ctx, parsed, kinds)),
      ...(parsed.vin && kinds.has("vehicle") ? await vinHits(tx, parsed.vin) : []),
      ...(parsed.text ? await textHits(tx, parsed.text, kinds) : []),
    ];
    return hits.sort((x, y) => y.score - x.score || x.title.localeCompare(y.title)).slice(0, LIMIT);
  });
}

async function numberHits(tx: TenantTx, ctx: OrgContext, parsed: ParsedSearch, kinds: ReadonlySet<SearchHitKind>): Promise<SearchHit[]> {
  const hits: SearchHit[] = [];
  if (parsed.repairOrderNumber !== null && kinds.has("repairOrder")) {
    // (organizationId, number) is unique: one index probe. A technician finds only the work assigned to them.
    const orders = await tx.repairOrder.findMany({
      where: { AND: [{ number: parsed.repairOrderNumber }, visibleTo(ctx)] },
      select: { id: true, number: true, status: true, customerId: true, customer: { select: { displayName: true } }, vehicle: { select: { registration: true, vin: true } } },
    });
    for (const order of orders) {
      hits.push({
        kind: "repairOrder", id: order.id, customerId: order.customerId, title: `Repair order ${order.number}`,
        detail: [order.customer.displayName, order.vehicle.registration ?? order.vehicle.vin, label(order.status)].filter(Boolean).join(" · "),
        score: EXACT + 0.2,
      });
    }
  }
  const invoiceNumbers = [
    ...(kinds.has("invoice") && parsed.invoiceNumber !== null ? [parsed.invoiceNumber] : []),
    ...(kinds.has("creditNote") && parsed.creditNoteNumber !== null ? [parsed.creditNoteNumber] : []),
  ];
  if (invoiceNumbers.length > 0) {
    // The kind is filtered after the probe: enum equality is not LEAKPROOF, so under RLS the index
    // (organizationId, kind, number) is searched by organizationId and number only.
    const rows = await tx.$queryRaw<Array<{ id: string; customerId: string; kind: "INVOICE" | "CREDIT_NOTE"; number: number; customer: string; roNumber: number }>>`
      SELECT i.id, i."customerId", i.kind::text AS kind, i.number, c."displayName" AS customer, r.number AS "roNumber"
        FROM "Invoice" i
        JOIN "Customer" c ON c."organizationId" = i."organizationId" AND c.id = i."customerId"
        JOIN "RepairOrder" r ON r."organizationId" = i."organizationId" AND r.id = i."repairOrderId"
       WHERE i.number IN (${Prisma.join(invoiceNumbers)})`;
    for (const row of rows) {
      const kind = row.kind === "INVOICE" ? "invoice" : "creditNote";
      const wanted = kind === "invoice" ? parsed.invoiceNumber : parsed.creditNoteNumber;
      if (!kinds.has(kind) || wanted !== row.number) continue;
      hits.push({
        kind, id: row.id, customerId: row.customerId, title: documentLabel(row.kind, row.number),
        detail: `${row.customer} · repair order ${row.roNumber}`, score: EXACT + (kind === "invoice" ? 0.1 : 0),
      });
    }
  }
  return hits;
}

type TextRow = { id: string; customerId: string; title: string; detail: string; score: number };

async function vinHits(tx: TenantTx, vin: string): Promise<SearchHit[]> {
  // (organizationId, vin) is unique.
  const rows = await tx.$queryRaw<TextRow[]>`
    SELECT v.id, v."customerId", coalesce(v.registration, v.vin) AS title,
           concat_ws(' ', v.make, v.model, v.year::text, v.vin) AS detail, ${EXACT}::float8 AS score
      FROM "Vehicle" v WHERE v.vin = ${vin}`;
  return rows.map((row) => ({ kind: "vehicle", ...row }));
}

/** Characters a plate or a VIN can hold: a query with anything else cannot match a vehicle. */
// Plates are at most 16 characters; a 17-character query that can match a VIN is a full VIN (looked up above).
const PLATE_OR_VIN = /^[A-Z0-9-]{2,16}$/;

async function textHits(tx: TenantTx, q: string, kinds: ReadonlySet<SearchHitKind>): Promise<SearchHit[]> {
  const compact = q.replace(/\s+/g, "").toUpperCase();
  const hits: SearchHit[] = [];
  // Both run as the awms_search role through SQL functions that filter by this transaction's
  // workshop themselves, so the trigram indexes can be used (see the workshop_search migration).
  if (kinds.has("customer")) {
    // Names carry no digits: a query with digits is a phone, plate or VIN, and gets no typo matching on names.
    const fuzzy = !/\d/.test(q) && q.length >= 3;
    const rows = await tx.$queryRaw<TextRow[]>`SELECT * FROM workshop_search_customers(${q}, ${`%${escapeLike(q)}%`}, ${fuzzy}, ${LIMIT})`;
    hits.push(...rows.map((row) => ({ kind: "customer" as const, ...row })));
  }
  if (kinds.has("vehicle") && PLATE_OR_VIN.test(compact)) {
    // A plate matches with or without its spaces (registrationKey has none); a VIN by any part (its last six, typically).
    const rows = await tx.$queryRaw<TextRow[]>`SELECT * FROM workshop_search_vehicles(${compact}, ${`%${escapeLike(compact)}%`}, ${compact.length >= 3}, ${LIMIT})`;
    hits.push(...rows.map((row) => ({ kind: "vehicle" as const, ...row })));
  }
  return hits;
}
