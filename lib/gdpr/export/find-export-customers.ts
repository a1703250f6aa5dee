import { customerPickerWhere, PICKER_ORDER, PICKER_SIZE } from "@/lib/customers/customer-picker";
import { withTenant } from "@/lib/db";
import type { OrgContext } from "@/lib/org/context";
import { authorize } from "@/lib/rbac";

/** The export form's customer picker: a few customers by part of their name, email, phone or a car's plate. */
export async function findExportCustomers(ctx: OrgContext, q: string) {
  await authorize(ctx, "gdpr.export");
  const where = customerPickerWhere(q);
  if (!where) return [];
  return withTenant(ctx.orgId, (tx) =>
    tx.customer.findMany({ where, orderBy: [...PICKER_ORDER], take: PICKER_SIZE, select: { id: true, displayName: true, email: true, phone: true } }),
  );
}

export type ExportCustomer = Awaited<ReturnType<typeof findExportCustomers>>[number];
