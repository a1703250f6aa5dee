import { z } from "zod";
import { audit } from "@/lib/audit/audit";
import { withTenant, type TenantTx } from "@/lib/db";
import { parseInput } from "@/lib/forms/parse-input";
import { actorOf, type OrgContext } from "@/lib/org/context";
import { authorize } from "@/lib/rbac";
import { STANDARD_CHECKLIST, type ChecklistItem } from "./standard-checklist";
import { duplicateName } from "./template-access";

export const ZTemplateName = z.string().trim().min(1, "Name the checklist.").max(100, "Keep the name under 100 characters.");

export const ZCreateTemplate = z.object({
  name: ZTemplateName,
  /** "standard" starts from the standard checklist; otherwise the checklist starts empty */
  startFrom: z.enum(["empty", "standard"]).default("empty"),
});

/** Writes a checklist and its items in the caller's transaction (the demo seed uses it too). */
export async function writeTemplate(tx: TenantTx, orgId: string, name: string, items: readonly ChecklistItem[]) {
  const template = await tx.inspectionTemplate.create({ data: { organizationId: orgId, name } });
  await tx.inspectionTemplateItem.createMany({
    data: items.map((item, index) => ({
      organizationId: orgId, templateId: template.id, position: index + 1,
      section: item.section, label: item.label, measurementUnit: item.measurementUnit ?? null,
    })),
  });
  return template;
}

/** A workshop's own checklist: empty, or a copy of the standard one to edit. Checklists are workshop settings. */
export async function createTemplate(ctx: OrgContext, raw: z.input<typeof ZCreateTemplate>) {
  await authorize(ctx, "settings.update");
  const input = parseInput(ZCreateTemplate, raw);
  const items = input.startFrom === "standard" ? STANDARD_CHECKLIST : [];
  return withTenant(ctx.orgId, async (tx) => {
    const template = await writeTemplate(tx, ctx.orgId, input.name, items);
    await audit(tx, actorOf(ctx), "inspectionTemplate.create", { type: "InspectionTemplate", id: template.id }, {
      name: template.name, startFrom: input.startFrom, items: items.length,
    });
    return template;
  }).catch(duplicateName);
}
