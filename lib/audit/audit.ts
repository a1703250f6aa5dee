import { tenantOf, type TenantTx } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import { noteSecurityEvent, type SecurityEventKind } from "@/lib/alerts/anomaly";
import { chainHash, GENESIS_HASH } from "./hash-chain";

/** Who did it and from where; filled from the request by the caller's context. */
export interface AuditActor {
  orgId: string;
  userId?: string | null;
  ip?: string | null;
  userAgent?: string | null;
  requestId?: string | null;
  /** the API key the request came with, if any: kept in the entry's metadata */
  apiKeyId?: string | null;
}

export interface AuditTarget {
  type: string;
  id: string;
}

const ACTION = /^[A-Za-z][A-Za-z0-9_.]{1,99}$/;

/** Entries a workshop's anomaly alert counts (lib/alerts/anomaly.ts). */
const WATCHED: Record<string, SecurityEventKind> = { PERMISSION_DENIED: "permission-denied", LOGIN_FAILED: "login-failed", MFA_FAILED: "login-failed" };

/**
 * Appends one entry to the organization's chain inside the caller's
 * transaction, so the entry exists if and only if the change it records does.
 * Chain appends for one organization are serialized by a transaction-scoped
 * advisory lock; other organizations are not blocked.
 */
export async function audit(
  tx: TenantTx,
  actor: AuditActor,
  action: string,
  target: AuditTarget | null,
  metadata: Prisma.InputJsonObject = {},
) {
  const orgId = tenantOf(tx);
  if (actor.orgId !== orgId) throw new Error("audit actor belongs to another organization than the transaction");
  if (!ACTION.test(action)) throw new Error(`invalid audit action "${action}"`);

  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`audit:${orgId}`}, 0))`;
  const last = await tx.auditLog.findFirst({
    orderBy: { seq: "desc" },
    select: { seq: true, hash: true },
  });
  const fields = {
    organizationId: orgId,
    seq: (last?.seq ?? 0) + 1,
    action,
    actorUserId: actor.userId ?? null,
    targetType: target?.type ?? null,
    targetId: target?.id ?? null,
    // Round-trip through JSON so the hash covers exactly what JSONB will store.
    metadata: JSON.parse(JSON.stringify(actor.apiKeyId ? { ...metadata, apiKeyId: actor.apiKeyId } : metadata)) as Prisma.InputJsonObject,
    ip: actor.ip ?? null,
    userAgent: actor.userAgent ?? null,
    requestId: actor.requestId ?? null,
    createdAt: new Date(),
  };
  const prevHash = last?.hash ?? GENESIS_HASH;
  const entry = await tx.auditLog.create({
    data: { ...fields, prevHash, hash: chainHash(prevHash, fields) },
  });
  // Counted in the background: the refused request does not wait for the anomaly check.
  if (WATCHED[action]) void noteSecurityEvent(orgId, WATCHED[action]);
  return entry;
}
