import { reloadServerEnv } from "@/lib/env";
import { startFakeStripe, type FakeStripe } from "./fake-stripe";

/** Points the app's Stripe settings at a fresh fake (or removes them) for this test file. */
export async function useFakeStripe(): Promise<FakeStripe> {
  const fake = await startFakeStripe();
  Object.assign(process.env, fake.env);
  reloadServerEnv();
  return fake;
}

export function withoutStripe() {
  for (const name of ["STRIPE_SECRET_KEY", "STRIPE_WEBHOOK_SECRET", "STRIPE_PRICE_STARTER", "STRIPE_PRICE_PROFESSIONAL", "STRIPE_PRICE_ENTERPRISE", "STRIPE_API_BASE"]) {
    delete process.env[name];
  }
  reloadServerEnv();
}

export async function postWebhook(payload: string, signature: string | null): Promise<{ status: number; body: { outcome?: string; error?: { code: string } } }> {
  const { POST } = await import("@/app/api/stripe/webhook/route");
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (signature !== null) headers["stripe-signature"] = signature;
  const response = await POST(new Request("http://awms.test/api/stripe/webhook", { method: "POST", headers, body: payload }));
  return { status: response.status, body: await response.json() };
}
