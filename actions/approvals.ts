"use server";

import { z } from "zod";
import { orgAction, publicAction } from "@/lib/actions/org-action";
import { answerEstimate } from "@/lib/approvals/customer-estimate";
import { decisionsFromForm } from "@/lib/approvals/decisions";
import { recordApproval, ZRecordApproval } from "@/lib/approvals/record-approval";
import { sendApprovalLink, ZSendApproval } from "@/lib/approvals/send-approval-link";
import { dismissRecommendation, takeUpRecommendation } from "@/lib/recommendations/take-up-recommendation";

export const sendApprovalLinkAction = orgAction(ZSendApproval, async (ctx, input) => {
  await sendApprovalLink(ctx, input);
  return { ok: true, message: `Estimate sent to ${input.email}.` };
});

// Loose: the decisions arrive as one `decision.<jobId>` field per job.
export const recordApprovalAction = orgAction(ZRecordApproval.loose(), async (ctx, input) => {
  const result = await recordApproval(ctx, ZRecordApproval.parse(input), decisionsFromForm(input));
  return { ok: true, message: result.status === "APPROVED" ? "Approval recorded: the work can start." : "Decisions recorded: nothing was approved." };
});

export const answerEstimateAction = publicAction(
  z.object({ orgSlug: z.string().max(64), token: z.string().max(200) }).loose(),
  async (input, origin) => {
    const result = await answerEstimate(input.orgSlug, input.token, input, origin);
    return { ok: true, message: result.status === "APPROVED" ? "Thank you. The workshop has your approval and will start the work." : "Thank you. The workshop has your answer." };
  },
);

const ZTakeUp = z.object({ recommendationId: z.string().uuid(), repairOrderId: z.string().uuid() });

export const takeUpRecommendationAction = orgAction(ZTakeUp, async (ctx, input) => {
  const job = await takeUpRecommendation(ctx, input.recommendationId, input.repairOrderId);
  return { ok: true, message: `“${job.title}” added for the customer's approval.` };
});

export const dismissRecommendationAction = orgAction(z.object({ recommendationId: z.string().uuid() }), async (ctx, input) => {
  await dismissRecommendation(ctx, input.recommendationId);
  return { ok: true, message: "Recommendation dismissed." };
});
