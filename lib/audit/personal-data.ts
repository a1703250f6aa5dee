// Crypto-shredding of a customer's personal values in the append-only audit log.
// The log can never be edited, yet GDPR erasure must leave a customer's name,
// contact details, plate or VIN unreadable. So such values go into an entry's
// metadata encrypted with a key of that customer's own (DataSubjectKey); the
// hash chain covers the ciphertext, and erasure deletes the key: the values are
// gone while every link of the chain still verifies.
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { open, seal } from "@/lib/auth/secret-box";
import { tenantOf, type TenantTx } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import { changedFields } from "./changed-fields";

/** Where a personal value stood in the metadata: opened while the customer's key exists. */
export type SealedPersonal = { $sealed: string; subject: string };

/** What a sealed value reads as once the customer's key has been shredded. */
export const ERASED = { erased: true } as const;

const VERSION = "v1";

function isSealed(value: unknown): value is SealedPersonal {
  return typeof value === "object" && value !== null && !Array.isArray(value)
    && typeof (value as Record<string, unknown>).$sealed === "string" && typeof (value as Record<string, unknown>).subject === "string";
}

// The workshop and customer are bound in as associated data: a sealed value
// copied into another customer's (or workshop's) entry does not open.
const boundTo = (orgId: string, customerId: string) => Buffer.from(`${orgId}:${customerId}`, "utf8");

async function existingKey(tx: TenantTx, customerId: string): Promise<Buffer | null> {
  const row = await tx.dataSubjectKey.findFirst({ where: { customerId }, select: { sealedKey: true } });
  return row ? Buffer.from(open(row.sealedKey, "data-subject-key"), "base64") : null;
}

/**
 * The customer's key, made on first use in the caller's transaction. Two
 * transactions sealing for one new customer at once both end up with the key
 * that committed first: the loser's insert waits on the primary key, then does
 * nothing, and reads the winner's row.
 */
async function subjectKey(tx: TenantTx, customerId: string): Promise<Buffer> {
  const found = await existingKey(tx, customerId);
  if (found) return found;
  const sealedKey = seal(randomBytes(32).toString("base64"), "data-subject-key");
  await tx.$executeRaw`
    INSERT INTO "DataSubjectKey" ("organizationId", "customerId", "sealedKey")
    VALUES (${tenantOf(tx)}::uuid, ${customerId}::uuid, ${sealedKey})
    ON CONFLICT ("organizationId", "customerId") DO NOTHING`;
  const key = await existingKey(tx, customerId);
  if (!key) throw new Error("the data subject key could not be stored");
  return key;
}

function encrypt(orgId: string, customerId: string, key: Buffer, value: Prisma.InputJsonValue | null): SealedPersonal {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  cipher.setAAD(boundTo(orgId, customerId));
  const body = Buffer.concat([cipher.update(JSON.stringify(value), "utf8"), cipher.final()]);
  const parts = [VERSION, iv.toString("base64url"), body.toString("base64url"), cipher.getAuthTag().toString("base64url")];
  return { $sealed: parts.join(":"), subject: customerId };
}

function decrypt(orgId: string, key: Buffer, sealed: SealedPersonal): Prisma.JsonValue {
  const [version, iv, body, tag] = sealed.$sealed.split(":");
  if (version !== VERSION || !iv || body === undefined || !tag) throw new Error("unrecognised sealed value");
  const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64url"));
  decipher.setAAD(boundTo(orgId, sealed.subject));
  decipher.setAuthTag(Buffer.from(tag, "base64url"));
  const plain = Buffer.concat([decipher.update(Buffer.from(body, "base64url")), decipher.final()]).toString("utf8");
  return JSON.parse(plain) as Prisma.JsonValue;
}

/**
 * A customer's personal value (a name, an email, a plate, a {from, to} pair…)
 * as a JSON-safe marker to put in audit metadata in its place.
 */
export async function sealPersonal(tx: TenantTx, customerId: string, value: Prisma.InputJsonValue | null): Promise<SealedPersonal> {
  return encrypt(tenantOf(tx), customerId, await subjectKey(tx, customerId), value);
}

