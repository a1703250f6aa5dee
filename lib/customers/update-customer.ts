import { audit } from "@/lib/audit/audit";
import { changedFields } from "@/lib/audit/changed-fields";
import { withTenant } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { actorOf, type OrgContext } from "@/lib/org/context";
import { authorize } from "@/lib/rbac";
import { customerData, type CustomerInput } from "./customer-input";
import { isUuid } from "@/lib/ids";

export async function updateCustomer(ctx: OrgContext, customerId: string, input: CustomerInput) {
  await authorize(ctx, "customer.update");
  return withTenant(ctx.orgId, async (tx) => {
    const before = isUuid(customerId) ? await tx.customer.findFirst({ where: { id: customerId } }) : null;
    if (!before) throw new AppError("NOT_FOUND", "That customer was not found.");
    const data = customerData(input);
    const customer = await tx.customer.update({ where: { organizationId_id: { organizationId: ctx.orgId, id: customerId } }, data });
    await audit(tx, actorOf(ctx), "customer.update", { type: "Customer", id: customerId }, changedFields(before, data));
    return customer;
  });
}
