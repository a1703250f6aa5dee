import { z } from "zod";
import { audit } from "@/lib/audit/audit";
import { withTenant, type TenantTx } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { blankToUndefined } from "@/lib/forms/blank";
import { parseInput } from "@/lib/forms/parse-input";
import { isUuid } from "@/lib/ids";
import { actorOf, type OrgContext } from "@/lib/org/context";
import { authorize } from "@/lib/rbac";
import { lockTemplate } from "./template-access";

// Editing a checklist's items changes only inspections started from now on:
// an inspection copies its items when it starts.

export const ZAddTemplateItem = z.object({
  templateId: z.string(),
  section: z.preprocess(blankToUndefined, z.string().trim().max(60, "Keep the section under 60 characters.").optional()),
  label: z.string().trim().min(1, "Say what to check.").max(120, "Keep it under 120 characters."),
  measurementUnit: z.preprocess(
    blankToUndefined,
    z.string().trim().max(12, "A unit like mm, V or %.").regex(/^[\p{L}%°/.]+$/u, "A unit like mm, V or % (letters only).").optional(),
  ),
});
export const ZTemplateItem = z.object({ itemId: z.string() });
export const ZMoveTemplateItem = z.object({ itemId: z.string(), direction: z.enum(["up", "down"]) });

const itemNotFound = () => new AppError("NOT_FOUND", "That checklist item was not found.");

async function itemWithTemplate(tx: TenantTx, ctx: OrgContext, itemId: string) {
  const found = isUuid(itemId) ? await tx.inspectionTemplateItem.findFirst({ where: { id: itemId }, select: { templateId: true } }) : null;
  if (!found) throw itemNotFound();
  const template = await lockTemplate(tx, ctx.orgId, found.templateId);
  // Read again under the template's lock: a concurrent move may have changed its position.
  const item = await tx.inspectionTemplateItem.findFirst({ where: { id: itemId } });
  if (!item) throw itemNotFound();
  return { template, item };
}

export async function addTemplateItem(ctx: OrgContext, raw: z.input<typeof ZAddTemplateItem>) {
  await authorize(ctx, "settings.update");
  const input = parseInput(ZAddTemplateItem, raw);
  return withTenant(ctx.orgId, async (tx) => {
    const template = await lockTemplate(tx, ctx.orgId, input.templateId);
    const last = await tx.inspectionTemplateItem.findFirst({ where: { templateId: template.id }, orderBy: { position: "desc" }, select: { position: true } });
    const item = await tx.inspectionTemplateItem.create({
      data: {
        organizationId: ctx.orgId, templateId: template.id, position: (last?.position ?? 0) + 1,
        section: input.section ?? null, label: input.label, measurementUnit: input.measurementUnit ?? null,
      },
    });
    await audit(tx, actorOf(ctx), "inspectionTemplate.addItem", { type: "InspectionTemplate", id: template.id }, { itemId: item.id, label: item.label });
    return item;
  });
}

export async function removeTemplateItem(ctx: OrgContext, raw: z.input<typeof ZTemplateItem>) {
  await authorize(ctx, "settings.update");
  const input = parseInput(ZTemplateItem, raw);
  return withTenant(ctx.orgId, async (tx) => {
    const { template, item } = await itemWithTemplate(tx, ctx, input.itemId);
    await tx.inspectionTemplateItem.delete({ where: { organizationId_id: { organizationId: ctx.orgId, id: item.id } } });
    await audit(tx, actorOf(ctx), "inspectionTemplate.removeItem", { type: "InspectionTemplate", id: template.id }, { itemId: item.id, label: item.label });
  });
}

/** Swaps the item with its neighbour above or below; at either end it stays put. */
export async function moveTemplateItem(ctx: OrgContext, raw: z.input<typeof ZMoveTemplateItem>) {
  await authorize(ctx, "settings.update");
  const input = parseInput(ZMoveTemplateItem, raw);
  return withTenant(ctx.orgId, async (tx) => {
    const { template, item } = await itemWithTemplate(tx, ctx, input.itemId);
    const neighbour = await tx.inspectionTemplateItem.findFirst({
      where: { templateId: template.id, position: input.direction === "up" ? { lt: item.position } : { gt: item.position } },
      orderBy: { position: input.direction === "up" ? "desc" : "asc" },
    });
    if (!neighbour) return false;
    const key = (id: string) => ({ organizationId_id: { organizationId: ctx.orgId, id } });
    await tx.inspectionTemplateItem.update({ where: key(item.id), data: { position: neighbour.position } });
    await tx.inspectionTemplateItem.update({ where: key(neighbour.id), data: { position: item.position } });
    await audit(tx, actorOf(ctx), "inspectionTemplate.moveItem", { type: "InspectionTemplate", id: template.id }, { itemId: item.id, direction: input.direction });
    return true;
  });
}
