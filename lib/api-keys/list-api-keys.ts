import { db, withTenant } from "@/lib/db";
import type { ApiKeyScope } from "@/lib/generated/prisma/client";
import type { OrgContext } from "@/lib/org/context";
import { authorize } from "@/lib/rbac";

export interface ApiKeyListItem {
  id: string;
  name: string;
  scope: ApiKeyScope;
  lastFour: string;
  createdAt: Date;
  createdBy: { id: string; name: string };
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

/** The workshop's keys, newest first, revoked ones included (they stay for the record). */
export async function listApiKeys(ctx: OrgContext): Promise<ApiKeyListItem[]> {
  await authorize(ctx, "apiKey.read");
  const keys = await withTenant(ctx.orgId, (tx) =>
    tx.apiKey.findMany({
      orderBy: { id: "desc" },
      select: { id: true, name: true, scope: true, lastFour: true, createdAt: true, createdByUserId: true, lastUsedAt: true, revokedAt: true },
    }),
  );
  const creatorIds = [...new Set(keys.map((key) => key.createdByUserId))];
  const users = creatorIds.length ? await db().user.findMany({ where: { id: { in: creatorIds } }, select: { id: true, name: true } }) : [];
  const names = new Map(users.map((user) => [user.id, user.name]));
  return keys.map(({ createdByUserId, ...key }) => ({
    ...key,
    createdBy: { id: createdByUserId, name: names.get(createdByUserId) ?? "Former member" },
  }));
}
