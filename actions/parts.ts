"use server";

import { z } from "zod";
import { orgAction } from "@/lib/actions/org-action";
import { adjustStock, ZAdjustStock } from "@/lib/parts/adjust-stock";
import { ZPart } from "@/lib/parts/part-input";
import { createPart, updatePart } from "@/lib/parts/save-part";
import { setPartStatus, ZSetPartStatus } from "@/lib/parts/set-part-status";
import { formatQuantity } from "@/lib/money/format-money";

// The lib operations parse the typed text themselves (field errors included), so these pass it on as typed.
const typed = z.object({}).loose();

export const createPartAction = orgAction(typed, async (ctx, input) => {
  const part = await createPart(ctx, input as z.input<typeof ZPart>);
  return { ok: true, data: { redirectTo: `/${ctx.orgSlug}/parts/${part.id}` } };
});

export const updatePartAction = orgAction(z.object({ partId: z.string() }).loose(), async (ctx, { partId, ...input }) => {
  await updatePart(ctx, partId, input as z.input<typeof ZPart>);
  return { ok: true, message: "Part saved." };
});

export const adjustStockAction = orgAction(typed, async (ctx, input) => {
  const { onHandMilli } = await adjustStock(ctx, input as z.input<typeof ZAdjustStock>);
  return { ok: true, message: `Stock adjusted: ${formatQuantity(onHandMilli)} on hand.` };
});

export const setPartStatusAction = orgAction(ZSetPartStatus, async (ctx, input) => {
  const { partStatus } = await setPartStatus(ctx, input);
  return { ok: true, message: `Part ${partStatus.toLowerCase()}.` };
});
