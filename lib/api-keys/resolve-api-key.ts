import { withTenant } from "@/lib/db";
import type { ApiKeyScope, Plan, Role, SubscriptionStatus } from "@/lib/generated/prisma/client";
import { hasPermission } from "@/lib/rbac";
import { hashApiKey, parseApiKey } from "./api-key-format";

/** Writing lastUsedAt on every request would turn each read into a write; once a minute is enough to tell keys in use. */
const LAST_USED_RESOLUTION_MS = 60_000;

export interface ApiKeyPrincipal {
  apiKeyId: string;
  scope: ApiKeyScope;
  /** the key's creator: the API acts as them, with a role set by the scope */
  userId: string;
  orgId: string;
  orgSlug: string;
  orgName: string;
  plan: Plan;
  requireMfa: boolean;
  billing: { plan: Plan; subscriptionStatus: SubscriptionStatus; pastDueSince: Date | null; trialEndsAt: Date | null };
}

export type ApiKeyResolution =
  | { ok: true; principal: ApiKeyPrincipal }
  | { ok: false; reason: "malformed" | "unknown" | "revoked" | "creator-not-manager" | "creator-disabled" };

interface KeyRow {
  id: string;
  scope: ApiKeyScope;
  createdByUserId: string;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
  creatorRole: Role | null;
  creatorDisabledAt: Date | null;
  slug: string;
  orgName: string;
  plan: Plan;
  requireMfa: boolean;
  subscriptionStatus: SubscriptionStatus;
  pastDueSince: Date | null;
  trialEndsAt: Date | null;
}

/**
 * Finds the key's row in its workshop (RLS set from the id inside the key),
 * with its creator's membership and the workshop, in one round trip: this runs
 * before every API request.
 *
 * A key works only while its creator is still a member who may manage keys
 * (OWNER or ADMIN) and their account is not disabled: a key must not outlive
 * the authority of the person who issued it, so demoting or removing someone
 * switches off the integrations they set up (an owner then issues new keys).
 */
export async function resolveApiKey(key: string, now = new Date()): Promise<ApiKeyResolution> {
  const parsed = parseApiKey(key);
  if (!parsed) return { ok: false, reason: "malformed" };
  const keyHash = hashApiKey(key);
  return withTenant(parsed.orgId, async (tx) => {
    const [row] = await tx.$queryRaw<KeyRow[]>`
      SELECT k.id, k.scope, k."createdByUserId", k."revokedAt", k."lastUsedAt",
             m.role AS "creatorRole", u."disabledAt" AS "creatorDisabledAt",
             o.slug, o.name AS "orgName", o.plan, o."requireMfa", o."subscriptionStatus", o."pastDueSince", o."trialEndsAt"
        FROM "ApiKey" k
        JOIN "Organization" o ON o.id = k."organizationId"
        LEFT JOIN "Membership" m ON m."organizationId" = k."organizationId" AND m."userId" = k."createdByUserId"
        LEFT JOIN "User" u ON u.id = k."createdByUserId"
       WHERE k."organizationId" = ${parsed.orgId}::uuid AND k."keyHash" = ${keyHash}::bpchar`;
    if (!row) return { ok: false, reason: "unknown" };
    if (row.revokedAt) return { ok: false, reason: "revoked" };
    if (!row.creatorRole || !hasPermission(row.creatorRole, "apiKey.manage")) return { ok: false, reason: "creator-not-manager" };
    if (row.creatorDisabledAt) return { ok: false, reason: "creator-disabled" };
    if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() >= LAST_USED_RESOLUTION_MS) {
      // Conditional, so concurrent first requests of a minute write once between them.
      const cutoff = new Date(now.getTime() - LAST_USED_RESOLUTION_MS);
      await tx.apiKey.updateMany({ where: { id: row.id, OR: [{ lastUsedAt: null }, { lastUsedAt: { lte: cutoff } }] }, data: { lastUsedAt: now } });
    }
    const billing = { plan: row.plan, subscriptionStatus: row.subscriptionStatus, pastDueSince: row.pastDueSince, trialEndsAt: row.trialEndsAt };
    return {
      ok: true,
      principal: {
        apiKeyId: row.id, scope: row.scope, userId: row.createdByUserId,
        orgId: parsed.orgId, orgSlug: row.slug, orgName: row.orgName, plan: row.plan, requireMfa: row.requireMfa, billing,
      },
    };
  });
}
