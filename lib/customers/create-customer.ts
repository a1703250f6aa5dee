import { audit } from "@/lib/audit/audit";
import { sealPersonal } from "@/lib/audit/personal-data";
import { assertQuota, withQuotaAudit } from "@/lib/billing/quota";
import { withTenant } from "@/lib/db";
import { actorOf, type OrgContext } from "@/lib/org/context";
import { authorize } from "@/lib/rbac";
import { customerData, ZCustomer, type CustomerInput } from "./customer-input";

export { ZCustomer as ZCreateCustomer };

export async function createCustomer(ctx: OrgContext, raw: Partial<CustomerInput> & Pick<CustomerInput, "displayName">) {
  await authorize(ctx, "customer.create");
  const input = ZCustomer.parse(raw);
  return withQuotaAudit(ctx, () =>
    withTenant(ctx.orgId, async (tx) => {
      await assertQuota(tx, "customers");
      const customer = await tx.customer.create({ data: { organizationId: ctx.orgId, ...customerData(input) } });
      await audit(tx, actorOf(ctx), "customer.create", { type: "Customer", id: customer.id }, {
        displayName: await sealPersonal(tx, customer.id, customer.displayName),
      });
      return customer;
    }),
  );
}
