import { withTenant } from "@/lib/db";
import type { OrgContext } from "@/lib/org/context";
import { authorize } from "@/lib/rbac";

/** Every checklist for the settings page; only those in use for starting an inspection. */
export async function listTemplates(ctx: OrgContext, options: { activeOnly?: boolean } = {}) {
  await authorize(ctx, options.activeOnly ? "inspection.create" : "settings.update");
  return withTenant(ctx.orgId, (tx) =>
    tx.inspectionTemplate.findMany({
      where: options.activeOnly ? { active: true } : {},
      orderBy: [{ active: "desc" }, { name: "asc" }],
      include: { items: { orderBy: { position: "asc" } } },
      take: 200,
    }),
  );
}
