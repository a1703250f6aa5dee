import { listUserMemberships, withTenant } from "@/lib/db";
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
 * staff's account activity, and no workshop sees another's.
 */
export async function auditUserEvent(
  userId: string,
  action: string,
  origin: RequestOrigin,
  metadata: Prisma.InputJsonObject = {},
): Promise<void> {
  for (const membership of await listUserMemberships(userId)) {
    const orgId = membership.organizationId;
    await withTenant(orgId, (tx) =>
      audit(tx, { orgId, userId, ...origin }, action, { type: "User", id: userId }, metadata),
    );
  }
}
