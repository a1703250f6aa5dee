// One file of the export: what it holds (schema.json is written from these
// descriptions, so the documentation and the data come from one list), and
// where its rows come from, read in keyset-paginated batches of plain SQL
// under the workshop's row-level security (lib/gdpr/export/tenant-reader.ts).
import type { TenantReader } from "./tenant-reader";

/** Whose data: one customer (the data subject) or the whole workshop. */
export type ExportSubject = { scope: "CUSTOMER"; customerId: string } | { scope: "ORGANIZATION" };

/** field (column) name -> "type: what it means" */
export type FieldDocs = Record<string, string>;

/** A list of related records written inside each row (a repair order's jobs, a job's lines). */
export interface NestedDocs {
  description: string;
  fields: FieldDocs;
  nested?: Record<string, NestedDocs>;
  /** the child table and its column naming the parent row */
  table: string;
  parentKey: string;
  /** SQL ORDER BY columns within one parent, e.g. `"position"` */
  orderBy: string;
}

export type ExportRow = { id: string; [ROW_JSON]?: string; [NESTED_COUNTS]?: Record<string, number> } & Record<string, unknown>;

/** A row already rendered as JSON text (by Postgres): written as is. */
export const ROW_JSON = Symbol("awms.export.json");
/** On a batch's first row: how many nested rows (jobs, lines...) the whole batch carried. */
export const NESTED_COUNTS = Symbol("awms.export.nestedCounts");

/** One origin of a file's rows; a file may be made of several, written one after the other. */
export interface RowSource {
  count(reader: TenantReader, subject: ExportSubject): Promise<number>;
  /** the next rows after `afterId` in id order (uuid v7: creation order) */
  batch(reader: TenantReader, subject: ExportSubject, afterId: string | null, limit: number): Promise<ExportRow[]>;
}

export interface ExportSection {
  /** path inside the ZIP */
  file: string;
  description: string;
  /** the workshop's own records (members, parts...) are only in a whole-workshop export */
  scopes: ReadonlyArray<ExportSubject["scope"]>;
  fields: FieldDocs;
  nested?: Record<string, NestedDocs>;
  sources: RowSource[];
}

const IDENTIFIER = /^[A-Za-z][A-Za-z0-9]*$/;

/** A quoted column or table name; only names written in this folder reach here, and they are checked anyway. */
export function quoted(name: string): string {
  if (!IDENTIFIER.test(name)) throw new Error(`not a plain SQL name: ${name}`);
  return `"${name}"`;
}

const columns = (fields: FieldDocs, alias: string) => Object.keys(fields).map((name) => `${alias}.${quoted(name)}`).join(", ");

/**
 * A condition on the table (alias t) that picks the subject's rows, with the
 * customer's id as $2; null for the whole workshop. The workshop is always $1.
 */
export type SubjectCondition = (subject: ExportSubject) => string | null;

/** Every row of the workshop, or the subject's rows as `customer` picks them. */
export const bySubject = (customer: string): SubjectCondition => (subject) => (subject.scope === "CUSTOMER" ? customer : null);

/**
 * The repair orders that are the subject's: the visits they made and those of their own vehicles,
 * as the erasure reaches them (lib/gdpr/erasure/customer-footprint.ts). Not visits they only paid
 * for: a fleet payer gets its invoices, not its drivers' concerns, decisions and inspections.
 */
export const SUBJECT_ORDERS = `SELECT o.id FROM "RepairOrder" o WHERE o."organizationId" = $1
  AND (o."customerId" = $2 OR o."vehicleId" IN (SELECT v.id FROM "Vehicle" v WHERE v."organizationId" = $1 AND v."customerId" = $2))`;

function filtered(table: string, subject: ExportSubject, condition: SubjectCondition, afterId: string | null) {
  const params: unknown[] = [];
  const clauses = [`t."organizationId" = $1`];
  const cond = condition(subject);
  if (subject.scope === "CUSTOMER") params.push(subject.customerId);
  if (cond) clauses.push(`(${cond})`);
  if (afterId) {
    params.push(afterId);
    clauses.push(`t.id > $${params.length + 1}::uuid`);
  }
  return { from: `FROM ${quoted(table)} t WHERE ${clauses.join(" AND ")}`, params };
}

/**
 * The row as compact JSON text, rendered by Postgres (row_to_json keeps the
 * field order): Node then holds one string per row instead of an object with a
 * Date per timestamp, which is what keeps an export of millions of rows small
 * in memory. Timestamps are written as JavaScript writes them (ISO 8601, UTC,
 * milliseconds, "Z"); DATE columns as "YYYY-MM-DD".
 */
