"use server";

import { z } from "zod";
import { orgAction } from "@/lib/actions/org-action";
import { createBay } from "@/lib/appointments/create-bay";
import { deactivateBay } from "@/lib/appointments/deactivate-bay";
import { renameBay } from "@/lib/appointments/rename-bay";
import { setOnlineBooking } from "@/lib/appointments/set-online-booking";
import { updateOpeningHours, type ZOpeningHours } from "@/lib/appointments/update-opening-hours";
import type { ZCreateBay } from "@/lib/appointments/appointment-input";

const ZBayId = z.object({ bayId: z.string().uuid("That bay was not found.") });

export const createBayAction = orgAction(z.object({}).loose(), async (ctx, input) => {
  const bay = await createBay(ctx, input as z.input<typeof ZCreateBay>);
  return { ok: true, message: `${bay.name} added.` };
});

export const renameBayAction = orgAction(ZBayId.loose(), async (ctx, { bayId, ...fields }) => {
  const bay = await renameBay(ctx, bayId, fields as { name: string });
  return { ok: true, message: `Renamed to ${bay.name}.` };
});

export const deactivateBayAction = orgAction(ZBayId, async (ctx, { bayId }) => {
  const bay = await deactivateBay(ctx, bayId);
  return { ok: true, message: `${bay.name} is no longer in use.` };
});

export const setOnlineBookingAction = orgAction(z.object({ enabled: z.enum(["on", "off"]).default("off") }), async (ctx, { enabled }) => {
  await setOnlineBooking(ctx, enabled === "on");
  return { ok: true, message: enabled === "on" ? "Online booking is on: customers can send requests." : "Online booking is off." };
});

export const updateOpeningHoursAction = orgAction(z.object({}).loose(), async (ctx, input) => {
  await updateOpeningHours(ctx, input as z.input<typeof ZOpeningHours>);
  return { ok: true, message: "Opening hours saved." };
});
