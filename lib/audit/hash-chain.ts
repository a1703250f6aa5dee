import { createHash } from "node:crypto";
import { canonicalJson } from "./canonical-json";

export const GENESIS_HASH = "0".repeat(64);

/** The fields of an audit row that its hash covers (everything but id and the hashes). */
export interface ChainedAuditFields {
  organizationId: string;
  seq: number;
  action: string;
  actorUserId: string | null;
  targetType: string | null;
  targetId: string | null;
  metadata: unknown;
  ip: string | null;
  userAgent: string | null;
  requestId: string | null;
  createdAt: Date;
}

/** hash = sha256(prevHash + canonical row): altering, removing or reordering a row breaks every later link. */
export function chainHash(prevHash: string, row: ChainedAuditFields): string {
  const canonical = canonicalJson({ ...row, createdAt: row.createdAt.toISOString() });
  return createHash("sha256").update(prevHash).update(canonical).digest("hex");
}
