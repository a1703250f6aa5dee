// Applies a Stripe webhook event. The event only says *that* something
// changed for a customer; the customer's subscriptions are re-read from
// Stripe while the workshop's row is locked, so duplicates, retries, late
// events about old subscriptions and events in any order all converge on
// Stripe's current state.
import type Stripe from "stripe";
import { audit } from "@/lib/audit/audit";
import { db, withTenant } from "@/lib/db";
import { Prisma, type Organization, type Plan, type SubscriptionStatus } from "@/lib/generated/prisma/client";
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

const statusOf = (subscription: Stripe.Subscription): SubscriptionStatus => {
  const status = STATUS[subscription.status];
  if (!status) throw new Error(`unknown Stripe subscription status ${subscription.status}`);
  return status;
};

/** The subscription that decides the plan: the newest paying one, else the newest of any kind. */
export function currentSubscription(subscriptions: Stripe.Subscription[]): Stripe.Subscription | null {
  const newestFirst = [...subscriptions].sort((a, b) => b.created - a.created);
  return newestFirst.find((s) => PAYING.has(statusOf(s))) ?? newestFirst[0] ?? null;
}

function stateOf(subscription: Stripe.Subscription | null, organization: Organization) {
  if (!subscription) {
    return { plan: "FREE" as Plan, subscriptionStatus: "NONE" as SubscriptionStatus, stripeSubscriptionId: null, currentPeriodEnd: null, cancelAtPeriodEnd: false, pastDueSince: null };
  }
  const status = statusOf(subscription);
  const item = subscription.items.data[0];
  if (!item) throw new Error(`subscription ${subscription.id} has no items`);
  const periodEnd = (item as unknown as { current_period_end?: number }).current_period_end;
  const overdue = status === "PAST_DUE" || status === "UNPAID";
  return {
    plan: PAYING.has(status) ? planForPriceId(item.price.id) : ("FREE" as Plan),
    subscriptionStatus: status,
    stripeSubscriptionId: subscription.id,
    currentPeriodEnd: periodEnd ? new Date(periodEnd * 1000) : null,
    cancelAtPeriodEnd: subscription.cancel_at_period_end,
    pastDueSince: overdue ? (organization.pastDueSince ?? new Date()) : null,
    ...(subscription.trial_end ? { trialEndsAt: new Date(subscription.trial_end * 1000) } : {}),
  };
}

export async function listCustomerSubscriptions(stripe: Stripe, customer: string): Promise<Stripe.Subscription[]> {
  const page = await stripe.subscriptions.list({ customer, status: "all", limit: 20 });
  return page.data;
}

export async function applyStripeEvent(event: Stripe.Event, stripe: Stripe): Promise<WebhookOutcome> {
  if (!HANDLED_EVENTS.has(event.type)) return "ignored";
  if (await db().stripeEvent.findUnique({ where: { id: event.id }, select: { id: true } })) return "duplicate";
  // Every handled event names its customer; the workshop is the one we linked to that customer
  // before sending its owner to Checkout. Nothing in the event can point at another workshop.
  const customerId = idOf((event.data.object as unknown as { customer?: unknown }).customer);
  if (!customerId) return "ignored";
  const organization = await db().organization.findUnique({ where: { stripeCustomerId: customerId }, select: { id: true } });
  if (!organization) return "ignored"; // another application on the same Stripe account

  try {
    await withTenant(
      organization.id,
      async (tx, global) => {
        // Recorded first and committed with the effect: a redelivery blocks here, then finds it.
        await global.stripeEvent.create({ data: { id: event.id, type: event.type } });
        // One event at a time per workshop, each reading Stripe after the previous one committed.
        await global.$queryRaw`SELECT id FROM "Organization" WHERE id = ${organization.id}::uuid FOR UPDATE`;
        const before = await global.organization.findUniqueOrThrow({ where: { id: organization.id } });
        const state = stateOf(currentSubscription(await listCustomerSubscriptions(stripe, customerId)), before);
        await global.organization.update({ where: { id: organization.id }, data: state });
        await audit(tx, { orgId: organization.id, requestId: event.id }, "BILLING_SUBSCRIPTION_SYNCED", { type: "Organization", id: organization.id }, {
          event: event.type,
          subscription: state.stripeSubscriptionId,
          from: { plan: before.plan, status: before.subscriptionStatus },
          to: { plan: state.plan, status: state.subscriptionStatus },
        });
      },
      { timeoutMs: 45_000 },
    );
  } catch (error) {
    const isDuplicate =
      error instanceof Prisma.PrismaClientKnownRequestError &&
      error.code === "P2002" &&
      (await db().stripeEvent.findUnique({ where: { id: event.id }, select: { id: true } }));
    if (isDuplicate) return "duplicate";
    throw error;
  }
  return "applied";
}
