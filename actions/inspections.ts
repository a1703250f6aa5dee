"use server";

import { z } from "zod";
import { orgAction } from "@/lib/actions/org-action";
import { removeInspectionPhoto } from "@/lib/attachments/remove-inspection-photo";
import { completeInspection } from "@/lib/inspections/complete-inspection";
import { createTemplate, ZCreateTemplate } from "@/lib/inspections/create-template";
import { renameTemplate, setTemplateActive, ZRenameTemplate, ZSetTemplateActive } from "@/lib/inspections/edit-template";
import { proposeJobForItem } from "@/lib/inspections/propose-jobs";
import { rateItem, ZRateItem } from "@/lib/inspections/rate-item";
import { startInspection, ZStartInspection } from "@/lib/inspections/start-inspection";
import {
  addTemplateItem, moveTemplateItem, removeTemplateItem, ZAddTemplateItem, ZMoveTemplateItem, ZTemplateItem,
} from "@/lib/inspections/template-items";

// Thin: each lib operation authorizes and validates for itself. Where a lib schema
// transforms its input ("3.5" -> 3500, "false" -> false), the action checks only the
// id and hands the raw fields on, so nothing is transformed twice; field errors come back the same.
const rawFields = <K extends string>(key: K) => z.object({ [key]: z.string() } as Record<K, z.ZodString>).passthrough();

export const startInspectionAction = orgAction(ZStartInspection, async (ctx, input) => {
  const inspection = await startInspection(ctx, input);
  return { ok: true, data: { redirectTo: `/${ctx.orgSlug}/repair-orders/${inspection.repairOrderId}/inspections/${inspection.id}` } };
});

export const rateItemAction = orgAction(rawFields("itemId"), async (ctx, input) => {
  const item = await rateItem(ctx, input as z.input<typeof ZRateItem>);
  return { ok: true, message: `Saved: ${item.rating?.toLowerCase()}.` };
});

export const proposeJobAction = orgAction(z.object({ itemId: z.string() }), async (ctx, { itemId }) => {
  const { created } = await proposeJobForItem(ctx, itemId);
  return { ok: true, message: created ? "Added to the repair order as a job." : "Already on the repair order." };
});

export const completeInspectionAction = orgAction(z.object({ inspectionId: z.string() }), async (ctx, { inspectionId }) => {
  const { proposedJobs } = await completeInspection(ctx, inspectionId);
  return {
    ok: true,
    message: `Inspection completed.${proposedJobs > 0 ? ` ${proposedJobs} job${proposedJobs === 1 ? "" : "s"} proposed on the repair order for pricing.` : ""}`,
  };
});

export const removePhotoAction = orgAction(z.object({ attachmentId: z.string() }), async (ctx, { attachmentId }) => {
  await removeInspectionPhoto(ctx, attachmentId);
  return { ok: true, message: "Photo removed." };
});

export const createTemplateAction = orgAction(ZCreateTemplate, async (ctx, input) => {
  const template = await createTemplate(ctx, input);
  return { ok: true, message: `Checklist “${template.name}” created.` };
});

export const renameTemplateAction = orgAction(ZRenameTemplate, async (ctx, input) => {
  await renameTemplate(ctx, input);
  return { ok: true, message: "Renamed." };
});

export const setTemplateActiveAction = orgAction(rawFields("templateId"), async (ctx, input) => {
  const template = await setTemplateActive(ctx, input as z.input<typeof ZSetTemplateActive>);
  return { ok: true, message: template.active ? "In use again." : "Switched off: no longer offered for new inspections." };
});

export const addTemplateItemAction = orgAction(ZAddTemplateItem, async (ctx, input) => {
  await addTemplateItem(ctx, input);
  return { ok: true, message: "Item added." };
});

export const removeTemplateItemAction = orgAction(ZTemplateItem, async (ctx, input) => {
  await removeTemplateItem(ctx, input);
  return { ok: true };
});

export const moveTemplateItemAction = orgAction(ZMoveTemplateItem, async (ctx, input) => {
  await moveTemplateItem(ctx, input);
  return { ok: true };
});
