import { withTenant } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { isUuid } from "@/lib/ids";
import type { OrgContext } from "@/lib/org/context";
import { authorize } from "@/lib/rbac";

/** One export request of the workshop, for its progress and state; another workshop's id is not found. */
export async function getExport(ctx: OrgContext, requestId: string) {
  await authorize(ctx, "gdpr.export");
  const request = isUuid(requestId)
    ? await withTenant(ctx.orgId, (tx) => tx.privacyRequest.findFirst({ where: { id: requestId, kind: "EXPORT" } }))
    : null;
  if (!request) throw new AppError("NOT_FOUND", "That export was not found.");
  return request;
}
