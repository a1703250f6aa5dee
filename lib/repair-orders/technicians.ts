import { db, withTenant } from "@/lib/db";
import type { Role } from "@/lib/generated/prisma/client";
import type { OrgContext } from "@/lib/org/context";
import { authorize, hasPermission } from "@/lib/rbac";

export interface WorkshopTechnician {
  userId: string;
  name: string;
  role: Role;
}

/**
 * The members who can be given repair order work (anyone whose role may work
 * on repair orders: technicians first, then owners and advisors who also
 * turn spanners), by name. Only names: emails stay on the members page.
 */
export async function listTechnicians(ctx: OrgContext): Promise<WorkshopTechnician[]> {
  await authorize(ctx, "repairOrder.read");
  const memberships = await withTenant(ctx.orgId, (tx) => tx.membership.findMany({ select: { userId: true, role: true } }));
  const workers = memberships.filter((m) => hasPermission(m.role, "repairOrder.update"));
  const users = await db().user.findMany({ where: { id: { in: workers.map((m) => m.userId) } }, select: { id: true, name: true } });
  const names = new Map(users.map((u) => [u.id, u.name]));
  return workers
    .map((m) => ({ userId: m.userId, name: names.get(m.userId) ?? "Unknown", role: m.role }))
    .sort((x, y) => Number(y.role === "TECHNICIAN") - Number(x.role === "TECHNICIAN") || x.name.localeCompare(y.name));
}
