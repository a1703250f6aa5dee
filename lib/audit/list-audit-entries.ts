import { withTenant } from "@/lib/db";
import type { OrgContext } from "@/lib/org/context";
import { authorize } from "@/lib/rbac";
import { actorLabel, userNames } from "./audit-actors";
import { auditWhere, type AuditFilters } from "./audit-filters";

export const AUDIT_PAGE_SIZE = 50;

export interface AuditPage {
  /** seq below which to read the next page */
  beforeSeq?: number;
  limit?: number;
}

/**
 * One page of the workshop's audit log, newest first. Paged by seq (keyset):
 * entries appended while an admin pages through never shift the pages.
 */
export async function listAuditEntries(ctx: OrgContext, filters: AuditFilters, page: AuditPage = {}) {
  await authorize(ctx, "auditLog.read");
  const limit = page.limit ?? AUDIT_PAGE_SIZE;
  const rows = await withTenant(ctx.orgId, (tx) =>
    tx.auditLog.findMany({
      where: { AND: [auditWhere(filters), ...(page.beforeSeq ? [{ seq: { lt: page.beforeSeq } }] : [])] },
      orderBy: { seq: "desc" },
      take: limit + 1,
      select: { seq: true, createdAt: true, action: true, actorUserId: true, targetType: true, targetId: true, ip: true, requestId: true, metadata: true },
    }),
  );
  const items = rows.slice(0, limit);
  const names = await userNames(items.flatMap((row) => (row.actorUserId ? [row.actorUserId] : [])));
  return {
    entries: items.map(({ metadata, ...row }) => ({ ...row, actor: actorLabel({ actorUserId: row.actorUserId, metadata }, names) })),
    nextBeforeSeq: rows.length > limit ? items[items.length - 1]!.seq : null,
  };
}

/** What the filter form offers: the actions, record types and people present in this workshop's log, and its current members. */
export async function auditFilterChoices(ctx: OrgContext) {
  await authorize(ctx, "auditLog.read");
  const { actions, types, actors, members } = await withTenant(ctx.orgId, async (tx) => ({
    actions: await tx.auditLog.groupBy({ by: ["action"], orderBy: { action: "asc" } }),
    types: await tx.auditLog.groupBy({ by: ["targetType"], where: { targetType: { not: null } }, orderBy: { targetType: "asc" } }),
    actors: await tx.auditLog.groupBy({ by: ["actorUserId"], where: { actorUserId: { not: null } } }),
    members: await tx.membership.findMany({ select: { userId: true } }),
  }));
  const ids = new Set([...members.map((m) => m.userId), ...actors.flatMap((a) => (a.actorUserId ? [a.actorUserId] : []))]);
  const names = await userNames(ids);
  return {
    actions: actions.map((a) => a.action),
    recordTypes: types.flatMap((t) => (t.targetType ? [t.targetType] : [])),
    people: [...ids].map((id) => ({ id, name: names.get(id) ?? "Former user" })).sort((x, y) => x.name.localeCompare(y.name)),
  };
}
