import { withTenant } from "@/lib/db";
import { notFound } from "@/lib/errors";
import type { OrgContext } from "@/lib/org/context";
import { authorize } from "@/lib/rbac";
import { actorLabel, userNames } from "./audit-actors";

/** One entry with everything stored about it; another workshop's seq simply matches no row (NOT_FOUND). */
export async function getAuditEntry(ctx: OrgContext, seq: number) {
  await authorize(ctx, "auditLog.read");
  const entry = Number.isSafeInteger(seq) && seq > 0 ? await withTenant(ctx.orgId, (tx) => tx.auditLog.findFirst({ where: { seq } })) : null;
  if (!entry) throw notFound("Audit entry");
  const names = await userNames(entry.actorUserId ? [entry.actorUserId] : []);
  return { ...entry, actor: actorLabel(entry, names) };
}