/**
 * The metadata of an update: what changed, as changedFields has it, with the
 * {from, to} of each personal field sealed with the customer's key and the
 * rest (kinds, flags, amounts, dates) in clear.
 */
export async function personalChanges(
  tx: TenantTx,
  customerId: string,
  before: Record<string, unknown>,
  after: Record<string, unknown>,
  personalFields: readonly string[],
): Promise<Prisma.InputJsonObject> {
  const changes = changedFields(before, after) as Record<string, Prisma.InputJsonValue>;
  const personal = Object.keys(changes).filter((field) => personalFields.includes(field));
  if (personal.length === 0) return changes;
  const key = await subjectKey(tx, customerId);
  const orgId = tenantOf(tx);
  return Object.fromEntries(
    Object.entries(changes).map(([field, change]) => [field, personal.includes(field) ? encrypt(orgId, customerId, key, change) : change]),
  );
}

function collectSubjects(value: unknown, into: Set<string>) {
  if (isSealed(value)) into.add(value.subject);
  else if (Array.isArray(value)) for (const item of value) collectSubjects(item, into);
  else if (typeof value === "object" && value !== null) for (const item of Object.values(value)) collectSubjects(item, into);
}

function openAll(value: Prisma.JsonValue, orgId: string, keys: Map<string, Buffer>): Prisma.JsonValue {
  if (isSealed(value)) {
    const key = keys.get(value.subject);
    if (!key) return { ...ERASED };
    try {
      return decrypt(orgId, key, value);
    } catch {
      // Not sealed with this customer's key in this workshop: shown as unreadable, never guessed at.
      return { unreadable: true };
    }
  }
  if (Array.isArray(value)) return value.map((item) => openAll(item, orgId, keys));
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([field, item]) => [field, openAll(item ?? null, orgId, keys)]));
  }
  return value;
}

/**
 * An entry's metadata as people may read it: sealed values opened while their
 * customer's key exists, `{ erased: true }` where it was shredded. Reads keys
 * through RLS, so another workshop's keys are never found.
 */
export async function unsealMetadata(tx: TenantTx, metadata: Prisma.JsonValue): Promise<Prisma.JsonValue> {
  const subjects = new Set<string>();
  collectSubjects(metadata, subjects);
  if (subjects.size === 0) return metadata;
  const rows = await tx.dataSubjectKey.findMany({ where: { customerId: { in: [...subjects] } }, select: { customerId: true, sealedKey: true } });
  const keys = new Map(rows.map((row) => [row.customerId, Buffer.from(open(row.sealedKey, "data-subject-key"), "base64")]));
  return openAll(metadata, tenantOf(tx), keys);
}

/** For the audit log viewer and its exports: what an entry's metadata says, with personal values opened or marked erased. */
export const readableMetadata = unsealMetadata;

/**
 * Crypto-shreds a customer: deletes their key, and the keys of the duplicates
 * merged into them (a merge keeps the duplicate's key for its own older
 * entries; they are the same person, so they are erased together). Returns the
 * customers whose keys were deleted. Call in the erasure's transaction.
 */
export async function shredSubjectKey(tx: TenantTx, customerId: string): Promise<string[]> {
  const subjects = new Set([customerId]);
  for (let frontier = [customerId]; frontier.length > 0;) {
    const merges = await tx.auditLog.findMany({
      where: { action: "customer.merge", targetType: "Customer", targetId: { in: frontier } },
      select: { metadata: true },
    });
    frontier = merges
      .map(({ metadata }) => (metadata as { mergedId?: unknown } | null)?.mergedId)
      .filter((id): id is string => typeof id === "string" && !subjects.has(id));
    for (const id of frontier) subjects.add(id);
  }
  const present = await tx.dataSubjectKey.findMany({ where: { customerId: { in: [...subjects] } }, select: { customerId: true } });
  await tx.dataSubjectKey.deleteMany({ where: { customerId: { in: present.map((row) => row.customerId) } } });
  return present.map((row) => row.customerId);
}
