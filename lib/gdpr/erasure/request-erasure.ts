import { z } from "zod";
import { audit } from "@/lib/audit/audit";
import { sealPersonal } from "@/lib/audit/personal-data";
import { withTenant } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { isUuid } from "@/lib/ids";
import { actorOf, type OrgContext } from "@/lib/org/context";
import { authorize } from "@/lib/rbac";
import { erasureSchedule } from "./deadlines";
import { PENDING_ERASURE } from "./pending-erasure";

export const ZErasureReason = z.string().trim().max(500, "Keep the reason under 500 characters.").optional();

/**
 * Files an Art. 17 erasure of one customer: it waits out the grace period
 * (cancellable), then the privacy-erasures job anonymizes them. Until then the
 * customer is served as usual: new repair orders, bookings and invoices are
 * allowed, and the erasure covers them too when it runs. The reason may name
 * the person, so it is sealed with the customer's audit key and erased with it.
 */
export async function requestErasure(ctx: OrgContext, customerId: string, reason?: string, now = new Date()) {
  await authorize(ctx, "gdpr.erase");
  const why = ZErasureReason.parse(reason || undefined);
  if (!isUuid(customerId)) throw new AppError("NOT_FOUND", "That customer was not found.");
  return withTenant(ctx.orgId, async (tx) => {
    // The customer's row lock serializes two requests for the same person.
    const locked = await tx.$queryRaw<Array<{ id: string }>>`
      SELECT id FROM "Customer" WHERE "organizationId" = ${ctx.orgId}::uuid AND id = ${customerId}::uuid FOR UPDATE`;
    if (locked.length === 0) throw new AppError("NOT_FOUND", "That customer was not found.");
    const existing = await tx.privacyRequest.findFirst({
      where: { kind: "ERASURE", customerId, status: { in: [...PENDING_ERASURE, "COMPLETED"] } },
      select: { status: true, executeAfter: true },
    });
    if (existing?.status === "COMPLETED") throw new AppError("CONFLICT", "This customer has already been erased.");
    if (existing) {
      throw new AppError("CONFLICT", "An erasure of this customer is already scheduled: cancel it first or let it run.", {
        fields: { confirmName: "An erasure of this customer is already scheduled." },
      });
    }
    const { dueAt, executeAfter } = erasureSchedule(now);
    const request = await tx.privacyRequest.create({
      data: {
        organizationId: ctx.orgId, kind: "ERASURE", scope: "CUSTOMER", customerId, status: "SCHEDULED",
        requestedByUserId: ctx.userId, requestedByApiKeyId: ctx.apiKeyId ?? null, dueAt, executeAfter,
      },
    });
    await audit(tx, actorOf(ctx), "gdpr.erasure.requested", { type: "PrivacyRequest", id: request.id }, {
      customerId, executeAfter: executeAfter.toISOString(), dueAt: dueAt.toISOString(),
      ...(why ? { reason: await sealPersonal(tx, customerId, why) } : {}),
    });
    return request;
  });
}
