import { db, withTenant } from "@/lib/db";
import type { OrgContext } from "@/lib/org/context";
import { authorize } from "@/lib/rbac";
import { billingAccess } from "./billing-access";
import { PLANS, QUOTA_LABELS, type QuotaResource } from "./plans";
import { usageOf } from "./quota";

export interface UsageLine {
  resource: QuotaResource;
  label: string;
  used: number | null;
  limit: number;
}

/** The billing page's picture: plan, Stripe state, and usage against each limit. */
export async function workshopBilling(ctx: OrgContext) {
  await authorize(ctx, "billing.manage");
  const organization = await db().organization.findUniqueOrThrow({ where: { id: ctx.orgId } });
  const counted = await withTenant(ctx.orgId, async (tx) => ({
    seats: await usageOf(tx, "seats"),
    customers: await usageOf(tx, "customers"),
    locations: await usageOf(tx, "locations"),
    repairOrdersPerMonth: await usageOf(tx, "repairOrdersThisMonth"),
    storageBytes: await usageOf(tx, "storageBytes"),
  }));
  const limits = PLANS[organization.plan];
  const usage: UsageLine[] = (Object.keys(QUOTA_LABELS) as QuotaResource[]).map((resource) => ({
    resource,
    label: QUOTA_LABELS[resource],
    used: resource in counted ? counted[resource as keyof typeof counted] : null,
    limit: limits[resource],
  }));
  return { organization, limits, usage, access: billingAccess(organization) };
}
