import { withTenant } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { isUuid } from "@/lib/ids";
import type { OrgContext } from "@/lib/org/context";
import { authorize } from "@/lib/rbac";

/** One customer of the workshop; anything else (another workshop's id, not a UUID) is "not found". */
export async function getCustomer(ctx: OrgContext, customerId: string) {
  await authorize(ctx, "customer.read");
  const customer = isUuid(customerId) ? await withTenant(ctx.orgId, (tx) => tx.customer.findFirst({ where: { id: customerId } })) : null;
  if (!customer) throw new AppError("NOT_FOUND", "That customer was not found.");
  return customer;
}
