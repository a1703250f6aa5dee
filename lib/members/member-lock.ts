import { tenantOf, type TenantTx } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { Role } from "@/lib/generated/prisma/client";
import { isUuid } from "@/lib/ids";

/**
 * Serializes membership changes within one workshop, so two admins demoting
 * the last two owners at once cannot leave it with none.
 */
export async function lockMembers(tx: TenantTx) {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`members:${tenantOf(tx)}`}, 0))`;
}

export async function assertAnotherOwnerRemains(tx: TenantTx) {
  const owners = await tx.membership.count({ where: { role: "OWNER" } });
  if (owners <= 1) {
    throw new AppError("CONFLICT", "A workshop must keep at least one owner. Transfer ownership first.");
  }
}

export async function findMembershipOr404(tx: TenantTx, membershipId: string) {
  const membership = isUuid(membershipId)
    ? await tx.membership.findFirst({ where: { id: membershipId } })
    : null;
  if (!membership) throw new AppError("NOT_FOUND", "That member was not found.");
  return membership;
}

/**
 * The acting member's role as it is now, read under the lock: a request that
 * began before its actor was demoted or removed acts with the new role, or not at all.
 */
export async function actorRoleNow(tx: TenantTx, userId: string): Promise<Role> {
  const membership = await tx.membership.findFirst({ where: { userId }, select: { role: true } });
  if (!membership) throw new AppError("FORBIDDEN", "You are no longer a member of this workshop.");
  return membership.role;
}
