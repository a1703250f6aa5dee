import { z } from "zod";
import { audit } from "@/lib/audit/audit";
import { assertQuota, withQuotaAudit } from "@/lib/billing/quota";
import { withTenant } from "@/lib/db";
import { CustomerKind } from "@/lib/generated/prisma/client";
import { actorOf, type OrgContext } from "@/lib/org/context";
import { authorize } from "@/lib/rbac";

export const ZCreateCustomer = z.object({
  kind: z.enum(CustomerKind).default("PERSON"),
  displayName: z.string().trim().min(1, "Enter the customer's name.").max(200),
  email: z.string().trim().toLowerCase().email("Enter a valid email address.").max(254).optional(),
  phone: z.string().trim().max(40).optional(),
});

export async function createCustomer(ctx: OrgContext, input: z.infer<typeof ZCreateCustomer>) {
  await authorize(ctx, "customer.create");
  return withQuotaAudit(ctx, () =>
    withTenant(ctx.orgId, async (tx) => {
      await assertQuota(tx, "customers");
      const customer = await tx.customer.create({
        data: { organizationId: ctx.orgId, kind: input.kind, displayName: input.displayName, email: input.email ?? null, phone: input.phone ?? null },
      });
      await audit(tx, actorOf(ctx), "customer.create", { type: "Customer", id: customer.id }, { displayName: customer.displayName });
      return customer;
    }),
  );
}
