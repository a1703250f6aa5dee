// A local stand-in for the Stripe API, started by the tests: stripe-node talks
// to it through STRIPE_API_BASE (host/port/protocol), its Checkout and Portal
// pages are plain HTML a browser can click through, and it signs the webhooks
// it sends with stripe.webhooks.generateTestHeaderString. No test reaches the internet.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import Stripe from "stripe";

export const FAKE_PRICES = { STARTER: "price_fake_starter", PROFESSIONAL: "price_fake_professional", ENTERPRISE: "price_fake_enterprise" } as const;
export const FAKE_WEBHOOK_SECRET = "whsec_fake_awms_tests";
const signer = new Stripe("sk_test_fake_signer");

export interface FakeSubscription {
  id: string;
  object: "subscription";
  customer: string;
  status: string;
  created: number;
  cancel_at_period_end: boolean;
  trial_end: number | null;
  metadata: Record<string, string>;
  items: { object: "list"; data: Array<{ id: string; object: "subscription_item"; price: { id: string; object: "price" }; current_period_end: number; quantity: number }> };
}

interface CheckoutSession {
  id: string;
  object: "checkout.session";
  url: string;
  customer: string;
  client_reference_id: string | null;
  success_url: string;
  price: string;
  subscription: string | null;
  status: "open" | "complete";
}

export interface FakeStripe {
  base: string;
  env: Record<string, string>;
  subscriptions: Map<string, FakeSubscription>;
  customers: Map<string, { id: string; name: string; metadata: Record<string, string> }>;
  requests: string[];
  webhookUrl: string | null;
  /** the next N subscription reads answer 500 */
  failSubscriptionReads(count: number): void;
  createSubscription(customer: string, price: string, status?: string): FakeSubscription;
  updateSubscription(id: string, changes: { status?: string; price?: string; cancel_at_period_end?: boolean }): FakeSubscription;
  signedEvent(type: string, object: unknown, id?: string): { payload: string; signature: string; id: string };
  deliver(type: string, object: unknown, id?: string): Promise<Response>;
  close(): Promise<void>;
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let body = "";
    request.on("data", (chunk: Buffer) => (body += chunk.toString()));
    request.on("end", () => resolve(body));
    request.on("error", reject);
  });
}

function json(response: ServerResponse, status: number, body: unknown) {
  response.writeHead(status, { "content-type": "application/json", "request-id": `req_fake_${Date.now()}` });
  response.end(JSON.stringify(body));
}

function html(response: ServerResponse, body: string) {
  response.writeHead(200, { "content-type": "text/html; charset=utf-8" });
  response.end(`<!doctype html><html lang="en"><head><title>Fake Stripe</title></head><body>${body}</body></html>`);
}

