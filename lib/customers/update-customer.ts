import { audit } from "@/lib/audit/audit";
import { personalChanges } from "@/lib/audit/personal-data";
import { tenantOf, withTenant, type TenantTx } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { Customer } from "@/lib/generated/prisma/client";
import { assertNotErased } from "@/lib/gdpr/erasure/erased-customer";
import { actorOf, type OrgContext } from "@/lib/org/context";
import { authorize } from "@/lib/rbac";
import { customerData, type CustomerInput } from "./customer-input";
import { isUuid } from "@/lib/ids";

/** Sealed with the customer's key in the audit log (lib/audit/personal-data.ts): erasure shreds them. */
const CUSTOMER_PERSONAL_FIELDS = ["displayName", "email", "phone", "addressLine1", "city", "postcode", "notes"] as const;

export async function updateCustomer(ctx: OrgContext, customerId: string, input: CustomerInput) {
  return patchCustomer(ctx, customerId, () => input);
}

/**
 * Changes a customer to what `next` makes of the row as it is now. The row is
 * locked while `next` reads it, so a concurrent change to another field is
 * kept, not overwritten by a copy read before it (the API's PATCH).
 */
export async function patchCustomer(ctx: OrgContext, customerId: string, next: (before: Customer) => CustomerInput) {
  await authorize(ctx, "customer.update");
  return withTenant(ctx.orgId, async (tx) => {
    const before = isUuid(customerId) ? await lockedCustomer(tx, customerId) : null;
    if (!before) throw new AppError("NOT_FOUND", "That customer was not found.");
    await assertNotErased(tx, customerId);
    const data = customerData(next(before));
    const customer = await tx.customer.update({ where: { organizationId_id: { organizationId: ctx.orgId, id: customerId } }, data });
    await audit(tx, actorOf(ctx), "customer.update", { type: "Customer", id: customerId }, await personalChanges(tx, customerId, before, data, CUSTOMER_PERSONAL_FIELDS));
    return customer;
  });
}

async function lockedCustomer(tx: TenantTx, customerId: string) {
  await tx.$queryRaw`SELECT id FROM "Customer" WHERE "organizationId" = ${tenantOf(tx)}::uuid AND id = ${customerId}::uuid FOR UPDATE`;
  return tx.customer.findFirst({ where: { id: customerId } });
}
