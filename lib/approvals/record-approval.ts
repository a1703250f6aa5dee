import { z } from "zod";
import { withTenant } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { isUuid } from "@/lib/ids";
import { db } from "@/lib/db";
import { parseInput } from "@/lib/forms/parse-input";
import { actorOf, type OrgContext } from "@/lib/org/context";
import { authorize } from "@/lib/rbac";
import { applyDecisions, ZApproverName, type Decision } from "./decisions";

export const ZRecordApproval = z.object({
  repairOrderId: z.string().uuid(),
  approverName: ZApproverName,
  channel: z.enum(["PHONE", "IN_PERSON"], { message: "Say how the customer answered." }),
});

/** The advisor records what the customer said on the phone or at the counter. */
export async function recordApproval(ctx: OrgContext, raw: z.input<typeof ZRecordApproval>, decisions: Record<string, Decision>) {
  await authorize(ctx, "approval.record");
  const input = parseInput(ZRecordApproval, raw);
  const organization = await db().organization.findUniqueOrThrow({ where: { id: ctx.orgId } });
  return withTenant(ctx.orgId, async (tx) => {
    const order = isUuid(input.repairOrderId) ? await tx.repairOrder.findFirst({ where: { id: input.repairOrderId } }) : null;
    if (!order) throw new AppError("NOT_FOUND", "That repair order was not found.");
    // A staff answer supersedes any link still out: the customer must not answer twice.
    await tx.approvalLink.updateMany({ where: { repairOrderId: order.id, usedAt: null, revokedAt: null }, data: { revokedAt: new Date() } });
    return applyDecisions(tx, actorOf(ctx), order, decisions, {
      approverName: input.approverName, channel: input.channel, recordedByUserId: ctx.userId,
    }, organization.pricesIncludeTax);
  });
}
