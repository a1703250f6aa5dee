import type { Metadata } from "next";
import { ChoosePlanButton, PortalButton } from "@/components/billing/billing-forms";
import { Card } from "@/components/ui/card";
import { Notice } from "@/components/ui/notice";
import { PAID_PLANS, PLAN_ORDER, PLANS } from "@/lib/billing/plans";
import { billingConfigured } from "@/lib/billing/stripe-client";
import { workshopBilling, type UsageLine } from "@/lib/billing/usage";
import { requirePermission } from "@/lib/org/require-permission";
import { readQuery, type QueryParams } from "@/lib/http/query-params";

export const metadata: Metadata = { title: "Billing" };

const GB = 1024 ** 3;
const MB = 1024 ** 2;
// Photos are a few MB each: under a gigabyte, storage in use reads in MB (one decimal).
const bytes = (value: number) => (value >= GB ? `${Math.round(value / GB)} GB` : `${(Math.round((value * 10) / MB) / 10).toLocaleString("en-GB")} MB`);
const amount = (resource: string, value: number) => (resource === "storageBytes" ? bytes(value) : value.toLocaleString("en-GB"));
const price = (minor: number) => (minor === 0 ? "Free" : `£${(minor / 100).toFixed(0)} / month`);

function UsageBar({ line }: { line: UsageLine }) {
  const share = line.used === null ? 0 : Math.min(100, Math.round((line.used / line.limit) * 100));
  const full = line.used !== null && line.used >= line.limit;
  return (
    <div className="flex flex-col gap-1">
      <div className="flex justify-between text-sm">
        <span>{line.label}</span>
        <span data-testid={`usage-${line.resource}`}>
          {line.used === null ? `limit ${amount(line.resource, line.limit)} (not counted yet)` : `${amount(line.resource, line.used)} of ${amount(line.resource, line.limit)}`}
        </span>
      </div>
      <div
        className="h-2 rounded bg-slate-200"
        role="progressbar"
        aria-label={line.label}
        aria-valuemin={0}
        aria-valuemax={line.limit}
        aria-valuenow={line.used ?? 0}
      >
        <div className={`h-2 rounded ${full ? "bg-red-600" : "bg-blue-700"}`} style={{ width: `${share}%` }} />
      </div>
    </div>
  );
}

export default async function BillingPage({ params, searchParams }: {
  params: Promise<{ orgSlug: string }>;
  searchParams: Promise<QueryParams>;
}) {
  const { orgSlug } = await params;
  const { checkout } = await readQuery(searchParams, "checkout");
  const ctx = await requirePermission(orgSlug, "billing.manage");
  const { organization, usage, access } = await workshopBilling(ctx);
  const configured = billingConfigured();
  const current = organization.plan;

  return (
    <div className="flex flex-col gap-6">
      <h1 className="text-2xl font-semibold">Billing</h1>
      {!configured ? <Notice>Billing is not configured on this server: {ctx.orgName} stays on the free plan and keeps working.</Notice> : null}
      {checkout === "success" ? <Notice tone="success">Thank you. Your plan changes as soon as Stripe confirms the payment.</Notice> : null}
      {access.trialDaysLeft !== null ? (
        <Notice>Free trial: {access.trialDaysLeft} day{access.trialDaysLeft === 1 ? "" : "s"} left. Choose a plan to keep more than the free limits.</Notice>
      ) : null}
      {access.overdue && !access.readOnly && access.graceEndsAt ? (
        <Notice tone="error">Your last payment failed. Update your payment method before {access.graceEndsAt.toISOString().slice(0, 10)}, or the workshop becomes read-only.</Notice>
      ) : null}
      {access.readOnly ? <Notice tone="error">The workshop is read-only until the overdue invoice is paid. Nothing has been deleted.</Notice> : null}
      {organization.cancelAtPeriodEnd && organization.currentPeriodEnd ? (
        <Notice>The subscription ends on {organization.currentPeriodEnd.toISOString().slice(0, 10)}; after that the free limits apply. No data is deleted.</Notice>
      ) : null}

      <Card title={`Plan: ${PLANS[current].label}`} description={`Status: ${organization.subscriptionStatus.toLowerCase().replace("_", " ")}`}>
        <div className="flex flex-col gap-4">
          {usage.map((line) => <UsageBar key={line.resource} line={line} />)}
          <p className="text-sm text-slate-600">
            API: {PLANS[current].features.apiAccess ? `${PLANS[current].apiRequestsPerMinute} requests per minute` : "not included"} · Online booking:{" "}
            {PLANS[current].features.onlineBooking ? "included" : "not included"}
          </p>
          {configured && organization.stripeCustomerId ? <PortalButton orgSlug={orgSlug} /> : null}
        </div>
      </Card>

      <div className="grid gap-4 md:grid-cols-3">
        {PAID_PLANS.map((plan) => {
          const limits = PLANS[plan];
          const direction = PLAN_ORDER.indexOf(plan) > PLAN_ORDER.indexOf(current) ? "Upgrade" : "Switch";
          return (
            <Card key={plan} title={limits.label} description={price(limits.monthlyPriceMinor)}>
              <ul className="mb-4 text-sm text-slate-700">
                <li>{limits.seats} members</li>
                <li>{limits.customers.toLocaleString("en-GB")} customers</li>
                <li>{limits.repairOrdersPerMonth.toLocaleString("en-GB")} repair orders a month</li>
                <li>{limits.locations} location{limits.locations === 1 ? "" : "s"}</li>
              </ul>
              {plan === current ? (
                <p className="text-sm font-medium">Your plan</p>
              ) : configured ? (
                <ChoosePlanButton orgSlug={orgSlug} plan={plan} label={`${direction} to ${limits.label}`} />
              ) : null}
            </Card>
          );
        })}
      </div>
    </div>
  );
}
