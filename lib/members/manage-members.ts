import { z } from "zod";
import { audit } from "@/lib/audit/audit";
import { db, withTenant } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { Role } from "@/lib/generated/prisma/client";
import { actorOf, type OrgContext } from "@/lib/org/context";
import { authorize, canAssignRole, canRemoveMember } from "@/lib/rbac";
import { actorRoleNow, assertAnotherOwnerRemains, findMembershipOr404, lockMembers } from "./member-lock";

export const ZChangeRole = z.object({ membershipId: z.string().uuid(), role: z.enum(Role, { message: "Choose a role." }) });

export async function listMembers(ctx: OrgContext) {
  await authorize(ctx, "member.read");
  const { memberships, invitations } = await withTenant(ctx.orgId, async (tx) => ({
    memberships: await tx.membership.findMany({ orderBy: { createdAt: "asc" } }),
    invitations: await tx.invitation.findMany({
      where: { acceptedAt: null, revokedAt: null },
      orderBy: { createdAt: "desc" },
    }),
  }));
  const users = await db().user.findMany({
    where: { id: { in: memberships.map((m) => m.userId) } },
    select: { id: true, name: true, email: true, mfaEnabledAt: true },
  });
  const byId = new Map(users.map((u) => [u.id, u]));
  return {
    members: memberships.map((m) => ({
      membershipId: m.id,
      userId: m.userId,
      role: m.role,
      name: byId.get(m.userId)?.name ?? "",
      email: byId.get(m.userId)?.email ?? "",
      mfaEnabled: Boolean(byId.get(m.userId)?.mfaEnabledAt),
      joinedAt: m.createdAt,
    })),
    invitations: invitations.map((i) => ({
      invitationId: i.id, email: i.email, role: i.role, expiresAt: i.expiresAt, expired: i.expiresAt.getTime() <= Date.now(),
    })),
  };
}

export async function changeMemberRole(ctx: OrgContext, membershipId: string, role: Role) {
  await authorize(ctx, "member.updateRole");
  await withTenant(ctx.orgId, async (tx) => {
    await lockMembers(tx);
    const actorRole = await actorRoleNow(tx, ctx.userId);
    const target = await findMembershipOr404(tx, membershipId);
    if (target.role === role) return;
    if (!canAssignRole(actorRole, target.role, role)) {
      throw new AppError("FORBIDDEN", "You cannot give a role above your own, or change someone above you.");
    }
    if (target.role === "OWNER") await assertAnotherOwnerRemains(tx);
    await tx.membership.update({ where: { organizationId_id: { organizationId: ctx.orgId, id: target.id } }, data: { role } });
    await audit(tx, actorOf(ctx), "MEMBER_ROLE_CHANGED", { type: "Membership", id: target.id }, {
      userId: target.userId, from: target.role, to: role,
    });
  });
}

/** Removes the member and ends their sessions at once. */
export async function removeMember(ctx: OrgContext, membershipId: string) {
  await authorize(ctx, "member.remove");
  await withTenant(ctx.orgId, async (tx, global) => {
    await lockMembers(tx);
    const actorRole = await actorRoleNow(tx, ctx.userId);
    const target = await findMembershipOr404(tx, membershipId);
    if (!canRemoveMember(actorRole, target.role)) throw new AppError("FORBIDDEN", "You cannot remove someone above your own role.");
    if (target.role === "OWNER") await assertAnotherOwnerRemains(tx);
    await tx.membership.delete({ where: { organizationId_id: { organizationId: ctx.orgId, id: target.id } } });
    // Their pending invitations go with them.
    await tx.invitation.updateMany({ where: { invitedByUserId: target.userId, acceptedAt: null, revokedAt: null }, data: { revokedAt: new Date() } });
    await global.user.update({ where: { id: target.userId }, data: { sessionVersion: { increment: 1 } } });
    await audit(tx, actorOf(ctx), "MEMBER_REMOVED", { type: "Membership", id: target.id }, { userId: target.userId, role: target.role });
  });
}

/** The current owner hands OWNER to another member and becomes an ADMIN. */
export async function transferOwnership(ctx: OrgContext, membershipId: string) {
  await authorize(ctx, "ownership.transfer");
  await withTenant(ctx.orgId, async (tx) => {
    await lockMembers(tx);
    const target = await findMembershipOr404(tx, membershipId);
    if (target.userId === ctx.userId) throw new AppError("VALIDATION_FAILED", "Choose another member to hand ownership to.");
    const self = await tx.membership.findFirst({ where: { userId: ctx.userId } });
    if (!self || self.role !== "OWNER") throw new AppError("FORBIDDEN", "Only an owner can transfer ownership.");
    await tx.membership.update({ where: { organizationId_id: { organizationId: ctx.orgId, id: target.id } }, data: { role: "OWNER" } });
    await tx.membership.update({ where: { organizationId_id: { organizationId: ctx.orgId, id: self.id } }, data: { role: "ADMIN" } });
    await audit(tx, actorOf(ctx), "OWNERSHIP_TRANSFERRED", { type: "Membership", id: target.id }, {
      from: ctx.userId, to: target.userId, previousRole: target.role,
    });
  });
}
