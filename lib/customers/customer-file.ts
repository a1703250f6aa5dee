import { withTenant } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { OrgContext } from "@/lib/org/context";
import { authorize } from "@/lib/rbac";
import { isUuid } from "@/lib/ids";

/** A customer with their vehicles and the history of both, newest first. */
export async function customerFile(ctx: OrgContext, customerId: string) {
  await authorize(ctx, "customer.read");
  return withTenant(ctx.orgId, async (tx) => {
    const customer = isUuid(customerId)
      ? await tx.customer.findFirst({ where: { id: customerId }, include: { vehicles: { orderBy: { createdAt: "asc" } } } })
      : null;
    if (!customer) throw new AppError("NOT_FOUND", "That customer was not found.");
    const history = await tx.auditLog.findMany({
      where: {
        OR: [
          { targetType: "Customer", targetId: customer.id },
          { targetType: "Vehicle", targetId: { in: customer.vehicles.map((v) => v.id) } },
        ],
      },
      orderBy: { seq: "desc" },
      take: 50,
      select: { seq: true, action: true, createdAt: true, actorUserId: true, targetType: true, metadata: true },
    });
    return { customer, history };
  });
}

export async function listCustomers(ctx: OrgContext, page = 0) {
  await authorize(ctx, "customer.read");
  return withTenant(ctx.orgId, (tx) =>
    tx.customer.findMany({
      orderBy: { displayName: "asc" },
      skip: page * 50,
      take: 50,
      include: { vehicles: { select: { id: true, registration: true, make: true, model: true } } },
    }),
  );
}
