import { audit } from "@/lib/audit/audit";
import { PLANS } from "@/lib/billing/plans";
import { withTenant } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { actorOf, type OrgContext } from "@/lib/org/context";
import { authorize } from "@/lib/rbac";

/** Opens or closes the public booking page. Opening needs a plan that includes it; closing is always allowed. */
export async function setOnlineBooking(ctx: OrgContext, enabled: boolean) {
  await authorize(ctx, "settings.update");
  await withTenant(ctx.orgId, async (tx, global) => {
    // Read under the row's lock: a plan change arriving from Stripe meanwhile is seen, not overtaken.
    const [organization] = await global.$queryRaw<Array<{ plan: keyof typeof PLANS; onlineBookingEnabled: boolean }>>`
      SELECT plan, "onlineBookingEnabled" FROM "Organization" WHERE id = ${ctx.orgId}::uuid FOR UPDATE`;
    if (!organization) throw new AppError("NOT_FOUND", "Workshop not found");
    if (enabled && !PLANS[organization.plan].features.onlineBooking) {
      throw new AppError("PLAN_FEATURE", `Online booking is not part of the ${PLANS[organization.plan].label} plan. An owner can upgrade on the billing page.`);
    }
    if (organization.onlineBookingEnabled === enabled) return;
    await global.organization.update({ where: { id: ctx.orgId }, data: { onlineBookingEnabled: enabled } });
    await audit(tx, actorOf(ctx), "SETTINGS_UPDATED", { type: "Organization", id: ctx.orgId }, { onlineBookingEnabled: enabled });
  });
}
