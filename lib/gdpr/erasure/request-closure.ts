import { audit } from "@/lib/audit/audit";
import { withTenant } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { actorOf, type OrgContext } from "@/lib/org/context";
import { authorize } from "@/lib/rbac";
import { erasureSchedule } from "./deadlines";
import { PENDING_ERASURE } from "./pending-erasure";

/**
 * An owner closes the workshop: the same grace period as a customer's erasure
 * (an owner may cancel it), then the privacy-erasures job cancels the Stripe
 * subscription, anonymizes every customer, deletes everything but the retained
 * invoices and marks the workshop closed. Members keep working until then.
 */
export async function requestClosure(ctx: OrgContext, now = new Date()) {
  await authorize(ctx, "organization.close");
  return withTenant(ctx.orgId, async (tx, global) => {
    // The workshop row's lock serializes two owners closing at once.
    await global.$queryRaw`SELECT id FROM "Organization" WHERE id = ${ctx.orgId}::uuid FOR UPDATE`;
    const existing = await tx.privacyRequest.findFirst({
      where: { kind: "ERASURE", scope: "ORGANIZATION", status: { in: [...PENDING_ERASURE] } },
      select: { id: true },
    });
    if (existing) throw new AppError("CONFLICT", "Closing this workshop is already scheduled.");
    const { dueAt, executeAfter } = erasureSchedule(now);
    const request = await tx.privacyRequest.create({
      data: { organizationId: ctx.orgId, kind: "ERASURE", scope: "ORGANIZATION", status: "SCHEDULED", requestedByUserId: ctx.userId, dueAt, executeAfter },
    });
    await audit(tx, actorOf(ctx), "organization.closure.requested", { type: "PrivacyRequest", id: request.id }, {
      executeAfter: executeAfter.toISOString(), dueAt: dueAt.toISOString(),
    });
    return request;
  });
}
