import { headers } from "next/headers";
import { notFound, redirect } from "next/navigation";
import { cache } from "react";
import { clientIp } from "@/lib/http/client-ip";
import { db, withTenant } from "@/lib/db";
import type { Plan, Role } from "@/lib/generated/prisma/client";
import { requireUser } from "@/lib/auth/session";
import type { AuditActor } from "@/lib/audit/audit";

/** Who is acting, in which workshop, with which role: verified on the server for every request. */
export interface OrgContext {
  orgId: string;
  orgSlug: string;
  orgName: string;
  userId: string;
  role: Role;
  /** the workshop requires two-factor authentication of its members */
  requireMfa: boolean;
  /** the workshop's plan when the request began: sets its rate limits */
  plan: Plan;
  ip: string | null;
  userAgent: string | null;
  requestId: string | null;
  /** set when the request came with an API key (lib/api): its audit entries name the key */
  apiKeyId?: string;
}

export interface RequestMeta {
  ip: string | null;
  userAgent: string | null;
  requestId: string | null;
}

export async function requestMeta(): Promise<RequestMeta> {
  const h = await headers();
  return {
    ip: clientIp(h.get("x-forwarded-for")),
    userAgent: h.get("user-agent")?.slice(0, 500) ?? null,
    requestId: h.get("x-request-id"),
  };
}

export function actorOf(ctx: OrgContext): AuditActor {
  return { orgId: ctx.orgId, userId: ctx.userId, ip: ctx.ip, userAgent: ctx.userAgent, requestId: ctx.requestId, ...(ctx.apiKeyId ? { apiKeyId: ctx.apiKeyId } : {}) };
}

/** Loads the membership for a workshop slug; null when the user is not a member (or the slug is unknown). */
export async function loadOrgContext(userId: string, orgSlug: string, meta: RequestMeta): Promise<OrgContext | null> {
  if (!/^[a-z0-9-]{1,64}$/.test(orgSlug)) return null;
  const organization = await db().organization.findUnique({ where: { slug: orgSlug } });
  // A closed workshop (GDPR closure) opens for nobody; its row stays so the slug is never reused.
  if (!organization || organization.closedAt) return null;
  const membership = await withTenant(organization.id, (tx) =>
    tx.membership.findFirst({ where: { userId }, select: { role: true } }),
  );
  if (!membership) return null;
  return {
    orgId: organization.id,
    orgSlug: organization.slug,
    orgName: organization.name,
    userId,
    role: membership.role,
    requireMfa: organization.requireMfa,
    plan: organization.plan,
    ...meta,
  };
}

/**
 * The only way a page or action gets an organization: the slug from the URL
 * (unverified) becomes a context only once the membership is loaded here.
 * Not a member, or no such workshop: 404, so ids and slugs reveal nothing.
 */
export const requireOrgContext = cache(async (orgSlug: string): Promise<OrgContext> => {
  const user = await requireUser();
  const ctx = await loadOrgContext(user.id, orgSlug, await requestMeta());
  if (!ctx) notFound();
  if (ctx.requireMfa && !user.mfaEnabled) redirect(`/account/security?required=${encodeURIComponent(orgSlug)}`);
  return ctx;
});