async function jsonOf(reader: TenantReader, table: string, fields: FieldDocs, alias: string): Promise<string> {
  const timestamps = await reader.timestampColumns(table);
  const expressions = Object.keys(fields).map((name) =>
    timestamps.has(name)
      ? `to_char(${alias}.${quoted(name)} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS ${quoted(name)}`
      : `${alias}.${quoted(name)} AS ${quoted(name)}`,
  );
  return `(SELECT row_to_json(r) FROM (SELECT ${expressions.join(", ")}) r)::text`;
}

/** `{...}` + `,"name":[...]` for each nested list, spliced before the closing brace. */
const withLists = (json: string, lists: Array<[string, string[]]>) =>
  lists.length ? `${json.slice(0, -1)}${lists.map(([name, items]) => `,${JSON.stringify(name)}:[${items.join(",")}]`).join("")}}` : json;

interface JsonRow {
  id: string;
  json: string;
}

/**
 * Each nested list for a batch of parents, one query per list, as JSON text by
 * parent id; `counts` adds up the rows written at every depth.
 */
async function nestedLists(reader: TenantReader, parentIds: string[], nested: Record<string, NestedDocs>, counts: Record<string, number>) {
  const byParent = new Map<string, Array<[string, string[]]>>();
  if (!parentIds.length) return byParent;
  for (const [name, docs] of Object.entries(nested)) {
    const children = await reader.query<JsonRow & { parent: string }>(
      `SELECT c.id, c.${quoted(docs.parentKey)} AS parent, ${await jsonOf(reader, docs.table, docs.fields, "c")} AS json
         FROM ${quoted(docs.table)} c
        WHERE c."organizationId" = $1 AND c.${quoted(docs.parentKey)} = ANY($2::uuid[])
        ORDER BY c.${quoted(docs.parentKey)}, ${docs.orderBy}`,
      [parentIds],
    );
    counts[name] = (counts[name] ?? 0) + children.length;
    const grandchildren = docs.nested ? await nestedLists(reader, children.map((child) => child.id), docs.nested, counts) : null;
    const lists = new Map<string, string[]>();
    for (const child of children) {
      let list = lists.get(child.parent);
      if (!list) lists.set(child.parent, (list = []));
      list.push(grandchildren ? withLists(child.json, grandchildren.get(child.id) ?? []) : child.json);
    }
    for (const id of parentIds) {
      let entry = byParent.get(id);
      if (!entry) byParent.set(id, (entry = []));
      entry.push([name, lists.get(id) ?? []]);
    }
  }
  return byParent;
}

/**
 * A source read from one table: exactly the documented columns, never a whole
 * row, each written as Postgres renders it. `objects` returns plain rows
 * instead, for the few sources that add to a row in Node (photos).
 */
export function tableSource(table: string, condition: SubjectCondition, fields: FieldDocs, nested?: Record<string, NestedDocs>, options: { objects?: boolean } = {}): RowSource {
  if (!("id" in fields)) throw new Error(`${table}: an exported table needs its id (the keyset)`);
  return {
    count: async (reader, subject) => {
      const { from, params } = filtered(table, subject, condition, null);
      const [row] = await reader.query<{ count: string }>(`SELECT count(*) AS count ${from}`, params);
      return Number(row?.count ?? 0);
    },
    batch: async (reader, subject, afterId, limit) => {
      const { from, params } = filtered(table, subject, condition, afterId);
      const tail = `${from} ORDER BY t.id LIMIT ${Math.floor(limit)}`;
      if (options.objects) return reader.query<ExportRow>(`SELECT ${columns(fields, "t")} ${tail}`, params);
      const rows = await reader.query<JsonRow>(`SELECT t.id, ${await jsonOf(reader, table, fields, "t")} AS json ${tail}`, params);
      if (!nested) return rows.map((row): ExportRow => ({ id: row.id, [ROW_JSON]: row.json }));
      const nestedCounts: Record<string, number> = {};
      const lists = await nestedLists(reader, rows.map((row) => row.id), nested, nestedCounts);
      const written = rows.map((row): ExportRow => ({ id: row.id, [ROW_JSON]: withLists(row.json, lists.get(row.id) ?? []) }));
      if (written[0]) written[0][NESTED_COUNTS] = nestedCounts;
      return written;
    },
  };
}
