import { readableMetadata } from "@/lib/audit/personal-data";
import { withTenant } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { log } from "@/lib/log/logger";
import type { OrgContext } from "@/lib/org/context";
import { authorize, can } from "@/lib/rbac";
import { visibleTo } from "@/lib/repair-orders/visibility";
import { isUuid } from "@/lib/ids";

/**
 * A customer with their vehicles, every visit (repair orders as customer or as
 * bill-to), their invoices, the work still recommended on their cars, and the
 * change history of the customer and the cars, newest first.
 */
export async function customerFile(ctx: OrgContext, customerId: string) {
  await authorize(ctx, "customer.read");
  return withTenant(ctx.orgId, async (tx) => {
    const customer = isUuid(customerId)
      ? await tx.customer.findFirst({ where: { id: customerId }, include: { vehicles: { orderBy: { createdAt: "asc" } }, contacts: { orderBy: { name: "asc" } } } })
      : null;
    if (!customer) throw new AppError("NOT_FOUND", "That customer was not found.");
    const entries = await tx.auditLog.findMany({
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
    const history = [];
    for (const entry of entries) {
      // A key that no longer opens (NEXTAUTH_SECRET changed) must not take the customer's page down with it.
      const metadata = await readableMetadata(tx, entry.metadata).catch((error: unknown) => {
        log.error({ event: "audit_metadata_unreadable", orgId: ctx.orgId, err: error }, "customer history could not be opened for display");
        return entry.metadata;
      });
      history.push({ ...entry, metadata });
    }
    const vehicleIds = customer.vehicles.map((v) => v.id);
    const [visits, recommendations] = await Promise.all([
      tx.repairOrder.findMany({
        where: { AND: [{ OR: [{ customerId: customer.id }, { billToCustomerId: customer.id }, { vehicleId: { in: vehicleIds } }] }, visibleTo(ctx)] },
        orderBy: { createdAt: "desc" },
        take: 100,
        select: {
          id: true, number: true, status: true, createdAt: true, odometerIn: true, concerns: true, vehicleId: true,
          jobs: { select: { title: true, approval: true }, orderBy: { position: "asc" } },
          ...(can(ctx, "invoice.read") ? { invoices: { select: { id: true, kind: true, number: true, grossMinor: true }, orderBy: { issuedAt: "asc" as const } } } : {}),
        },
      }),
      tx.recommendation.findMany({ where: { vehicleId: { in: vehicleIds }, status: "OPEN" }, orderBy: { createdAt: "desc" } }),
    ]);
    return { customer, history, visits, recommendations };
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
