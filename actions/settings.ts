"use server";

import { z } from "zod";
import { orgAction } from "@/lib/actions/org-action";
import { updateWorkshopSecurity } from "@/lib/org/update-workshop-security";
import { updateWorkshopDetails, type ZWorkshopDetails } from "@/lib/org/update-workshop-details";

export const updateWorkshopSecurityAction = orgAction(
  z.object({ requireMfa: z.enum(["on", "off"]).default("off") }),
  async (ctx, { requireMfa }) => {
    await updateWorkshopSecurity(ctx, requireMfa === "on");
    return { ok: true, message: requireMfa === "on" ? "Two-factor authentication is now required for every member." : "Two-factor authentication is optional." };
  },
);

// Loose: money and rates are parsed once, by updateWorkshopDetails (its field errors come back through the form state).
export const updateWorkshopDetailsAction = orgAction(z.object({}).loose(), async (ctx, input) => {
  await updateWorkshopDetails(ctx, input as z.input<typeof ZWorkshopDetails>);
  return { ok: true, message: "Workshop details saved." };
});
