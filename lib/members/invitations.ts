import { z } from "zod";
import { audit } from "@/lib/audit/audit";
import { withTenant, type TenantTx } from "@/lib/db";
import { appUrl } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { Role } from "@/lib/generated/prisma/client";
import { sendMail } from "@/lib/mail/send-mail";
import { actorOf, type OrgContext } from "@/lib/org/context";
import { authorize, canAssignRole } from "@/lib/rbac";
import { newToken } from "@/lib/auth/tokens";
import { assertQuota, withQuotaAudit } from "@/lib/billing/quota";
import { actorRoleNow, lockMembers } from "./member-lock";
import { isUuid } from "@/lib/ids";

export const INVITATION_TTL_MS = 7 * 24 * 60 * 60 * 1000;

export const ZInvite = z.object({
  email: z.string().trim().toLowerCase().email("Enter a valid email address.").max(254),
  role: z.enum(Role, { message: "Choose a role." }),
});

export function invitationLink(orgSlug: string, token: string) {
  return `${appUrl()}/invitations/accept?org=${encodeURIComponent(orgSlug)}&token=${encodeURIComponent(token)}`;
}

async function mailInvitation(ctx: OrgContext, email: string, role: Role, token: string) {
  await sendMail({
    to: email,
    subject: `You're invited to ${ctx.orgName} on AWMS`,
    text:
      `You have been invited to join ${ctx.orgName} on AWMS as ${role.replace("_", " ").toLowerCase()}.\n\n` +
      `Accept within 7 days:\n\n${invitationLink(ctx.orgSlug, token)}\n`,
  });
}

async function findPendingOr404(tx: TenantTx, invitationId: string) {
  const invitation = isUuid(invitationId)
    ? await tx.invitation.findFirst({ where: { id: invitationId, acceptedAt: null, revokedAt: null } })
    : null;
  if (!invitation) throw new AppError("NOT_FOUND", "That invitation was not found or is no longer pending.");
  return invitation;
}

export async function inviteMember(ctx: OrgContext, input: z.infer<typeof ZInvite>) {
  await authorize(ctx, "member.invite");
  if (!canAssignRole(ctx.role, null, input.role)) {
    throw new AppError("FORBIDDEN", "You cannot invite someone with a role above your own.", { fields: { role: "Above your own role." } });
  }
  const { token, hash } = newToken();
  const invitation = await withQuotaAudit(ctx, () => withTenant(ctx.orgId, async (tx, global) => {
    // Serialized with other membership changes: two invitations to one email cannot both be created.
    await lockMembers(tx);
    if (!canAssignRole(await actorRoleNow(tx, ctx.userId), null, input.role)) {
      throw new AppError("FORBIDDEN", "You cannot invite someone with a role above your own.", { fields: { role: "Above your own role." } });
    }
    const existingUsers = await tx.membership.findMany({ select: { userId: true } });
    const member = await global.user.findFirst({ where: { email: input.email, id: { in: existingUsers.map((m) => m.userId) } } });
    if (member) throw new AppError("CONFLICT", "Already a member.", { fields: { email: `${input.email} is already a member of ${ctx.orgName}.` } });
    const pending = await tx.invitation.findFirst({ where: { email: input.email, acceptedAt: null, revokedAt: null, expiresAt: { gt: new Date() } } });
    if (pending) throw new AppError("CONFLICT", "Already invited.", { fields: { email: "An invitation is already pending for this email: resend it instead." } });
    await assertQuota(tx, "seats");
    const created = await tx.invitation.create({
      data: {
        organizationId: ctx.orgId, email: input.email, role: input.role, tokenHash: hash,
        invitedByUserId: ctx.userId, expiresAt: new Date(Date.now() + INVITATION_TTL_MS),
      },
    });
    await audit(tx, actorOf(ctx), "MEMBER_INVITED", { type: "Invitation", id: created.id }, { email: input.email, role: input.role });
    return created;
  }));
  await mailInvitation(ctx, input.email, input.role, token);
  return { invitationId: invitation.id };
}

/** A fresh link (the old one stops working) and a fresh 7 days. */
export async function resendInvitation(ctx: OrgContext, invitationId: string) {
  await authorize(ctx, "member.invite");
  const { token, hash } = newToken();
  const invitation = await withQuotaAudit(ctx, () => withTenant(ctx.orgId, async (tx) => {
    await lockMembers(tx);
    const pending = await findPendingOr404(tx, invitationId);
    if (!canAssignRole(await actorRoleNow(tx, ctx.userId), null, pending.role)) {
      throw new AppError("FORBIDDEN", "You cannot resend an invitation above your own role.");
    }
    // An expired invitation holds no seat; renewing it takes one again.
    if (pending.expiresAt.getTime() <= Date.now()) await assertQuota(tx, "seats");
    const updated = await tx.invitation.update({
      where: { organizationId_id: { organizationId: ctx.orgId, id: pending.id } },
      data: { tokenHash: hash, expiresAt: new Date(Date.now() + INVITATION_TTL_MS) },
    });
    await audit(tx, actorOf(ctx), "INVITATION_RESENT", { type: "Invitation", id: pending.id }, { email: pending.email });
    return updated;
  }));
  await mailInvitation(ctx, invitation.email, invitation.role, token);
}

export async function revokeInvitation(ctx: OrgContext, invitationId: string) {
  await authorize(ctx, "member.invite");
  await withTenant(ctx.orgId, async (tx) => {
    const pending = await findPendingOr404(tx, invitationId);
    await tx.invitation.update({
      where: { organizationId_id: { organizationId: ctx.orgId, id: pending.id } },
      data: { revokedAt: new Date() },
    });
    await audit(tx, actorOf(ctx), "INVITATION_REVOKED", { type: "Invitation", id: pending.id }, { email: pending.email });
  });
}
