import { hashToken } from "@/lib/auth/tokens";
import { db, withTenant, type TenantTx } from "@/lib/db";
import { appUrl } from "@/lib/env";
import { AppError } from "@/lib/errors";

/** How long a customer has to answer an emailed estimate. */
export const APPROVAL_LINK_TTL_MS = 72 * 60 * 60 * 1000;

export function approvalUrl(orgSlug: string, token: string) {
  return `${appUrl()}/estimate/${encodeURIComponent(orgSlug)}/${encodeURIComponent(token)}`;
}

const TOKEN = /^[A-Za-z0-9_-]{20,100}$/;
const SLUG = /^[a-z0-9-]{1,64}$/;

export const isWellFormedLink = (orgSlug: string, token: string) => SLUG.test(orgSlug) && TOKEN.test(token);

/** One message for every link that does not open, so a guess learns nothing about why. */
export const unknownLink = () => new AppError("NOT_FOUND", "This link is not valid. Ask the workshop to send a new one.");

/**
 * Finds the workshop from the slug in the link and the link by its token's hash,
 * under that workshop's RLS: a token from another workshop matches nothing.
 */
export async function withApprovalLink<T>(orgSlug: string, token: string, work: (tx: TenantTx, link: ApprovalLinkRow, org: LinkOrganization) => Promise<T>) {
  if (!isWellFormedLink(orgSlug, token)) throw unknownLink();
  const organization = await db().organization.findUnique({ where: { slug: orgSlug } });
  if (!organization) throw unknownLink();
  return withTenant(organization.id, async (tx) => {
    const link = await tx.approvalLink.findFirst({ where: { tokenHash: hashToken(token) } });
    if (!link) throw unknownLink();
    if (link.revokedAt) throw new AppError("CONFLICT", "This estimate has changed or a newer link was sent. Use the latest email from the workshop, or call them.");
    if (link.usedAt) throw new AppError("CONFLICT", "This estimate was already answered. Call the workshop to change your decision.");
    if (link.expiresAt.getTime() <= Date.now()) throw new AppError("CONFLICT", "This link has expired. Ask the workshop to send a new one.");
    return work(tx, link, organization);
  });
}

export type ApprovalLinkRow = NonNullable<Awaited<ReturnType<TenantTx["approvalLink"]["findFirst"]>>>;
export type LinkOrganization = NonNullable<Awaited<ReturnType<ReturnType<typeof db>["organization"]["findUnique"]>>>;
