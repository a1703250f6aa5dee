import { withTenant } from "@/lib/db";
import type { OrgContext } from "@/lib/org/context";
import { authorize } from "@/lib/rbac";
import { findSupplier } from "./find-supplier";

/** The workshop's suppliers by name, with how many parts each supplies by default. */
export async function listSuppliers(ctx: OrgContext) {
  await authorize(ctx, "purchaseOrder.manage");
  return withTenant(ctx.orgId, (tx) =>
    tx.supplier.findMany({ orderBy: { name: "asc" }, take: 1000, include: { _count: { select: { parts: true } } } }),
  );
}

export async function getSupplier(ctx: OrgContext, supplierId: string) {
  await authorize(ctx, "purchaseOrder.manage");
  return withTenant(ctx.orgId, (tx) => findSupplier(tx, supplierId));
}

/**
 * Names only, for the part form's "default supplier" choice: whoever may edit
 * a part may pick one, without the purchasing rights that see the suppliers' details.
 */
export async function supplierChoices(ctx: OrgContext) {
  await authorize(ctx, "part.read");
  return withTenant(ctx.orgId, (tx) => tx.supplier.findMany({ orderBy: { name: "asc" }, take: 1000, select: { id: true, name: true } }));
}
