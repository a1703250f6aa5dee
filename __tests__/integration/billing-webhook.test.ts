import Stripe from "stripe";
import { assertWritable } from "@/lib/billing/billing-access";
import { startPlanChange, openBillingPortal } from "@/lib/billing/checkout";
import { createCustomer } from "@/lib/customers/create-customer";
import { db, withTenant } from "@/lib/db";
import type { OrgContext } from "@/lib/org/context";
import { inviteMember } from "@/lib/members/invitations";
import { acceptInvitation } from "@/lib/members/accept-invitation";
import { FAKE_PRICES, FAKE_WEBHOOK_SECRET, type FakeStripe } from "../support/fake-stripe";
import { postWebhook, useFakeStripe, withoutStripe } from "../support/billing";
import { createTestDatabase, type TestDatabase } from "../support/test-database";
import { PASSWORD, contextFor, lastMailTo, linkIn, origin, signUp, uniqueEmail } from "../support/accounts";

let database: TestDatabase;
let fake: FakeStripe;

beforeAll(async () => {
  database = await createTestDatabase();
  fake = await useFakeStripe();
  // The route logs each failure it answers 500 for; several tests cause them on purpose.
  jest.spyOn(console, "error").mockImplementation(() => {});
});

afterAll(async () => {
  withoutStripe();
  await fake.close();
  await database.drop();
});

/** A workshop that went through Checkout: it has a Stripe customer and (in the fake) a subscription. */
async function subscribedWorkshop(label: string, price: string = FAKE_PRICES.STARTER) {
  const { userId, orgSlug } = await signUp(label);
  const ctx = await contextFor(userId, orgSlug);
  const url = await startPlanChange(ctx, "STARTER");
  expect(url).toMatch(new RegExp(`^${fake.base}/pay/cs_`));
  const { stripeCustomerId } = await db().organization.findUniqueOrThrow({ where: { id: ctx.orgId } });
  const subscription = fake.createSubscription(stripeCustomerId!, price);
  return { ctx, subscription };
}

const org = (ctx: OrgContext) => db().organization.findUniqueOrThrow({ where: { id: ctx.orgId } });
const auditActions = (ctx: OrgContext) =>
  withTenant(ctx.orgId, async (tx) => (await tx.auditLog.findMany({ orderBy: { seq: "asc" } })).map((e) => e.action));

async function send(type: string, object: unknown, id?: string) {
  const event = fake.signedEvent(type, object, id);
  return { ...(await postWebhook(event.payload, event.signature)), id: event.id };
}

describe("the webhook's signature", () => {
  test("a correctly signed event is applied and audited", async () => {
    const { ctx, subscription } = await subscribedWorkshop("signed");
    const result = await send("customer.subscription.created", subscription);
    expect(result).toMatchObject({ status: 200, body: { outcome: "applied" } });
    expect(await org(ctx)).toMatchObject({ plan: "STARTER", subscriptionStatus: "ACTIVE", stripeSubscriptionId: subscription.id });
    expect(await auditActions(ctx)).toContain("BILLING_SUBSCRIPTION_SYNCED");
  });

  test("a tampered body, a wrong secret, a stale timestamp or no signature get 400 and change nothing", async () => {
    const { ctx, subscription } = await subscribedWorkshop("tamper");
    const good = fake.signedEvent("customer.subscription.created", subscription);
    const signer = new Stripe("sk_test_x");
    const attempts = [
      { payload: good.payload.replace("subscription.created", "subscription.deleted"), signature: good.signature },
      { payload: good.payload, signature: signer.webhooks.generateTestHeaderString({ payload: good.payload, secret: "whsec_someone_else" }) },
      { payload: good.payload, signature: signer.webhooks.generateTestHeaderString({ payload: good.payload, secret: FAKE_WEBHOOK_SECRET, timestamp: Math.floor(Date.now() / 1000) - 600 }) },
      { payload: good.payload, signature: null },
    ];
    for (const attempt of attempts) {
      const result = await postWebhook(attempt.payload, attempt.signature);
      expect(result.status).toBe(400);
      expect(result.body.error?.code).toMatch(/^SIGNATURE_/);
    }
    expect(await org(ctx)).toMatchObject({ plan: "FREE", subscriptionStatus: "NONE" });
    expect(await db().stripeEvent.count({ where: { id: good.id } })).toBe(0);
  });
});

