import { z } from "zod";
import { audit } from "@/lib/audit/audit";
import { withTenant } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { parseInput } from "@/lib/forms/parse-input";
import { actorOf, type OrgContext } from "@/lib/org/context";
import { authorize } from "@/lib/rbac";
import { ZTemplateName } from "./create-template";
import { duplicateName, lockTemplate } from "./template-access";

export const ZRenameTemplate = z.object({ templateId: z.string(), name: ZTemplateName });
export const ZSetTemplateActive = z.object({ templateId: z.string(), active: z.enum(["true", "false"]).transform((value) => value === "true") });

export async function renameTemplate(ctx: OrgContext, raw: z.input<typeof ZRenameTemplate>) {
  await authorize(ctx, "settings.update");
  const input = parseInput(ZRenameTemplate, raw);
  return withTenant(ctx.orgId, async (tx) => {
    const template = await lockTemplate(tx, ctx.orgId, input.templateId);
    if (template.name === input.name) return template;
    const renamed = await tx.inspectionTemplate.update({ where: { organizationId_id: { organizationId: ctx.orgId, id: template.id } }, data: { name: input.name } });
    await audit(tx, actorOf(ctx), "inspectionTemplate.rename", { type: "InspectionTemplate", id: template.id }, { from: template.name, to: renamed.name });
    return renamed;
  }).catch(duplicateName);
}

/**
 * A checklist switched off is no longer offered for new inspections; the
 * inspections already made from it keep their own copy of its items, so it is
 * never deleted.
 */
export async function setTemplateActive(ctx: OrgContext, raw: z.input<typeof ZSetTemplateActive>) {
  await authorize(ctx, "settings.update");
  const input = parseInput(ZSetTemplateActive, raw);
  return withTenant(ctx.orgId, async (tx) => {
    const template = await lockTemplate(tx, ctx.orgId, input.templateId);
    if (template.active === input.active) throw new AppError("CONFLICT", `“${template.name}” is already ${input.active ? "in use" : "switched off"}.`);
    const changed = await tx.inspectionTemplate.update({ where: { organizationId_id: { organizationId: ctx.orgId, id: template.id } }, data: { active: input.active } });
    await audit(tx, actorOf(ctx), input.active ? "inspectionTemplate.activate" : "inspectionTemplate.deactivate", { type: "InspectionTemplate", id: template.id }, { name: template.name });
    return changed;
  });
}