export async function startFakeStripe(): Promise<FakeStripe> {
  let counter = 0;
  const next = (prefix: string) => `${prefix}_fake${Date.now().toString(36)}${(counter += 1)}`;
  const subscriptions = new Map<string, FakeSubscription>();
  const customers = new Map<string, { id: string; name: string; metadata: Record<string, string> }>();
  const sessions = new Map<string, CheckoutSession>();
  const requests: string[] = [];
  let failReads = 0;
  let base = "";

  const fake: FakeStripe = {
    base: "",
    env: {},
    subscriptions,
    customers,
    requests,
    webhookUrl: null,
    failSubscriptionReads(count) {
      failReads = count;
    },
    createSubscription(customer, price, status = "active") {
      const subscription: FakeSubscription = {
        id: next("sub"), object: "subscription", customer, status, created: Math.floor(Date.now() / 1000) + counter, cancel_at_period_end: false, trial_end: null, metadata: {},
        items: { object: "list", data: [{ id: next("si"), object: "subscription_item", price: { id: price, object: "price" }, quantity: 1, current_period_end: Math.floor(Date.now() / 1000) + 30 * 86400 }] },
      };
      subscriptions.set(subscription.id, subscription);
      return subscription;
    },
    updateSubscription(id, changes) {
      const subscription = subscriptions.get(id);
      if (!subscription) throw new Error(`no subscription ${id}`);
      if (changes.status) subscription.status = changes.status;
      if (changes.price) subscription.items.data[0]!.price.id = changes.price;
      if (changes.cancel_at_period_end !== undefined) subscription.cancel_at_period_end = changes.cancel_at_period_end;
      return subscription;
    },
    signedEvent(type, object, id = next("evt")) {
      const payload = JSON.stringify({ id, object: "event", type, api_version: "2026-10-28.endive", created: Math.floor(Date.now() / 1000), data: { object }, livemode: false, pending_webhooks: 1, request: { id: null, idempotency_key: null } });
      return { payload, id, signature: signer.webhooks.generateTestHeaderString({ payload, secret: FAKE_WEBHOOK_SECRET }) };
    },
    async deliver(type, object, id) {
      if (!fake.webhookUrl) throw new Error("set webhookUrl first");
      const event = fake.signedEvent(type, object, id);
      return fetch(fake.webhookUrl, { method: "POST", headers: { "content-type": "application/json", "stripe-signature": event.signature }, body: event.payload });
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };

  async function handle(request: IncomingMessage, response: ServerResponse) {
    const url = new URL(request.url ?? "/", base);
    const body = new URLSearchParams(await readBody(request));
    requests.push(`${request.method} ${url.pathname}`);
    const parts = url.pathname.split("/").filter(Boolean);

    if (request.method === "POST" && url.pathname === "/v1/customers") {
      const customer = { id: next("cus"), object: "customer", name: body.get("name") ?? "", metadata: { organizationId: body.get("metadata[organizationId]") ?? "" } };
      customers.set(customer.id, customer);
      return json(response, 200, customer);
    }
    if (request.method === "POST" && url.pathname === "/v1/checkout/sessions") {
      const id = next("cs");
      const session: CheckoutSession = {
        id, object: "checkout.session", url: `${base}/pay/${id}`, customer: body.get("customer") ?? "", client_reference_id: body.get("client_reference_id"),
        success_url: body.get("success_url") ?? "", price: body.get("line_items[0][price]") ?? "", subscription: null, status: "open",
      };
      sessions.set(id, session);
      return json(response, 200, session);
    }
    if (request.method === "GET" && parts[0] === "pay" && parts[1]) {
      const session = sessions.get(parts[1]);
      if (!session) return json(response, 404, { error: { message: "no such session" } });
      return html(response, `<h1>Fake Stripe Checkout</h1><p>Subscribe to ${session.price}</p><form method="post"><button type="submit">Pay and subscribe</button></form>`);
    }
    if (request.method === "POST" && parts[0] === "pay" && parts[1]) {
      const session = sessions.get(parts[1]);
      if (!session) return json(response, 404, { error: { message: "no such session" } });
      const subscription = fake.createSubscription(session.customer, session.price);
      session.subscription = subscription.id;
      session.status = "complete";
      // What Stripe does after a payment: the events, then the redirect.
      await fake.deliver("checkout.session.completed", session);
      await fake.deliver("customer.subscription.created", subscription);
      response.writeHead(303, { location: session.success_url });
      return response.end();
    }
    if (parts[0] === "v1" && parts[1] === "subscriptions" && failReads > 0) {
      failReads -= 1;
      return json(response, 500, { error: { type: "api_error", message: "fake outage" } });
    }
    if (request.method === "GET" && url.pathname === "/v1/subscriptions") {
      const customer = url.searchParams.get("customer");
      const data = [...subscriptions.values()].filter((s) => s.customer === customer).sort((a, b) => b.created - a.created);
      return json(response, 200, { object: "list", data, has_more: false, url: "/v1/subscriptions" });
    }
    if (parts[0] === "v1" && parts[1] === "subscriptions" && parts[2]) {
      const subscription = subscriptions.get(parts[2]);
      if (!subscription) return json(response, 404, { error: { type: "invalid_request_error", message: `No such subscription: ${parts[2]}` } });
      // Cancelling at once, as Stripe's DELETE does (a cancelled subscription cannot be cancelled again).
      if (request.method === "DELETE") {
        if (subscription.status === "canceled") return json(response, 400, { error: { type: "invalid_request_error", message: "This subscription is already canceled." } });
        subscription.status = "canceled";
      }
      return json(response, 200, subscription);
    }
    if (request.method === "POST" && url.pathname === "/v1/billing_portal/sessions") {
      const id = next("bps");
      const switchTo = body.get("flow_data[subscription_update_confirm][items][0][price]");
      if (switchTo) requests.push(`portal switch ${body.get("flow_data[subscription_update_confirm][subscription]")} to ${switchTo}`);
      return json(response, 200, { id, object: "billing_portal.session", customer: body.get("customer"), url: `${base}/portal/${id}`, return_url: body.get("return_url") });
    }
    if (url.pathname === "/favicon.ico") {
      response.writeHead(204);
      return response.end();
    }
    if (request.method === "GET" && parts[0] === "portal") return html(response, "<h1>Fake Stripe customer portal</h1>");
    return json(response, 404, { error: { type: "invalid_request_error", message: `fake stripe has no ${request.method} ${url.pathname}` } });
  }

  const server: Server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => json(response, 500, { error: { message: String(error) } }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  fake.base = base;
  fake.env = {
    STRIPE_SECRET_KEY: "sk_test_fake_awms",
    STRIPE_WEBHOOK_SECRET: FAKE_WEBHOOK_SECRET,
    STRIPE_PRICE_STARTER: FAKE_PRICES.STARTER,
    STRIPE_PRICE_PROFESSIONAL: FAKE_PRICES.PROFESSIONAL,
    STRIPE_PRICE_ENTERPRISE: FAKE_PRICES.ENTERPRISE,
    STRIPE_API_BASE: base,
  };
  return fake;
}
