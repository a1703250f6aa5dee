import { z } from "zod";
import { audit } from "@/lib/audit/audit";
import type { RequestOrigin } from "@/lib/audit/audit-user-event";
import { db, scopeTransaction, setTenant } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { hashPassword, ZPassword } from "@/lib/auth/password";
import { hashToken } from "@/lib/auth/tokens";
import { assertQuota, QuotaExceededError, withQuotaAudit } from "@/lib/billing/quota";
import { Prisma } from "@/lib/generated/prisma/client";
import { roleRank } from "@/lib/rbac";
import { lockMembers } from "./member-lock";

export const ZAcceptWithNewAccount = z
  .object({ name: z.string().trim().min(1, "Enter your name.").max(100), password: ZPassword, confirm: z.string() })
  .refine((v) => v.password === v.confirm, { path: ["confirm"], message: "The passwords do not match." });

const invalid = () =>
  new AppError("NOT_FOUND", "This invitation link is invalid, expired, revoked or already used. Ask for a new one.");

/** The pending invitation behind a link, or null. Reading it needs the workshop (from the link) for RLS. */
export async function findPendingInvitation(orgSlug: string, token: string) {
  if (!/^[a-z0-9-]{1,64}$/.test(orgSlug) || token.length < 20 || token.length > 200) return null;
  const organization = await db().organization.findUnique({ where: { slug: orgSlug } });
  if (!organization) return null;
  const invitation = await db().$transaction(async (raw) => {
    await setTenant(raw, organization.id);
    return scopeTransaction(raw, organization.id).invitation.findFirst({
      where: { tokenHash: hashToken(token), acceptedAt: null, revokedAt: null, expiresAt: { gt: new Date() } },
    });
  });
  return invitation ? { organization, invitation } : null;
}

type Acceptor = { userId: string } | { newAccount: z.infer<typeof ZAcceptWithNewAccount> };

/**
 * Joins the workshop with the invited role: as the signed-in user (whose
 * email must be the invited one) or as a new account for the invited email.
 * User, membership and the used-up invitation commit together.
 */
export async function acceptInvitation(orgSlug: string, token: string, acceptor: Acceptor, origin: RequestOrigin) {
  const found = await findPendingInvitation(orgSlug, token);
  if (!found) throw invalid();
  const { organization, invitation } = found;

  let existingUserId: string | null = null;
  if ("userId" in acceptor) {
    const user = await db().user.findUniqueOrThrow({ where: { id: acceptor.userId } });
    if (user.email !== invitation.email) {
      throw new AppError("FORBIDDEN", `This invitation is for ${invitation.email}. Sign out and sign in as that account to accept it.`);
    }
    existingUserId = user.id;
  } else if (await db().user.findUnique({ where: { email: invitation.email }, select: { id: true } })) {
    throw new AppError("CONFLICT", `An account for ${invitation.email} already exists. Sign in to accept the invitation.`);
  }
  const passwordHash = "newAccount" in acceptor ? await hashPassword(acceptor.newAccount.password) : null;
  const newName = "newAccount" in acceptor ? acceptor.newAccount.name : null;

  try {
    return await withQuotaAudit({ orgId: organization.id, userId: existingUserId, ...origin }, () => db().$transaction(async (raw) => {
      const userId =
        existingUserId ?? (await raw.user.create({ data: { email: invitation.email, name: newName ?? "", passwordHash } })).id;
      await setTenant(raw, organization.id);
      const tx = scopeTransaction(raw, organization.id);
      await lockMembers(tx);
      // An invitation is only as good as its sender: once they are removed or
      // demoted below the invited role, it no longer works.
      const inviter = await tx.membership.findFirst({ where: { userId: invitation.invitedByUserId }, select: { role: true } });
      if (!inviter || roleRank(inviter.role) < roleRank(invitation.role)) throw invalid();
      const claimed = await tx.invitation.updateMany({
        where: { id: invitation.id, acceptedAt: null, revokedAt: null, expiresAt: { gt: new Date() } },
        data: { acceptedAt: new Date() },
      });
      if (claimed.count !== 1) throw invalid();
      if (await tx.membership.findFirst({ where: { userId } })) {
        throw new AppError("CONFLICT", `You are already a member of ${organization.name}.`);
      }
      await assertQuota(tx, "members");
      await tx.membership.create({ data: { organizationId: organization.id, userId, role: invitation.role } });
      await audit(tx, { orgId: organization.id, userId, ...origin }, "INVITATION_ACCEPTED", { type: "Invitation", id: invitation.id }, {
        email: invitation.email,
        role: invitation.role,
      });
      return { userId, email: invitation.email, orgSlug: organization.slug };
    }));
  } catch (error) {
    // The invitee cannot upgrade the workshop's plan; tell them who can.
    if (error instanceof QuotaExceededError) {
      throw new AppError("QUOTA_EXCEEDED", `${organization.name} has no free seat on its plan right now. Ask its owner to upgrade, then open the link again.`);
    }
    // Two tabs accepting with a new account at once: the second finds the account taken.
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      throw new AppError("CONFLICT", `An account for ${invitation.email} already exists. Sign in to accept the invitation.`);
    }
    throw error;
  }
}
