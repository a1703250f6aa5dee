"use server";

import { z } from "zod";
import { orgAction } from "@/lib/actions/org-action";
import { updateWorkshopSecurity } from "@/lib/org/update-workshop-security";

export const updateWorkshopSecurityAction = orgAction(
  z.object({ requireMfa: z.enum(["on", "off"]).default("off") }),
  async (ctx, { requireMfa }) => {
    await updateWorkshopSecurity(ctx, requireMfa === "on");
    return { ok: true, message: requireMfa === "on" ? "Two-factor authentication is now required for every member." : "Two-factor authentication is optional." };
  },
);
