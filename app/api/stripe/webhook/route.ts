import { applyStripeEvent } from "@/lib/billing/sync-subscription";
import { stripeClient } from "@/lib/billing/stripe-client";
import { isDatabaseUnavailable } from "@/lib/db/database-unavailable";
import { serverEnv } from "@/lib/env";
import { observedRoute } from "@/lib/observability/observe-request";

export const dynamic = "force-dynamic";

const error = (status: number, code: string, message: string) =>
  Response.json({ error: { code, message } }, { status });

/**
 * Stripe's webhook: the signature is checked on the raw body (400 if it does
 * not hold); a failure while applying answers 500 (503 while the database is
 * unreachable) so Stripe retries.
 */
async function post(request: Request) {
  const stripe = stripeClient();
  const secret = serverEnv().STRIPE_WEBHOOK_SECRET;
  if (!stripe || !secret) return error(503, "BILLING_NOT_CONFIGURED", "Billing is not configured on this server.");
  const signature = request.headers.get("stripe-signature");
  if (!signature) return error(400, "SIGNATURE_MISSING", "The Stripe-Signature header is missing.");

  const body = await request.text();
  let event;
  try {
    event = stripe.webhooks.constructEvent(body, signature, secret, 300);
  } catch {
    return error(400, "SIGNATURE_INVALID", "The signature does not match this payload.");
  }

  try {
    const outcome = await applyStripeEvent(event, stripe);
    return Response.json({ received: true, outcome });
  } catch (failure) {
    console.error(JSON.stringify({ level: "error", msg: "stripe webhook failed", eventId: event.id, type: event.type, error: (failure as Error).message }));
    // Nothing was recorded (the event row commits with its effect): Stripe's retry applies it once the database is back.
    if (isDatabaseUnavailable(failure)) return error(503, "SERVICE_UNAVAILABLE", "The database is unavailable; Stripe will retry.");
    return error(500, "WEBHOOK_FAILED", "The event could not be applied; Stripe will retry.");
  }
}

/** Logged and counted under its route pattern, never the path with its ids. */
export const POST = observedRoute("/api/stripe/webhook", post);
