import { audit } from "@/lib/audit/audit";
import { withTenant } from "@/lib/db";
import { authorize } from "@/lib/rbac";
import { actorOf, type OrgContext } from "./context";

export async function updateWorkshopSecurity(ctx: OrgContext, requireMfa: boolean) {
  await authorize(ctx, "settings.update");
  await withTenant(ctx.orgId, async (tx, global) => {
    await global.organization.update({ where: { id: ctx.orgId }, data: { requireMfa } });
    await audit(tx, actorOf(ctx), "SETTINGS_UPDATED", { type: "Organization", id: ctx.orgId }, { requireMfa });
  });
}
