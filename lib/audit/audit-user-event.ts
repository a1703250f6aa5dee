import { db, scopeTransaction, setTenant, setUser } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import { audit } from "./audit";

export interface RequestOrigin {
  ip?: string | null;
  userAgent?: string | null;
  requestId?: string | null;
}

/**
 * An account event (sign-in, password change, two-factor) goes into the audit
 * log of every workshop the user belongs to: each workshop's admins see their
 * staff's account activity, and no workshop sees another's. Written in the
 * caller's transaction, so the entries exist if and only if the change does.
 */
export async function auditUserEventIn(
  tx: Prisma.TransactionClient,
  userId: string,
  action: string,
  origin: RequestOrigin,
  metadata: Prisma.InputJsonObject = {},
): Promise<void> {
  await setUser(tx, userId);
  const memberships = await tx.membership.findMany({ where: { userId }, select: { organizationId: true } });
  for (const { organizationId: orgId } of memberships) {
    // Each set_config replaces the last, within this one transaction.
    await setTenant(tx, orgId);
    await audit(scopeTransaction(tx, orgId), { orgId, userId, ...origin }, action, { type: "User", id: userId }, metadata);
  }
}

/** An account event with no other change to commit alongside it (sign-in results). */
export async function auditUserEvent(userId: string, action: string, origin: RequestOrigin, metadata: Prisma.InputJsonObject = {}) {
  await db().$transaction((tx) => auditUserEventIn(tx, userId, action, origin, metadata));
}
