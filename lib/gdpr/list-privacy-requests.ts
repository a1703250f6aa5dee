import { withTenant } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { OrgContext } from "@/lib/org/context";
import { authorize, can } from "@/lib/rbac";

/**
 * Every GDPR request of the workshop, newest first, with the subject's name as
 * it is now (after an erasure: the anonymized name). For members who may
 * export or erase.
 */
export async function listPrivacyRequests(ctx: OrgContext, limit = 200) {
  if (!can(ctx, "gdpr.export") && !can(ctx, "gdpr.erase")) {
    await authorize(ctx, "gdpr.export");
    throw new AppError("FORBIDDEN", "Your role does not allow this.");
  }
  return withTenant(ctx.orgId, (tx) =>
    tx.privacyRequest.findMany({
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: limit,
      select: {
        id: true, kind: true, scope: true, status: true, customerId: true, createdAt: true, dueAt: true, executeAfter: true,
        progressDone: true, progressTotal: true, expiresAt: true, byteSize: true, error: true, requestedByApiKeyId: true,
        customer: { select: { displayName: true } },
      },
    }),
  );
}

export type PrivacyRequestRow = Awaited<ReturnType<typeof listPrivacyRequests>>[number];
