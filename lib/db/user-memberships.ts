import type { Role } from "@/lib/generated/prisma/client";
import { db, type AppPrismaClient } from "./client";
import { setUser } from "./tenant";

export interface UserMembership {
  organizationId: string;
  role: Role;
  organization: { slug: string; name: string };
}

/**
 * A user's own memberships across workshops (the workshop switcher, sign-in
 * audit). The one cross-workshop read: RLS's own_memberships policy limits it
 * to rows whose userId is the one set here.
 */
export async function listUserMemberships(userId: string, client: AppPrismaClient = db()): Promise<UserMembership[]> {
  const memberships = await client.$transaction(async (tx) => {
    await setUser(tx, userId);
    return tx.membership.findMany({ where: { userId }, select: { organizationId: true, role: true } });
  });
  if (memberships.length === 0) return [];
  const organizations = await client.organization.findMany({
    where: { id: { in: memberships.map((m) => m.organizationId) } },
    select: { id: true, slug: true, name: true },
  });
  const byId = new Map(organizations.map((o) => [o.id, o]));
  return memberships
    .filter((m) => byId.has(m.organizationId))
    .map((m) => ({ ...m, organization: { slug: byId.get(m.organizationId)!.slug, name: byId.get(m.organizationId)!.name } }))
    .sort((a, b) => a.organization.name.localeCompare(b.organization.name));
}
