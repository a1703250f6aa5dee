import { audit } from "@/lib/audit/audit";
import { withTenant } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { actorOf, type OrgContext } from "@/lib/org/context";
import { authorize } from "@/lib/rbac";
import { customerData, type CustomerInput } from "./customer-input";

export async function updateCustomer(ctx: OrgContext, customerId: string, input: CustomerInput) {
  await authorize(ctx, "customer.update");
  return withTenant(ctx.orgId, async (tx) => {
    const before = /^[0-9a-f-]{36}$/i.test(customerId) ? await tx.customer.findFirst({ where: { id: customerId } }) : null;
    if (!before) throw new AppError("NOT_FOUND", "That customer was not found.");
    const data = customerData(input);
    const customer = await tx.customer.update({ where: { organizationId_id: { organizationId: ctx.orgId, id: customerId } }, data });
    // The audit entry keeps only what changed (before -> after), never the whole record.
    const changed = Object.fromEntries(
      Object.entries(data)
        .filter(([key, value]) => String(before[key as keyof typeof before] ?? "") !== String(value ?? ""))
        .map(([key, value]) => [key, { from: before[key as keyof typeof before] ?? null, to: value }]),
    );
    await audit(tx, actorOf(ctx), "customer.update", { type: "Customer", id: customerId }, JSON.parse(JSON.stringify(changed)));
    return customer;
  });
}
