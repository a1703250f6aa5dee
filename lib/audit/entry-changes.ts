// How an entry's metadata is shown: fields an update changed as before/after,
// anything else as key/value rows.
import { withTenant } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import { log } from "@/lib/log/logger";
import { readableMetadata } from "./personal-data";

/**
 * The one place metadata passes through before anyone sees it (viewer and
 * exports): a customer's sealed personal values opened while their key exists,
 * marked erased once it was shredded (lib/audit/personal-data.ts). Batched, so
 * an export opens a whole page in one transaction.
 */
export async function renderableMetadata(orgId: string, metadata: Prisma.JsonValue[]): Promise<Prisma.JsonValue[]> {
  return withTenant(orgId, async (tx) => {
    const readable: Prisma.JsonValue[] = [];
    // One after another: an interactive transaction runs one query at a time.
    for (const item of metadata) {
      try {
        readable.push(await readableMetadata(tx, item));
      } catch (error) {
        // A key that no longer opens (NEXTAUTH_SECRET changed) must not hide the whole log: shown as stored, sealed.
        log.error({ event: "audit_metadata_unreadable", orgId, err: error }, "audit metadata could not be opened for display");
        readable.push(item);
      }
    }
    return readable;
  });
}

export interface FieldChange {
  field: string;
  from: string;
  to: string;
}

export interface EntryDetails {
  changes: FieldChange[];
  details: Array<{ key: string; value: string }>;
}

const isChange = (value: unknown): value is { from: unknown; to: unknown } =>
  Boolean(value) && typeof value === "object" && !Array.isArray(value) &&
  Object.keys(value as object).length === 2 && "from" in (value as object) && "to" in (value as object);

const isErased = (value: unknown) =>
  Boolean(value) && typeof value === "object" && !Array.isArray(value) && (value as Record<string, unknown>).erased === true && Object.keys(value as object).length === 1;

/** A stored value as text: strings as they are, nothing as an empty cell, the rest as JSON. */
export function shown(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (isErased(value)) return "(erased)";
  return typeof value === "string" ? value : JSON.stringify(value);
}

/** Metadata of the changedFields shape ({ field: { from, to } }) becomes before/after rows; other keys stay key/value. */
export function entryDetails(metadata: Prisma.JsonValue): EntryDetails {
  const result: EntryDetails = { changes: [], details: [] };
  if (!metadata || typeof metadata !== "object" || Array.isArray(metadata)) {
    if (metadata !== null) result.details.push({ key: "value", value: shown(metadata) });
    return result;
  }
  for (const [key, value] of Object.entries(metadata)) {
    if (isChange(value)) result.changes.push({ field: key, from: shown(value.from), to: shown(value.to) });
    else result.details.push({ key, value: shown(value) });
  }
  // JSONB stores keys by length, then bytes: alphabetical reads better.
  result.changes.sort((x, y) => x.field.localeCompare(y.field));
  result.details.sort((x, y) => x.key.localeCompare(y.key));
  return result;
}
