import { z } from "zod";
import { audit } from "@/lib/audit/audit";
import { db, withTenant } from "@/lib/db";
import { appUrl } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { actorOf, type OrgContext } from "@/lib/org/context";
import { authorize } from "@/lib/rbac";
import { PAID_PLANS, priceIdFor } from "./plans";
import { stripeClient } from "./stripe-client";
import { currentSubscription, listCustomerSubscriptions } from "./sync-subscription";

export const ZChoosePlan = z.object({ plan: z.enum(PAID_PLANS as [string, ...string[]], { message: "Choose a plan." }) });

function configuredStripe() {
  const stripe = stripeClient();
  if (!stripe) throw new AppError("BILLING_NOT_CONFIGURED", "Billing is not configured on this server, so the workshop stays on the free plan.");
  return stripe;
}

const billingPage = (ctx: OrgContext) => `${appUrl()}/${ctx.orgSlug}/settings/billing`;

/** The workshop's Stripe customer, created once (the idempotency key makes a double click create one). */
async function ensureCustomer(ctx: OrgContext): Promise<string> {
  const organization = await db().organization.findUniqueOrThrow({ where: { id: ctx.orgId } });
  if (organization.stripeCustomerId) return organization.stripeCustomerId;
  const customer = await configuredStripe().customers.create(
    { name: organization.name, metadata: { organizationId: organization.id } },
    { idempotencyKey: `awms-customer-${organization.id}` },
  );
  await withTenant(ctx.orgId, async (tx, global) => {
    const linked = await global.organization.updateMany({ where: { id: organization.id, stripeCustomerId: null }, data: { stripeCustomerId: customer.id } });
    if (linked.count === 1) {
      await audit(tx, actorOf(ctx), "BILLING_CUSTOMER_LINKED", { type: "Organization", id: ctx.orgId }, { stripeCustomerId: customer.id });
    }
  });
  return (await db().organization.findUniqueOrThrow({ where: { id: organization.id } })).stripeCustomerId ?? customer.id;
}

/**
 * Where to send the owner to change plan: Stripe Checkout for a first
 * subscription, or Stripe's confirm page for switching an existing one. The
 * plan itself changes only when Stripe's webhook says so.
 */
export async function startPlanChange(ctx: OrgContext, plan: (typeof PAID_PLANS)[number]): Promise<string> {
  await authorize(ctx, "billing.manage");
  const stripe = configuredStripe();
  const price = priceIdFor(plan);
  if (!price) throw new AppError("BILLING_NOT_CONFIGURED", `No Stripe price is configured for ${plan}.`);
  const customer = await ensureCustomer(ctx);

  // Asked of Stripe, not of our copy: a webhook may not have arrived yet, and a second Checkout
  // would bill the workshop twice.
  let url: string | null;
  const current = currentSubscription(await listCustomerSubscriptions(stripe, customer));
  const live = current && ["active", "trialing", "past_due", "unpaid"].includes(current.status);
  if (current && live) {
    const subscription = current;
    const item = subscription.items.data[0];
    if (!item) throw new AppError("CONFLICT", "The subscription has no plan to change.");
    const session = await stripe.billingPortal.sessions.create({
      customer,
      return_url: billingPage(ctx),
      flow_data: {
        type: "subscription_update_confirm",
        subscription_update_confirm: { subscription: subscription.id, items: [{ id: item.id, price, quantity: 1 }] },
      },
    });
    url = session.url;
  } else {
    const session = await stripe.checkout.sessions.create({
      mode: "subscription",
      customer,
      client_reference_id: ctx.orgId,
      line_items: [{ price, quantity: 1 }],
      subscription_data: { metadata: { organizationId: ctx.orgId } },
      success_url: `${billingPage(ctx)}?checkout=success`,
      cancel_url: `${billingPage(ctx)}?checkout=cancelled`,
    });
    url = session.url;
  }
  if (!url) throw new AppError("SERVICE_UNAVAILABLE", "Stripe did not return a page to continue on. Please try again.");
  await withTenant(ctx.orgId, (tx) => audit(tx, actorOf(ctx), "BILLING_CHECKOUT_STARTED", { type: "Organization", id: ctx.orgId }, { plan }));
  return url;
}

/** Stripe's Customer Portal: payment methods, invoices, cancelling. */
export async function openBillingPortal(ctx: OrgContext): Promise<string> {
  await authorize(ctx, "billing.manage");
  const stripe = configuredStripe();
  const organization = await db().organization.findUniqueOrThrow({ where: { id: ctx.orgId } });
  if (!organization.stripeCustomerId) throw new AppError("CONFLICT", "There is no billing account yet: choose a plan first.");
  const session = await stripe.billingPortal.sessions.create({ customer: organization.stripeCustomerId, return_url: billingPage(ctx) });
  return session.url;
}
