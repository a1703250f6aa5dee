"use server";

import { z } from "zod";
import { orgAction } from "@/lib/actions/org-action";
import { RepairOrderStatus } from "@/lib/generated/prisma/client";
import { createRepairOrder, ZCreateRepairOrder } from "@/lib/repair-orders/create-repair-order";
import { addJob, addLine, ZAddJob, ZAddLine } from "@/lib/repair-orders/edit-jobs";
import { moveRepairOrder } from "@/lib/repair-orders/move-repair-order";
import { assignTechnician } from "@/lib/repair-orders/assign-technician";

export const openRepairOrderAction = orgAction(ZCreateRepairOrder, async (ctx, input) => {
  const order = await createRepairOrder(ctx, input);
  return { ok: true, data: { redirectTo: `/${ctx.orgSlug}/repair-orders/${order.id}` } };
});

export const addJobAction = orgAction(ZAddJob, async (ctx, input) => {
  await addJob(ctx, input);
  return { ok: true, message: `Job “${input.title}” added.` };
});

export const addLineAction = orgAction(ZAddLine, async (ctx, input) => {
  await addLine(ctx, input);
  return { ok: true, message: "Line added." };
});

export const moveRepairOrderAction = orgAction(
  z.object({ repairOrderId: z.string().uuid(), to: z.enum(RepairOrderStatus) }),
  async (ctx, { repairOrderId, to }) => {
    await moveRepairOrder(ctx, repairOrderId, to);
    return { ok: true, message: `Now ${to.toLowerCase().replace(/_/g, " ")}.` };
  },
);

export const assignTechnicianAction = orgAction(
  z.object({
    repairOrderId: z.string().uuid(),
    // An empty choice unassigns the repair order.
    technicianUserId: z.union([z.literal(""), z.string().uuid("Choose a member of this workshop.")]),
  }),
  async (ctx, { repairOrderId, technicianUserId }) => {
    await assignTechnician(ctx, repairOrderId, technicianUserId === "" ? null : technicianUserId);
    return { ok: true, message: technicianUserId === "" ? "Unassigned." : "Technician assigned." };
  },
);
