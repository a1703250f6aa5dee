import { z } from "zod";
import { audit } from "@/lib/audit/audit";
import { withTenant } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { isUuid } from "@/lib/ids";
import { parseInput } from "@/lib/forms/parse-input";
import { sendMail } from "@/lib/mail/send-mail";
import { actorOf, type OrgContext } from "@/lib/org/context";
import { authorize } from "@/lib/rbac";
import { EDITABLE } from "@/lib/repair-orders/status";
import { newToken } from "@/lib/auth/tokens";
import { APPROVAL_LINK_TTL_MS, approvalUrl } from "./approval-link";

export const ZSendApproval = z.object({
  repairOrderId: z.string().uuid(),
  email: z.string().trim().toLowerCase().email("Enter the customer's email address.").max(254),
});

/**
 * Emails the customer a link to the estimate. Sending again revokes the older
 * links, so only the newest email works. The order waits for approval from now.
 */
export async function sendApprovalLink(ctx: OrgContext, raw: z.input<typeof ZSendApproval>) {
  await authorize(ctx, "approval.send");
  const input = parseInput(ZSendApproval, raw);
  const { token, hash } = newToken();
  const sent = await withTenant(ctx.orgId, async (tx) => {
    const order = isUuid(input.repairOrderId)
      ? await tx.repairOrder.findFirst({ where: { id: input.repairOrderId }, include: { vehicle: true } })
      : null;
    if (!order) throw new AppError("NOT_FOUND", "That repair order was not found.");
    // Extra work found mid-job is approved the same way as the first estimate.
    if (!EDITABLE.has(order.status)) throw new AppError("CONFLICT", `Repair order ${order.number} can no longer change.`);
    const pending = await tx.job.count({ where: { repairOrderId: order.id, approval: "PENDING" } });
    if (pending === 0) throw new AppError("CONFLICT", "Add the work to approve before sending the estimate.");
    await tx.approvalLink.updateMany({ where: { repairOrderId: order.id, usedAt: null, revokedAt: null }, data: { revokedAt: new Date() } });
    const link = await tx.approvalLink.create({
      data: {
        organizationId: ctx.orgId, repairOrderId: order.id, tokenHash: hash, sentTo: input.email, sentByUserId: ctx.userId,
        expiresAt: new Date(Date.now() + APPROVAL_LINK_TTL_MS),
      },
    });
    if (order.status === "ESTIMATE") {
      await tx.repairOrder.update({ where: { organizationId_id: { organizationId: ctx.orgId, id: order.id } }, data: { status: "AWAITING_APPROVAL" } });
      await audit(tx, actorOf(ctx), "repairOrder.status", { type: "RepairOrder", id: order.id }, { number: order.number, from: order.status, to: "AWAITING_APPROVAL" });
    }
    await audit(tx, actorOf(ctx), "approval.send", { type: "ApprovalLink", id: link.id }, { repairOrderId: order.id, number: order.number, expiresAt: link.expiresAt.toISOString() });
    return { order, link };
  });
  const vehicle = sent.order.vehicle.registration ?? sent.order.vehicle.vin ?? "your vehicle";
  // Mailed after the commit: a failed send leaves a link nobody has, which the next send revokes.
  await sendMail({
    to: input.email,
    subject: `Your estimate from ${ctx.orgName} (repair order ${sent.order.number})`,
    text:
      `${ctx.orgName} has prepared an estimate for ${vehicle}.\n\n` +
      `Open it on your phone or computer to approve or decline each job (valid for 3 days):\n\n` +
      `${approvalUrl(ctx.orgSlug, token)}\n`,
  });
  return sent.link;
}
