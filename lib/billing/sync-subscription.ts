// Applies a Stripe webhook event. The event only says *that* something
// changed; the subscription is re-read from Stripe, so duplicates, retries and
// events in any order all converge on Stripe's current state.
import type Stripe from "stripe";
import { audit } from "@/lib/audit/audit";
import { db, withTenant } from "@/lib/db";
import { Prisma, type Plan, type SubscriptionStatus } from "@/lib/generated/prisma/client";
import { planForPriceId } from "./plans";

export const HANDLED_EVENTS = new Set([
  "checkout.session.completed",
  "customer.subscription.created",
  "customer.subscription.updated",
  "customer.subscription.deleted",
  "invoice.paid",
  "invoice.payment_failed",
]);

export type WebhookOutcome = "applied" | "duplicate" | "ignored";

const STATUS: Record<string, SubscriptionStatus> = {
  trialing: "TRIALING", active: "ACTIVE", past_due: "PAST_DUE", unpaid: "UNPAID", canceled: "CANCELED",
  incomplete: "INCOMPLETE", incomplete_expired: "INCOMPLETE_EXPIRED", paused: "PAUSED",
};
const PAYING: ReadonlySet<SubscriptionStatus> = new Set(["TRIALING", "ACTIVE", "PAST_DUE", "UNPAID"]);

const idOf = (value: unknown): string | null =>
  typeof value === "string" ? value : value && typeof value === "object" && "id" in value ? String((value as { id: unknown }).id) : null;

/** The subscription and customer an event is about, wherever that event type keeps them. */
function referencesOf(event: Stripe.Event): { subscriptionId: string | null; organizationHint: string | null } {
  const object = event.data.object as unknown as Record<string, unknown>;
  if (event.type === "checkout.session.completed") {
    return { subscriptionId: idOf(object.subscription), organizationHint: typeof object.client_reference_id === "string" ? object.client_reference_id : null };
  }
  if (event.type.startsWith("customer.subscription.")) return { subscriptionId: idOf(object.id), organizationHint: null };
  // Invoices name their subscription at the top level in older API versions, under parent in newer ones.
  const parent = object.parent as { subscription_details?: { subscription?: unknown } } | undefined;
  return { subscriptionId: idOf(object.subscription) ?? idOf(parent?.subscription_details?.subscription), organizationHint: null };
}

function stateOf(subscription: Stripe.Subscription) {
  const status = STATUS[subscription.status];
  if (!status) throw new Error(`unknown Stripe subscription status ${subscription.status}`);
  const item = subscription.items.data[0];
  if (!item) throw new Error(`subscription ${subscription.id} has no items`);
  const plan: Plan = PAYING.has(status) ? planForPriceId(item.price.id) : "FREE";
  const periodEnd = (item as unknown as { current_period_end?: number }).current_period_end;
  return {
    plan,
    subscriptionStatus: status,
    stripeSubscriptionId: subscription.id,
    currentPeriodEnd: periodEnd ? new Date(periodEnd * 1000) : null,
    cancelAtPeriodEnd: subscription.cancel_at_period_end,
    ...(subscription.trial_end ? { trialEndsAt: new Date(subscription.trial_end * 1000) } : {}),
  };
}

export async function applyStripeEvent(event: Stripe.Event, stripe: Stripe): Promise<WebhookOutcome> {
  if (!HANDLED_EVENTS.has(event.type)) return "ignored";
  if (await db().stripeEvent.findUnique({ where: { id: event.id }, select: { id: true } })) return "duplicate";
  const { subscriptionId, organizationHint } = referencesOf(event);
  if (!subscriptionId) return "ignored";

  const subscription = await stripe.subscriptions.retrieve(subscriptionId);
  const customerId = idOf(subscription.customer);
  if (!customerId) return "ignored";
  const organization = await db().organization.findFirst({
    where: { OR: [{ stripeCustomerId: customerId }, ...(organizationHint && /^[0-9a-f-]{36}$/i.test(organizationHint) ? [{ id: organizationHint, stripeCustomerId: null }] : [])] },
  });
  // Not ours (another application on the same Stripe account): acknowledge, change nothing.
  if (!organization) return "ignored";

  try {
    await withTenant(organization.id, async (tx, global) => {
      // Recorded first and committed with the effect: a redelivery finds it and stops.
      await global.stripeEvent.create({ data: { id: event.id, type: event.type } });
      const state = stateOf(subscription);
      const pastDueSince =
        state.subscriptionStatus === "PAST_DUE" || state.subscriptionStatus === "UNPAID"
          ? (organization.pastDueSince ?? new Date())
          : null;
      await global.organization.update({
        where: { id: organization.id },
        data: { ...state, stripeCustomerId: customerId, pastDueSince },
      });
      await audit(tx, { orgId: organization.id, requestId: event.id }, "BILLING_SUBSCRIPTION_SYNCED", { type: "Organization", id: organization.id }, {
        event: event.type,
        from: { plan: organization.plan, status: organization.subscriptionStatus },
        to: { plan: state.plan, status: state.subscriptionStatus },
      });
    });
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") return "duplicate";
    throw error;
  }
  return "applied";
}
