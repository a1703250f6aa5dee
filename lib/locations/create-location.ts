import { z } from "zod";
import { audit } from "@/lib/audit/audit";
import { assertQuota, withQuotaAudit } from "@/lib/billing/quota";
import { withTenant } from "@/lib/db";
import { actorOf, type OrgContext } from "@/lib/org/context";
import { authorize } from "@/lib/rbac";

export const ZCreateLocation = z.object({
  name: z.string().trim().min(1, "Enter the site's name.").max(120),
  timezone: z.string().trim().min(1).max(64),
});

export async function createLocation(ctx: OrgContext, input: z.infer<typeof ZCreateLocation>) {
  await authorize(ctx, "settings.update");
  return withQuotaAudit(ctx, () =>
    withTenant(ctx.orgId, async (tx) => {
      await assertQuota(tx, "locations");
      const location = await tx.location.create({ data: { organizationId: ctx.orgId, name: input.name, timezone: input.timezone } });
      await audit(tx, actorOf(ctx), "location.create", { type: "Location", id: location.id }, { name: location.name });
      return location;
    }),
  );
}
