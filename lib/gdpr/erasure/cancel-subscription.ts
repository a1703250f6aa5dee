import { stripeClient } from "@/lib/billing/stripe-client";
import { db } from "@/lib/db";

const ENDED = new Set(["canceled", "incomplete_expired"]);

/**
 * Ends the workshop's Stripe subscriptions at once (not at the period's end:
 * the workshop is gone). Reads them from Stripe, so a retry cancels only what
 * is still live and calls Stripe for nothing else. Returns how many it cancelled.
 */
export async function cancelWorkshopSubscriptions(orgId: string): Promise<number> {
  const organization = await db().organization.findUniqueOrThrow({ where: { id: orgId }, select: { stripeCustomerId: true } });
  if (!organization.stripeCustomerId) return 0;
  const stripe = stripeClient();
  if (!stripe) throw new Error("the workshop has a Stripe customer but STRIPE_SECRET_KEY is not set");
  let cancelled = 0;
  for await (const subscription of stripe.subscriptions.list({ customer: organization.stripeCustomerId, status: "all", limit: 100 })) {
    if (ENDED.has(subscription.status)) continue;
    await stripe.subscriptions.cancel(subscription.id, {}, { idempotencyKey: `awms-close-${orgId}-${subscription.id}` });
    cancelled += 1;
  }
  await db().organization.update({ where: { id: orgId }, data: { subscriptionStatus: "CANCELED", plan: "FREE", cancelAtPeriodEnd: false, pastDueSince: null } });
  return cancelled;
}
