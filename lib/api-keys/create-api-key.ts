import { z } from "zod";
import { audit } from "@/lib/audit/audit";
import { PLANS } from "@/lib/billing/plans";
import { withTenant } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { ApiKeyScope } from "@/lib/generated/prisma/client";
import { actorOf, type OrgContext } from "@/lib/org/context";
import { authorize } from "@/lib/rbac";
import { generateApiKey } from "./api-key-format";

export const ZCreateApiKey = z.object({
  name: z.string().trim().min(1, "Name the key after the integration that will use it.").max(100, "Use at most 100 characters."),
  scope: z.enum(ApiKeyScope, { message: "Choose read only or read and write." }),
});

export type CreateApiKeyInput = z.infer<typeof ZCreateApiKey>;

/**
 * Creates a key for an integration. The key itself is returned here once and
 * never stored (only its hash), nor written to the audit entry.
 */
export async function createApiKey(ctx: OrgContext, raw: z.input<typeof ZCreateApiKey>) {
  await authorize(ctx, "apiKey.manage");
  // A key the plan would refuse on every request is no use; existing keys stay listed and revocable after a downgrade.
  if (!PLANS[ctx.plan].features.apiAccess) {
    throw new AppError("PLAN_FEATURE", `The ${PLANS[ctx.plan].label} plan does not include API access. An owner can upgrade on the billing page.`);
  }
  const input = ZCreateApiKey.parse(raw);
  const { key, keyHash, lastFour } = generateApiKey(ctx.orgId);
  const apiKey = await withTenant(ctx.orgId, async (tx) => {
    const created = await tx.apiKey.create({
      data: { organizationId: ctx.orgId, name: input.name, scope: input.scope, keyHash, lastFour, createdByUserId: ctx.userId },
      select: { id: true, name: true, scope: true, lastFour: true, createdAt: true },
    });
    await audit(tx, actorOf(ctx), "apiKey.create", { type: "ApiKey", id: created.id }, { name: created.name, scope: created.scope, lastFour });
    return created;
  });
  return { apiKey, key };
}
