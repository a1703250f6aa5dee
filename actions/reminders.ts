"use server";

import { z } from "zod";
import { orgAction } from "@/lib/actions/org-action";
import { sendVehicleReminder } from "@/lib/reminders/send-vehicle-reminder";

// Any string: the lib answers "not found" for a malformed or foreign id.
export const sendVehicleReminderAction = orgAction(z.object({ vehicleId: z.string().max(100) }), async (ctx, { vehicleId }) => {
  const { customerName } = await sendVehicleReminder(ctx, vehicleId);
  return { ok: true, message: `Reminder emailed to ${customerName}.` };
});
