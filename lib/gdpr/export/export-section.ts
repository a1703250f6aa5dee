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

export type ExportRow = { id: string } & Record<string, unknown>;

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

/** The repair orders that are the subject's: as the customer or as the one billed. */
export const SUBJECT_ORDERS = `SELECT o.id FROM "RepairOrder" o WHERE o."organizationId" = $1 AND (o."customerId" = $2 OR o."billToCustomerId" = $2)`;

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

/** Loads each nested list for a batch of parents with one query per list, and hangs the children on their parent. */
async function attachNested(reader: TenantReader, parents: Array<Record<string, unknown>>, nested: Record<string, NestedDocs>): Promise<void> {
  if (!parents.length) return;
  const ids = parents.map((parent) => parent.id as string);
  for (const [name, docs] of Object.entries(nested)) {
    const children = await reader.query<Record<string, unknown>>(
      `SELECT ${columns(docs.fields, "c")}, c.${quoted(docs.parentKey)} AS "__parent"
         FROM ${quoted(docs.table)} c
        WHERE c."organizationId" = $1 AND c.${quoted(docs.parentKey)} = ANY($2::uuid[])
        ORDER BY c.${quoted(docs.parentKey)}, ${docs.orderBy}`,
      [ids],
    );
    if (docs.nested) await attachNested(reader, children, docs.nested);
    const byParent = new Map<unknown, Array<Record<string, unknown>>>();
    for (const child of children) {
      const parent = child.__parent;
      delete child.__parent;
      let list = byParent.get(parent);
      if (!list) byParent.set(parent, (list = []));
      list.push(child);
    }
    for (const parent of parents) parent[name] = byParent.get(parent.id) ?? [];
  }
}

/** A source read from one table: exactly the documented columns, never a whole row. */
export function tableSource(table: string, condition: SubjectCondition, fields: FieldDocs, nested?: Record<string, NestedDocs>): RowSource {
  if (!("id" in fields)) throw new Error(`${table}: an exported table needs its id (the keyset)`);
  return {
    count: async (reader, subject) => {
      const { from, params } = filtered(table, subject, condition, null);
      const [row] = await reader.query<{ count: string }>(`SELECT count(*) AS count ${from}`, params);
      return Number(row?.count ?? 0);
    },
    batch: async (reader, subject, afterId, limit) => {
      const { from, params } = filtered(table, subject, condition, afterId);
      const rows = await reader.query<ExportRow>(`SELECT ${columns(fields, "t")} ${from} ORDER BY t.id LIMIT ${Math.floor(limit)}`, params);
      if (nested) await attachNested(reader, rows, nested);
      return rows;
    },
  };
}
