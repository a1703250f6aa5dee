"use server";

import { z } from "zod";
import { orgAction } from "@/lib/actions/org-action";
import { addCannedJob, createCannedJob, ZCannedJobForm } from "@/lib/repair-orders/canned-jobs";

export const createCannedJobAction = orgAction(ZCannedJobForm, async (ctx, input) => {
  await createCannedJob(ctx, input);
  return { ok: true, message: `Canned job “${input.title}” saved.` };
});

export const addCannedJobAction = orgAction(
  z.object({ repairOrderId: z.string().uuid(), cannedJobId: z.string().uuid("Choose a canned job.") }),
  async (ctx, { repairOrderId, cannedJobId }) => {
    const job = await addCannedJob(ctx, repairOrderId, cannedJobId);
    return { ok: true, message: `Job “${job.title}” added.` };
  },
);
