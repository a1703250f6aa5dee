import Stripe from "stripe";
import { serverEnv } from "@/lib/env";

const cache = globalThis as unknown as { awmsStripe?: { key: string; client: Stripe } };

/** The Stripe client, or null when STRIPE_SECRET_KEY is not set (billing not configured). */
export function stripeClient(): Stripe | null {
  const env = serverEnv();
  if (!env.STRIPE_SECRET_KEY) return null;
  const key = `${env.STRIPE_SECRET_KEY}|${env.STRIPE_API_BASE ?? ""}`;
  if (cache.awmsStripe?.key !== key) {
    const base = env.STRIPE_API_BASE ? new URL(env.STRIPE_API_BASE) : null;
    cache.awmsStripe = {
      key,
      client: new Stripe(env.STRIPE_SECRET_KEY, {
        maxNetworkRetries: 2,
        timeout: 15_000,
        appInfo: { name: "AWMS" },
        ...(base
          ? { host: base.hostname, port: base.port || (base.protocol === "https:" ? 443 : 80), protocol: base.protocol.replace(":", "") as "http" | "https" }
          : {}),
      }),
    };
  }
  return cache.awmsStripe.client;
}

export function billingConfigured(): boolean {
  const env = serverEnv();
  return Boolean(env.STRIPE_SECRET_KEY && env.STRIPE_WEBHOOK_SECRET && env.STRIPE_PRICE_STARTER && env.STRIPE_PRICE_PROFESSIONAL && env.STRIPE_PRICE_ENTERPRISE);
}
