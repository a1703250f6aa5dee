"use server";

import { z } from "zod";
import { orgAction } from "@/lib/actions/org-action";
import { cancelErasure } from "@/lib/gdpr/erasure/cancel-erasure";
import { confirmCustomerName, confirmWorkshopSlug } from "@/lib/gdpr/erasure/confirm-typed";
import { requestClosure } from "@/lib/gdpr/erasure/request-closure";
import { requestErasure, ZErasureReason } from "@/lib/gdpr/erasure/request-erasure";

const when = (date: Date | null) => (date ? `${date.toISOString().slice(0, 16).replace("T", " ")} UTC` : "the end of the grace period");

// A data subject's rights do not wait for the workshop's bill: these work while it is read-only too.
const always = { allowedWhenReadOnly: true };

export const requestErasureAction = orgAction(
  z.object({ customerId: z.string().uuid(), confirmName: z.string().max(200).default(""), reason: ZErasureReason }),
  async (ctx, input) => {
    await confirmCustomerName(ctx, input.customerId, input.confirmName);
    const request = await requestErasure(ctx, input.customerId, input.reason);
    return { ok: true, message: `Erasure scheduled for ${when(request.executeAfter)}. It can be cancelled until then.` };
  },
  always,
);

export const cancelErasureAction = orgAction(
  z.object({ requestId: z.string().uuid() }),
  async (ctx, input) => {
    await cancelErasure(ctx, input.requestId);
    return { ok: true, message: "Cancelled: nothing will be erased." };
  },
  always,
);

export const requestClosureAction = orgAction(
  z.object({ confirmSlug: z.string().max(100).default("") }),
  async (ctx, input) => {
    await confirmWorkshopSlug(ctx, input.confirmSlug);
    const request = await requestClosure(ctx);
    return { ok: true, message: `The workshop will be closed after ${when(request.executeAfter)}. An owner can cancel until then.` };
  },
  always,
);
