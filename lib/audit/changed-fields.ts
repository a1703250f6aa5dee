import type { Prisma } from "@/lib/generated/prisma/client";

/** What an update changed, as { field: { from, to } }, for the audit entry (never the whole record). */
export function changedFields(before: Record<string, unknown>, after: Record<string, unknown>): Prisma.InputJsonObject {
  const plain = (value: unknown) => (value instanceof Date ? value.toISOString() : String(value ?? ""));
  const changes: Record<string, { from: unknown; to: unknown }> = {};
  for (const [key, value] of Object.entries(after)) {
    const previous = before[key] ?? null;
    if (plain(previous) !== plain(value)) changes[key] = { from: previous, to: value ?? null };
  }
  // JSON round-trip: dates become strings, exactly as JSONB will store them.
  return JSON.parse(JSON.stringify(changes)) as Prisma.InputJsonObject;
}