describe("delivery and order", () => {
  test("the same event delivered 5 times at once has one effect", async () => {
    const { ctx, subscription } = await subscribedWorkshop("dupes");
    const event = fake.signedEvent("customer.subscription.created", subscription);
    const results = await Promise.all(Array.from({ length: 5 }, () => postWebhook(event.payload, event.signature)));
    expect(results.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    expect(results.map((r) => r.body.outcome).sort()).toEqual(["applied", "duplicate", "duplicate", "duplicate", "duplicate"]);
    expect(await db().stripeEvent.count({ where: { id: event.id } })).toBe(1);
    expect((await auditActions(ctx)).filter((a) => a === "BILLING_SUBSCRIPTION_SYNCED")).toHaveLength(1);
  });

  test("updated before created: the workshop ends on Stripe's current state", async () => {
    const { ctx, subscription } = await subscribedWorkshop("order");
    const created = fake.signedEvent("customer.subscription.created", structuredClone(subscription));
    fake.updateSubscription(subscription.id, { price: FAKE_PRICES.PROFESSIONAL });
    expect((await send("customer.subscription.updated", subscription)).body.outcome).toBe("applied");
    expect((await postWebhook(created.payload, created.signature)).body.outcome).toBe("applied");
    expect(await org(ctx)).toMatchObject({ plan: "PROFESSIONAL", subscriptionStatus: "ACTIVE" });
  });

  test("a failure while applying answers 500, leaves no trace, and the retry succeeds", async () => {
    const { ctx, subscription } = await subscribedWorkshop("failure");
    const event = fake.signedEvent("customer.subscription.created", subscription);
    fake.failSubscriptionReads(3); // stripe-node retries twice before giving up
    expect((await postWebhook(event.payload, event.signature)).status).toBe(500);
    expect(await db().stripeEvent.count({ where: { id: event.id } })).toBe(0);

    // A failure inside the transaction (a price we do not sell) rolls back the recorded event too.
    fake.updateSubscription(subscription.id, { price: "price_unknown" });
    expect((await postWebhook(event.payload, event.signature)).status).toBe(500);
    expect(await db().stripeEvent.count({ where: { id: event.id } })).toBe(0);
    expect(await org(ctx)).toMatchObject({ plan: "FREE", subscriptionStatus: "NONE" });

    fake.updateSubscription(subscription.id, { price: FAKE_PRICES.STARTER });
    expect((await postWebhook(event.payload, event.signature)).body.outcome).toBe("applied");
    expect(await org(ctx)).toMatchObject({ plan: "STARTER" });
  });

  test("checkout completion applies the new subscription", async () => {
    const { ctx, subscription } = await subscribedWorkshop("checkout");
    const result = await send("checkout.session.completed", { id: "cs_1", object: "checkout.session", customer: subscription.customer, subscription: subscription.id, client_reference_id: ctx.orgId });
    expect(result.body.outcome).toBe("applied");
    expect(await org(ctx)).toMatchObject({ plan: "STARTER", subscriptionStatus: "ACTIVE" });
  });

  test("a late event about an old, cancelled subscription does not undo the current one", async () => {
    const { ctx, subscription: first } = await subscribedWorkshop("resubscribe");
    await send("customer.subscription.created", first);
    fake.updateSubscription(first.id, { status: "canceled" });
    const second = fake.createSubscription(first.customer, FAKE_PRICES.PROFESSIONAL);
    await send("customer.subscription.created", second);
    expect(await org(ctx)).toMatchObject({ plan: "PROFESSIONAL", stripeSubscriptionId: second.id });
    await send("customer.subscription.deleted", first);
    await send("invoice.paid", { id: "in_old", object: "invoice", customer: first.customer, subscription: first.id });
    expect(await org(ctx)).toMatchObject({ plan: "PROFESSIONAL", subscriptionStatus: "ACTIVE", stripeSubscriptionId: second.id });
  });

  test("a client_reference_id naming another workshop binds nothing", async () => {
    const { userId, orgSlug } = await signUp("victim");
    const victim = await contextFor(userId, orgSlug);
    const attacker = fake.createSubscription("cus_attacker", FAKE_PRICES.ENTERPRISE);
    const result = await send("checkout.session.completed", { id: "cs_x", object: "checkout.session", customer: "cus_attacker", subscription: attacker.id, client_reference_id: victim.orgId });
    expect(result.body.outcome).toBe("ignored");
    expect(await org(victim)).toMatchObject({ plan: "FREE", stripeCustomerId: null, subscriptionStatus: "NONE" });
  });

  test("events it does not handle, and customers that are not ours, are acknowledged and ignored", async () => {
    expect((await send("payment_intent.created", { id: "pi_1" })).body.outcome).toBe("ignored");
    const stranger = fake.createSubscription("cus_not_ours", FAKE_PRICES.STARTER);
    expect((await send("customer.subscription.created", stranger)).body.outcome).toBe("ignored");
  });
});

describe("payment trouble", () => {
  test("past due keeps working through the grace period, then turns read-only, and payment restores it", async () => {
    const { ctx, subscription } = await subscribedWorkshop("pastdue");
    await send("customer.subscription.created", subscription);
    fake.updateSubscription(subscription.id, { status: "past_due" });
    await send("invoice.payment_failed", { id: "in_1", object: "invoice", customer: subscription.customer, parent: { subscription_details: { subscription: subscription.id } } });
    const overdue = await org(ctx);
    expect(overdue).toMatchObject({ subscriptionStatus: "PAST_DUE", plan: "STARTER" });
    expect(overdue.pastDueSince).not.toBeNull();
    await expect(createCustomer(ctx, { kind: "PERSON", displayName: "During grace" })).resolves.toMatchObject({ displayName: "During grace" });

    await db().organization.update({ where: { id: ctx.orgId }, data: { pastDueSince: new Date(Date.now() - 8 * 86_400_000) } });
    const before = await withTenant(ctx.orgId, (tx) => tx.customer.count());
    await expect(createCustomer(ctx, { kind: "PERSON", displayName: "After grace" })).rejects.toMatchObject({ code: "READ_ONLY" });
    await expect(assertWritable(ctx)).rejects.toMatchObject({ code: "READ_ONLY" });
    expect(await withTenant(ctx.orgId, (tx) => tx.customer.count())).toBe(before);
    expect(await auditActions(ctx)).toContain("QUOTA_EXCEEDED");

    fake.updateSubscription(subscription.id, { status: "active" });
    await send("invoice.paid", { id: "in_2", object: "invoice", customer: subscription.customer, subscription: subscription.id });
    expect(await org(ctx)).toMatchObject({ subscriptionStatus: "ACTIVE", pastDueSince: null });
    await expect(createCustomer(ctx, { kind: "PERSON", displayName: "Paid up" })).resolves.toBeTruthy();
  });

  test("a cancelled subscription falls back to FREE and deletes nothing", async () => {
    const { ctx, subscription } = await subscribedWorkshop("cancel");
    await send("customer.subscription.created", subscription);
    for (let i = 0; i < 4; i += 1) {
      const email = uniqueEmail(`staff${i}`);
      await inviteMember(ctx, { email, role: "TECHNICIAN" });
      const link = linkIn((await lastMailTo(email))?.text);
      await acceptInvitation(link.searchParams.get("org")!, link.searchParams.get("token")!, { newAccount: { name: `S${i}`, password: PASSWORD, confirm: PASSWORD } }, origin());
    }
    fake.updateSubscription(subscription.id, { status: "canceled" });
    await send("customer.subscription.deleted", subscription);
    expect(await org(ctx)).toMatchObject({ plan: "FREE", subscriptionStatus: "CANCELED" });
    expect(await withTenant(ctx.orgId, (tx) => tx.membership.count())).toBe(5);
    await expect(inviteMember(ctx, { email: uniqueEmail("sixth"), role: "VIEWER" })).rejects.toMatchObject({
      code: "QUOTA_EXCEEDED",
      message: "Your Free trial plan allows 3 members. Upgrade to Professional for more.",
    });
  });
});

describe("checkout and portal", () => {
  test("only the owner can start a plan change or open the portal", async () => {
    const { ctx } = await subscribedWorkshop("owneronly");
    const email = uniqueEmail("admin");
    await inviteMember(ctx, { email, role: "ADMIN" });
    const link = linkIn((await lastMailTo(email))?.text);
    const { userId } = await acceptInvitation(link.searchParams.get("org")!, link.searchParams.get("token")!, { newAccount: { name: "A", password: PASSWORD, confirm: PASSWORD } }, origin());
    const admin = await contextFor(userId, ctx.orgSlug);
    await expect(startPlanChange(admin, "PROFESSIONAL")).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(openBillingPortal(admin)).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(openBillingPortal(ctx)).resolves.toMatch(new RegExp(`^${fake.base}/portal/`));
  });

  test("an owner with a live subscription switches plan on Stripe's confirm page, not a second Checkout", async () => {
    const { ctx, subscription } = await subscribedWorkshop("switch");
    await send("customer.subscription.created", subscription);
    const before = { sessions: fake.requests.filter((r) => r === "POST /v1/checkout/sessions").length, customers: fake.customers.size };
    const url = await startPlanChange(ctx, "PROFESSIONAL");
    expect(url).toMatch(new RegExp(`^${fake.base}/portal/`));
    expect(fake.requests.filter((r) => r === "POST /v1/checkout/sessions")).toHaveLength(before.sessions);
    expect(fake.customers.size).toBe(before.customers);
    expect(fake.requests).toContain(`portal switch ${subscription.id} to ${FAKE_PRICES.PROFESSIONAL}`);
  });

  test("before the webhook arrives, a second click still goes to the confirm page, not a second Checkout", async () => {
    const { ctx, subscription } = await subscribedWorkshop("doubleclick");
    // No event delivered yet: our copy still says FREE, Stripe already has the subscription.
    expect(await org(ctx)).toMatchObject({ plan: "FREE" });
    expect(await startPlanChange(ctx, "STARTER")).toMatch(new RegExp(`^${fake.base}/portal/`));
    expect(fake.requests).toContain(`portal switch ${subscription.id} to ${FAKE_PRICES.STARTER}`);
  });

  test("without Stripe settings: the webhook answers 503 and plan changes say billing is not configured", async () => {
    const { userId, orgSlug } = await signUp("nostripe");
    const ctx = await contextFor(userId, orgSlug);
    withoutStripe();
    try {
      await expect(startPlanChange(ctx, "STARTER")).rejects.toMatchObject({ code: "BILLING_NOT_CONFIGURED" });
      expect((await postWebhook("{}", "t=1,v1=x")).status).toBe(503);
      await expect(createCustomer(ctx, { kind: "PERSON", displayName: "Still works" })).resolves.toBeTruthy();
    } finally {
      Object.assign(process.env, fake.env);
      const { reloadServerEnv } = await import("@/lib/env");
      reloadServerEnv();
    }
  });
});
