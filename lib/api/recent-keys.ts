// API keys this instance resolved moments ago, by hash, so that a call from a workshop that has
// already spent its per-minute limit is refused before the key lookup. A client flooding past
// its limit then costs one Redis read per call instead of a database transaction, and cannot
// slow the other workshops down (measured by `npm run load`). Only refusals rely on it: every
// answered call still resolves its key in the database, so a revoked key or a new plan never
// reads data on stale terms; a refusal may use a plan up to TTL_MS old.
import { hashApiKey } from "@/lib/api-keys/api-key-format";
import type { ApiKeyPrincipal } from "@/lib/api-keys/resolve-api-key";

const TTL_MS = 10_000;
const MAX_KEYS = 10_000;

const cache = globalThis as unknown as { awmsRecentKeys?: Map<string, { principal: ApiKeyPrincipal; until: number }> };
const recent = () => (cache.awmsRecentKeys ??= new Map());

export function rememberKey(key: string, principal: ApiKeyPrincipal, now = Date.now()) {
  const keys = recent();
  // A crude bound: many distinct keys a second is not the flood this is for.
  if (keys.size >= MAX_KEYS) keys.clear();
  keys.set(hashApiKey(key), { principal, until: now + TTL_MS });
}

export function forgetKey(key: string) {
  recent().delete(hashApiKey(key));
}

/** The key's principal when this instance resolved it within the last TTL_MS. */
export function recentlyResolved(key: string, now = Date.now()): ApiKeyPrincipal | null {
  const hash = hashApiKey(key);
  const entry = recent().get(hash);
  if (!entry) return null;
  if (entry.until > now) return entry.principal;
  recent().delete(hash);
  return null;
}
