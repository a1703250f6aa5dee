import { z } from "zod";
import { audit } from "@/lib/audit/audit";
import { withTenant } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { parseInput } from "@/lib/forms/parse-input";
import { isUuid } from "@/lib/ids";
import { actorOf, type OrgContext } from "@/lib/org/context";
import { authorize } from "@/lib/rbac";
import { shareRepairOrder } from "@/lib/repair-orders/row-locks";
import { EDITABLE } from "@/lib/repair-orders/status";
import { visibleTo } from "@/lib/repair-orders/visibility";

export const ZStartInspection = z.object({ repairOrderId: z.string(), templateId: z.string().min(1, "Choose a checklist.") });

/**
 * Starts an inspection on a repair order from one of the workshop's checklists.
 * The items are copied, so editing the checklist later never changes an
 * inspection already made (or what a customer was shown).
 */
export async function startInspection(ctx: OrgContext, raw: z.input<typeof ZStartInspection>) {
  await authorize(ctx, "inspection.create");
  const input = parseInput(ZStartInspection, raw);
  return withTenant(ctx.orgId, async (tx) => {
    const order = isUuid(input.repairOrderId) ? await tx.repairOrder.findFirst({ where: { AND: [{ id: input.repairOrderId }, visibleTo(ctx)] } }) : null;
    if (!order) throw new AppError("NOT_FOUND", "That repair order was not found.");
    const template = isUuid(input.templateId)
      ? await tx.inspectionTemplate.findFirst({ where: { id: input.templateId }, include: { items: { orderBy: { position: "asc" } } } })
      : null;
    if (!template) throw new AppError("NOT_FOUND", "That checklist was not found.");
    if (!template.active) throw new AppError("VALIDATION_FAILED", "That checklist is switched off.", { fields: { templateId: "Choose a checklist in use." } });
    if (template.items.length === 0) throw new AppError("VALIDATION_FAILED", "That checklist has no items yet.", { fields: { templateId: "Add items to this checklist first." } });
    // Proposed work lands on the order as jobs: only while its work can still change.
    const status = await shareRepairOrder(tx, ctx.orgId, order.id);
    if (!EDITABLE.has(status)) throw new AppError("CONFLICT", `Repair order ${order.number} can no longer change.`);
    const inspection = await tx.inspection.create({
      data: { organizationId: ctx.orgId, repairOrderId: order.id, templateId: template.id, title: template.name, technicianUserId: ctx.userId },
    });
    await tx.inspectionItem.createMany({
      data: template.items.map((item) => ({
        organizationId: ctx.orgId, inspectionId: inspection.id, position: item.position,
        section: item.section, label: item.label, measurementUnit: item.measurementUnit,
      })),
    });
    await audit(tx, actorOf(ctx), "inspection.start", { type: "Inspection", id: inspection.id }, {
      repairOrderId: order.id, number: order.number, templateId: template.id, items: template.items.length,
    });
    return inspection;
  });
}
