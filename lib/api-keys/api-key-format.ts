// An API key is `awms_<workshop>_<secret>`: the workshop's 16-byte id and 32
// random bytes, both base64url. The workshop id is in the key so the lookup
// can name the tenant for row-level security before it reads ApiKey; the row
// is then found by the sha256 of the whole key. Looking up by hash leaves no
// secret-dependent comparison to time: the index compares hashes an attacker
// cannot choose the preimage of.
import { createHash, randomBytes } from "node:crypto";

const PREFIX = "awms_";
const FORMAT = /^awms_([A-Za-z0-9_-]{22})_([A-Za-z0-9_-]{43})$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface GeneratedApiKey {
  /** shown once to whoever created it; never stored */
  key: string;
  keyHash: string;
  lastFour: string;
}

export const hashApiKey = (key: string): string => createHash("sha256").update(key, "utf8").digest("hex");

function orgIdToToken(orgId: string): string {
  if (!UUID.test(orgId)) throw new Error("organization id is not a UUID");
  return Buffer.from(orgId.replace(/-/g, ""), "hex").toString("base64url");
}

function tokenToOrgId(token: string): string | null {
  const bytes = Buffer.from(token, "base64url");
  // Only the canonical spelling: 22 characters carry 4 spare bits that decoding ignores.
  if (bytes.length !== 16 || bytes.toString("base64url") !== token) return null;
  const hex = bytes.toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export function generateApiKey(orgId: string): GeneratedApiKey {
  const key = `${PREFIX}${orgIdToToken(orgId)}_${randomBytes(32).toString("base64url")}`;
  return { key, keyHash: hashApiKey(key), lastFour: key.slice(-4) };
}

/** The workshop a well-formed key names, or null for anything that cannot be a key. */
export function parseApiKey(key: string): { orgId: string } | null {
  const match = FORMAT.exec(key);
  if (!match) return null;
  const secret = match[2]!;
  if (Buffer.from(secret, "base64url").toString("base64url") !== secret) return null;
  const orgId = tokenToOrgId(match[1]!);
  return orgId ? { orgId } : null;
}

/** The key from an `Authorization: Bearer <key>` header, or null when there is none. */
export function bearerToken(header: string | null): string | null {
  const match = header ? /^Bearer +(\S+) *$/i.exec(header) : null;
  return match ? match[1]! : null;
}
