import { withTenant } from "@/lib/db";
import type { OrgContext } from "@/lib/org/context";
import { authorize } from "@/lib/rbac";

/** The workshop's erasure requests and closures, newest first, for the Data & privacy page. */
export async function listErasureRequests(ctx: OrgContext, take = 100) {
  await authorize(ctx, "gdpr.erase");
  return withTenant(ctx.orgId, (tx) =>
    tx.privacyRequest.findMany({
      where: { kind: "ERASURE" },
      orderBy: { createdAt: "desc" },
      take,
      select: {
        id: true, scope: true, status: true, customerId: true, createdAt: true, executeAfter: true, dueAt: true,
        cancelledAt: true, completedAt: true, error: true, customer: { select: { displayName: true } },
      },
    }),
  );
}

export type ErasureRequestRow = Awaited<ReturnType<typeof listErasureRequests>>[number];
