import { withTenant } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { isUuid } from "@/lib/ids";
import type { OrgContext } from "@/lib/org/context";
import { authorize } from "@/lib/rbac";
import { mergedCustomerFields } from "./merge-customers";

/** What merging `mergeId` into `keepId` would move and fill, for the confirm step. Changes nothing. */
export async function customerMergePreview(ctx: OrgContext, keepId: string, mergeId: string) {
  await authorize(ctx, "customer.merge");
  if (keepId === mergeId) throw new AppError("VALIDATION_FAILED", "A customer cannot be merged into itself.");
  return withTenant(ctx.orgId, async (tx) => {
    const find = (id: string) => (isUuid(id) ? tx.customer.findFirst({ where: { id } }) : Promise.resolve(null));
    const keep = await find(keepId);
    const merge = await find(mergeId);
    if (!keep || !merge) throw new AppError("NOT_FOUND", "That customer was not found.");
    const counts = {
      vehicles: await tx.vehicle.count({ where: { customerId: mergeId } }),
      repairOrders: await tx.repairOrder.count({ where: { customerId: mergeId } }),
      billedRepairOrders: await tx.repairOrder.count({ where: { billToCustomerId: mergeId } }),
      invoices: await tx.invoice.count({ where: { customerId: mergeId } }),
    };
    return { keep, merge, counts, ...mergedCustomerFields(keep, merge) };
  });
}
