// What an admin narrows the audit log to. The same filters drive the viewer
// and the exports, so a download holds exactly the rows the page listed.
import { z } from "zod";
import { Prisma } from "@/lib/generated/prisma/client";

/** Actor choices besides a member's user id: entries made through an API key, and entries with no user (jobs, sign-ins of unknown accounts). */
export const ACTOR_API_KEY = "api-key";
export const ACTOR_NONE = "none";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

const optional = <T extends z.ZodType>(schema: T) => z.preprocess((value) => (value === "" || value === null ? undefined : value), schema.optional());

const isRealDay = (day: string) => DAY.test(day) && new Date(`${day}T00:00:00Z`).toISOString().startsWith(day);
const utcDay = (message: string) => z.string().refine(isRealDay, { message });

export const ZAuditFilters = z
  .object({
    actor: optional(z.string().refine((v) => v === ACTOR_API_KEY || v === ACTOR_NONE || UUID.test(v), { message: "Choose someone from the list." })),
    action: optional(z.string().regex(/^[A-Za-z][A-Za-z0-9_.]{1,99}$/, "Choose an action from the list.")),
    recordType: optional(z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,59}$/, "Choose a record type from the list.")),
    recordId: optional(z.string().trim().max(100, "A record id has at most 100 characters.").regex(/^[A-Za-z0-9_:.-]*$/, "A record id has only letters, digits, - _ : and .")),
    from: optional(utcDay("Enter a date as YYYY-MM-DD.")),
    to: optional(utcDay("Enter a date as YYYY-MM-DD.")),
  })
  .refine((f) => !(f.from && f.to) || f.from <= f.to, { path: ["to"], message: "The last day is before the first." })
  .refine((f) => !f.recordId || f.recordType, { path: ["recordType"], message: "Choose the record type of that id." });

export type AuditFilters = z.infer<typeof ZAuditFilters>;

export type ParsedFilters = { ok: true; filters: AuditFilters } | { ok: false; fieldErrors: Record<string, string>; values: Record<string, string> };

export const FILTER_KEYS = ["actor", "action", "recordType", "recordId", "from", "to"] as const;

/** Reads the filters from a query string: field-level errors instead of a query when any is wrong. */
export function parseAuditFilters(query: URLSearchParams | Record<string, string | string[] | undefined>): ParsedFilters {
  const values: Record<string, string> = {};
  for (const key of FILTER_KEYS) {
    const raw = query instanceof URLSearchParams ? query.get(key) : query[key];
    const value = Array.isArray(raw) ? raw[0] : raw;
    if (value) values[key] = value;
  }
  const parsed = ZAuditFilters.safeParse(values);
  if (parsed.success) return { ok: true, filters: parsed.data };
  const fieldErrors: Record<string, string> = {};
  for (const issue of parsed.error.issues) fieldErrors[String(issue.path[0] ?? "form")] ??= issue.message;
  return { ok: false, fieldErrors, values };
}

/** The filters back as a query string (for paging links and the export links). */
export function filtersQuery(filters: AuditFilters, extra: Record<string, string> = {}): string {
  const query = new URLSearchParams();
  for (const key of FILTER_KEYS) if (filters[key]) query.set(key, filters[key]!);
  for (const [key, value] of Object.entries(extra)) query.set(key, value);
  const text = query.toString();
  return text ? `?${text}` : "";
}

const viaApiKey: Prisma.AuditLogWhereInput = { metadata: { path: ["apiKeyId"], not: Prisma.AnyNull } };
const dayStart = (day: string) => new Date(`${day}T00:00:00.000Z`);
const nextDayStart = (day: string) => new Date(dayStart(day).getTime() + 86_400_000);

/**
 * The where clause. The three kinds of actor split the log: a member's own
 * entries (not those of API keys they created), API keys', and no user's.
 * Dates are whole UTC days, both ends included.
 */
export function auditWhere(filters: AuditFilters): Prisma.AuditLogWhereInput {
  const and: Prisma.AuditLogWhereInput[] = [];
  if (filters.actor === ACTOR_API_KEY) and.push(viaApiKey);
  else if (filters.actor === ACTOR_NONE) and.push({ actorUserId: null });
  else if (filters.actor) and.push({ actorUserId: filters.actor }, { NOT: viaApiKey });
  if (filters.action) and.push({ action: filters.action });
  if (filters.recordType) and.push({ targetType: filters.recordType });
  if (filters.recordId) and.push({ targetId: filters.recordId });
  if (filters.from) and.push({ createdAt: { gte: dayStart(filters.from) } });
  if (filters.to) and.push({ createdAt: { lt: nextDayStart(filters.to) } });
  return { AND: and };
}
