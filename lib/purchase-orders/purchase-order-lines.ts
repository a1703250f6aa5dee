import { z } from "zod";
import { audit } from "@/lib/audit/audit";
import { withTenant, type TenantTx } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { blankToUndefined } from "@/lib/forms/blank";
import { parseInput } from "@/lib/forms/parse-input";
import { isUuid } from "@/lib/ids";
import { actorOf, type OrgContext } from "@/lib/org/context";
import { findPart } from "@/lib/parts/find-part";
import { authorize } from "@/lib/rbac";
import { money, quantity } from "@/lib/repair-orders/edit-jobs";
import { lockDraft } from "./lock-purchase-order";

export const ZAddPurchaseOrderLine = z.object({
  purchaseOrderId: z.string(),
  partId: z.string({ message: "Choose a part." }).min(1, "Choose a part."),
  quantity,
  /** empty: the part's catalogue cost */
  unitCost: z.preprocess(blankToUndefined, money.optional()),
  jobLineId: z.preprocess(blankToUndefined, z.string().optional()),
});

export const ZUpdatePurchaseOrderLine = z.object({ lineId: z.string(), quantity, unitCost: money });

/** The repair order's part line this delivery is for: same part, and not fitted yet. */
async function waitingJobLine(tx: TenantTx, jobLineId: string, partId: string) {
  const line = isUuid(jobLineId) ? await tx.jobLine.findFirst({ where: { id: jobLineId, kind: "PART" }, select: { id: true, partId: true, partStatus: true } }) : null;
  if (!line) throw new AppError("NOT_FOUND", "That repair order line was not found.");
  if (line.partId !== partId) throw new AppError("VALIDATION_FAILED", "That repair order line is for another part.", { fields: { jobLineId: "Choose a line for this part." } });
  if (line.partStatus === "FITTED") throw new AppError("VALIDATION_FAILED", "That part is already fitted.", { fields: { jobLineId: "That part is already fitted." } });
  return line;
}

/** Adds a part to a draft purchase order, optionally for a repair order's part line that waits for it. */
export async function addPurchaseOrderLine(ctx: OrgContext, raw: z.input<typeof ZAddPurchaseOrderLine>) {
  await authorize(ctx, "purchaseOrder.manage");
  const input = parseInput(ZAddPurchaseOrderLine, raw);
  return withTenant(ctx.orgId, async (tx) => {
    const order = await lockDraft(tx, input.purchaseOrderId);
    const part = await findPart(tx, input.partId);
    const jobLine = input.jobLineId === undefined ? null : await waitingJobLine(tx, input.jobLineId, part.id);
    const line = await tx.purchaseOrderLine.create({
      data: {
        organizationId: ctx.orgId, purchaseOrderId: order.id, partId: part.id, quantityMilli: input.quantity,
        unitCostMinor: input.unitCost ?? part.costMinor, jobLineId: jobLine?.id ?? null,
      },
    });
    await audit(tx, actorOf(ctx), "purchaseOrderLine.create", { type: "PurchaseOrderLine", id: line.id }, {
      purchaseOrderId: order.id, partId: part.id, quantityMilli: line.quantityMilli, unitCostMinor: line.unitCostMinor, jobLineId: line.jobLineId,
    });
    return line;
  });
}

/** The line and its purchase order, locked (order first); the order must still be a draft. */
async function draftLine(tx: TenantTx, lineId: string) {
  const found = isUuid(lineId) ? await tx.purchaseOrderLine.findFirst({ where: { id: lineId }, select: { purchaseOrderId: true } }) : null;
  if (!found) throw new AppError("NOT_FOUND", "That purchase order line was not found.");
  const order = await lockDraft(tx, found.purchaseOrderId);
  const line = await tx.purchaseOrderLine.findFirstOrThrow({ where: { id: lineId } });
  return { order, line };
}

export async function updatePurchaseOrderLine(ctx: OrgContext, raw: z.input<typeof ZUpdatePurchaseOrderLine>) {
  await authorize(ctx, "purchaseOrder.manage");
  const input = parseInput(ZUpdatePurchaseOrderLine, raw);
  return withTenant(ctx.orgId, async (tx) => {
    const { order, line } = await draftLine(tx, input.lineId);
    const updated = await tx.purchaseOrderLine.update({
      where: { organizationId_id: { organizationId: ctx.orgId, id: line.id } },
      data: { quantityMilli: input.quantity, unitCostMinor: input.unitCost },
    });
    await audit(tx, actorOf(ctx), "purchaseOrderLine.update", { type: "PurchaseOrderLine", id: line.id }, {
      purchaseOrderId: order.id, quantityMilli: { from: line.quantityMilli, to: updated.quantityMilli }, unitCostMinor: { from: line.unitCostMinor, to: updated.unitCostMinor },
    });
    return updated;
  });
}

export async function removePurchaseOrderLine(ctx: OrgContext, lineId: string) {
  await authorize(ctx, "purchaseOrder.manage");
  return withTenant(ctx.orgId, async (tx) => {
    const { order, line } = await draftLine(tx, lineId);
    await tx.purchaseOrderLine.delete({ where: { organizationId_id: { organizationId: ctx.orgId, id: line.id } } });
    await audit(tx, actorOf(ctx), "purchaseOrderLine.delete", { type: "PurchaseOrderLine", id: line.id }, {
      purchaseOrderId: order.id, partId: line.partId, quantityMilli: line.quantityMilli,
    });
  });
}
