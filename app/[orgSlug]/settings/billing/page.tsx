import type { Metadata } from "next";
import { Card } from "@/components/ui/card";
import { requirePermission } from "@/lib/org/require-permission";

export const metadata: Metadata = { title: "Billing" };

export default async function BillingPage({ params }: { params: Promise<{ orgSlug: string }> }) {
  const { orgSlug } = await params;
  const ctx = await requirePermission(orgSlug, "billing.read");
  return (
    <div className="flex flex-col gap-6">
      <h1 className="text-2xl font-semibold">Billing</h1>
      <Card title="Plan" description={`${ctx.orgName} is on the free trial.`}>
        <p className="text-sm text-slate-700">Plans, usage and payment through Stripe arrive with the subscriptions issue.</p>
      </Card>
    </div>
  );
}
