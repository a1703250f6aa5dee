// The API's page cursor is opaque to clients (they pass back what they were
// given), so its spelling can change without breaking them. Today it wraps the
// last id of the page (lib/pagination/keyset.ts).
import { isUuid } from "@/lib/ids";

const VERSION = 1;

export function encodeCursor(afterId: string): string {
  return Buffer.from(JSON.stringify({ v: VERSION, after: afterId }), "utf8").toString("base64url");
}

/** The id a cursor continues after, or null when it is not a cursor we issued. */
export function decodeCursor(cursor: string): string | null {
  if (!/^[A-Za-z0-9_-]{1,200}$/.test(cursor)) return null;
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    if (typeof value !== "object" || value === null) return null;
    const { v, after } = value as { v?: unknown; after?: unknown };
    return v === VERSION && typeof after === "string" && isUuid(after) ? after.toLowerCase() : null;
  } catch {
    return null;
  }
}
