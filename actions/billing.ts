"use server";

import { z } from "zod";
import { orgAction } from "@/lib/actions/org-action";
import { openBillingPortal, startPlanChange, ZChoosePlan } from "@/lib/billing/checkout";
import type { PAID_PLANS } from "@/lib/billing/plans";

// The browser follows redirectTo: Stripe's pages are on another origin.
export const choosePlanAction = orgAction(ZChoosePlan, async (ctx, { plan }) => {
  const url = await startPlanChange(ctx, plan as (typeof PAID_PLANS)[number]);
  return { ok: true, data: { redirectTo: url } };
}, { allowedWhenReadOnly: true });

export const openPortalAction = orgAction(z.object({}), async (ctx) => {
  const url = await openBillingPortal(ctx);
  return { ok: true, data: { redirectTo: url } };
}, { allowedWhenReadOnly: true });
