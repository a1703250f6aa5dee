import { audit } from "@/lib/audit/audit";
import { withTenant } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { isUuid } from "@/lib/ids";
import { actorOf, type OrgContext } from "@/lib/org/context";
import { authorize } from "@/lib/rbac";

/**
 * Cancels a scheduled erasure (of a customer: gdpr.erase; the workshop's
 * closure: organization.close) during its grace period. Nothing else changes.
 * The update is conditional on the request still being SCHEDULED with its grace
 * period open, so it cannot race the job that claims it.
 */
export async function cancelErasure(ctx: OrgContext, requestId: string, now = new Date()) {
  const request = isUuid(requestId)
    ? await withTenant(ctx.orgId, (tx) => tx.privacyRequest.findFirst({ where: { id: requestId, kind: "ERASURE" }, select: { id: true, scope: true } }))
    : null;
  if (!request) throw new AppError("NOT_FOUND", "That erasure request was not found.");
  await authorize(ctx, request.scope === "ORGANIZATION" ? "organization.close" : "gdpr.erase");
  return withTenant(ctx.orgId, async (tx) => {
    const cancelled = await tx.privacyRequest.updateMany({
      where: { id: request.id, status: "SCHEDULED", executeAfter: { gt: now } },
      data: { status: "CANCELLED", cancelledAt: now, cancelledByUserId: ctx.userId },
    });
    if (cancelled.count !== 1) throw new AppError("CONFLICT", "This erasure can no longer be cancelled: its grace period is over or it has already run.");
    await audit(tx, actorOf(ctx), request.scope === "ORGANIZATION" ? "organization.closure.cancelled" : "gdpr.erasure.cancelled", { type: "PrivacyRequest", id: request.id });
  });
}
