import { withTenant } from "@/lib/db";
import type { OrgContext } from "@/lib/org/context";
import { authorize } from "@/lib/rbac";

/**
 * Catalogue part lines still needed on open repair orders and not yet on an
 * open purchase order: what a new purchase order line can be "for".
 */
export async function waitingPartLines(ctx: OrgContext) {
  await authorize(ctx, "purchaseOrder.manage");
  return withTenant(ctx.orgId, (tx) =>
    tx.jobLine.findMany({
      where: {
        kind: "PART", partStatus: "NEEDED", partId: { not: null },
        job: { repairOrder: { status: { notIn: ["INVOICED", "CLOSED", "CANCELLED"] } } },
        purchaseOrderLines: { none: { purchaseOrder: { status: { in: ["DRAFT", "ORDERED", "PARTIALLY_RECEIVED"] } } } },
      },
      orderBy: { createdAt: "asc" }, take: 200,
      select: { id: true, description: true, quantityMilli: true, partId: true, job: { select: { repairOrder: { select: { number: true } } } } },
    }),
  );
}
