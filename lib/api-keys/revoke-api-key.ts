import { z } from "zod";
import { audit } from "@/lib/audit/audit";
import { withTenant } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { isUuid } from "@/lib/ids";
import { actorOf, type OrgContext } from "@/lib/org/context";
import { authorize } from "@/lib/rbac";

export const ZRevokeApiKey = z.object({ apiKeyId: z.string().uuid() });

/** Revokes a key for good: its next request gets 401. Revoking a revoked key changes nothing. */
export async function revokeApiKey(ctx: OrgContext, apiKeyId: string) {
  await authorize(ctx, "apiKey.manage");
  return withTenant(ctx.orgId, async (tx) => {
    const key = isUuid(apiKeyId) ? await tx.apiKey.findFirst({ where: { id: apiKeyId }, select: { id: true, name: true, lastFour: true, revokedAt: true } }) : null;
    if (!key) throw new AppError("NOT_FOUND", "That API key was not found.");
    if (key.revokedAt) return key;
    const revokedAt = new Date();
    // Conditional on "not yet revoked": two admins revoking at once write one audit entry.
    const changed = await tx.apiKey.updateMany({ where: { id: key.id, revokedAt: null }, data: { revokedAt } });
    if (changed.count === 1) {
      await audit(tx, actorOf(ctx), "apiKey.revoke", { type: "ApiKey", id: key.id }, { name: key.name, lastFour: key.lastFour });
    }
    return { ...key, revokedAt };
  });
}
