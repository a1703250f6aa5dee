// One file of the export: what it holds (schema.json is written from these
// descriptions, so the documentation and the data come from one list), and
// where its rows come from, read in keyset-paginated batches.
import type { TenantTx } from "@/lib/db";

/** Whose data: one customer (the data subject) or the whole workshop. */
export type ExportSubject = { scope: "CUSTOMER"; customerId: string } | { scope: "ORGANIZATION" };

/** field name -> "type: what it means" */
export type FieldDocs = Record<string, string>;

/** A list of related records written inside each row (a repair order's jobs, a job's lines). */
export interface NestedDocs {
  description: string;
  fields: FieldDocs;
  nested?: Record<string, NestedDocs>;
  /** the order the list is written in */
  orderBy?: Record<string, "asc" | "desc">;
}

export type ExportRow = { id: string } & Record<string, unknown>;

/** One origin of a file's rows; a file may be made of several, written one after the other. */
export interface RowSource {
  count(tx: TenantTx, subject: ExportSubject): Promise<number>;
  /** the next rows after `afterId` in id order (uuid v7: creation order) */
  batch(tx: TenantTx, subject: ExportSubject, afterId: string | null, limit: number): Promise<ExportRow[]>;
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

/** The narrow slice of a Prisma model delegate a section needs; each section names its own fields. */
interface Delegate {
  findMany(args: unknown): Promise<Array<Record<string, unknown>>>;
  count(args: unknown): Promise<number>;
}

/** Prisma `select` for exactly the documented fields (and the nested lists), never a whole row. */
export function selectOf(fields: FieldDocs, nested: Record<string, NestedDocs> = {}): Record<string, unknown> {
  const select: Record<string, unknown> = Object.fromEntries(Object.keys(fields).map((name) => [name, true]));
  for (const [relation, docs] of Object.entries(nested)) {
    select[relation] = { select: selectOf(docs.fields, docs.nested), ...(docs.orderBy ? { orderBy: docs.orderBy } : {}) };
  }
  return select;
}

/** A source read through a Prisma model under the tenant's transaction (RLS and the tenant scope apply). */
export function modelSource(
  model: string,
  where: (subject: ExportSubject) => Record<string, unknown>,
  fields: FieldDocs,
  nested: Record<string, NestedDocs> = {},
): RowSource {
  if (!("id" in fields)) throw new Error(`${model}: an exported model needs its id (the keyset)`);
  const select = selectOf(fields, nested);
  const delegate = (tx: TenantTx) => (tx as unknown as Record<string, Delegate>)[model]!;
  return {
    count: (tx, subject) => delegate(tx).count({ where: where(subject) }),
    batch: async (tx, subject, afterId, limit) =>
      (await delegate(tx).findMany({
        where: afterId ? { AND: [where(subject), { id: { gt: afterId } }] } : where(subject),
        orderBy: { id: "asc" },
        take: limit,
        select,
      })) as ExportRow[],
  };
}

/** Every row of the workshop, or the subject's rows as `customer` picks them. */
export const bySubject = (customer: (customerId: string) => Record<string, unknown>) => (subject: ExportSubject) =>
  subject.scope === "CUSTOMER" ? customer(subject.customerId) : {};

/** The repair orders that are the subject's: as the customer or as the one billed. */
export const subjectOrders = (customerId: string) => ({ OR: [{ customerId }, { billToCustomerId: customerId }] });
