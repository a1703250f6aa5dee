import type { Metadata } from "next";
import Link from "next/link";
import { CreateApiKeyForm, RevokeApiKeyButton } from "@/components/api-keys/api-key-forms";
import { Card } from "@/components/ui/card";
import { Notice } from "@/components/ui/notice";
import { listApiKeys } from "@/lib/api-keys/list-api-keys";
import { PLAN_ORDER, PLANS } from "@/lib/billing/plans";
import { requirePermission } from "@/lib/org/require-permission";
import { apiBurstRuleFor } from "@/lib/rate-limit/rules";
import { can } from "@/lib/rbac";

export const metadata: Metadata = { title: "API keys" };

const when = (date: Date | null) => (date ? `${date.toISOString().slice(0, 16).replace("T", " ")} UTC` : "never");
const SCOPE_LABELS = { READ: "Read only", READ_WRITE: "Read and write", ADMIN: "Admin (read, write and GDPR exports)" } as const;

export default async function ApiKeysPage({ params }: { params: Promise<{ orgSlug: string }> }) {
  const { orgSlug } = await params;
  const ctx = await requirePermission(orgSlug, "apiKey.read");
  const keys = await listApiKeys(ctx);
  const plan = PLANS[ctx.plan];
  const lifts = PLAN_ORDER.find((candidate) => PLANS[candidate].features.apiAccess);
  const manage = can(ctx, "apiKey.manage");

  return (
    <div className="flex flex-col gap-6">
      <h1 className="text-2xl font-semibold">API keys</h1>
      <p className="text-sm text-slate-700">
        Keys let another system (accounting, a parts supplier, your website) read and change this workshop&apos;s customers, vehicles,
        repair orders and appointments. A key acts on behalf of whoever created it, and stops working if they are no longer an owner or admin.
        See the <Link href="/developers/api" className="text-blue-700 underline">API documentation</Link>.
      </p>
      {!plan.features.apiAccess ? (
        <Notice>
          The {plan.label} plan does not include API access{lifts ? `: it comes with ${PLANS[lifts].label} and above` : ""}. Existing keys are refused until then.{" "}
          {can(ctx, "billing.manage") ? (
            <Link href={`/${orgSlug}/settings/billing`} className="font-medium underline">Change plan</Link>
          ) : (
            "Ask the workshop's owner to change the plan."
          )}
        </Notice>
      ) : manage ? (
        <Card title="Create a key" description={`Every key of the workshop together may make ${plan.apiRequestsPerMinute} requests a minute on the ${plan.label} plan, at most ${apiBurstRuleFor(ctx.plan).points} of them in any 10 seconds.`}>
          <CreateApiKeyForm orgSlug={orgSlug} />
        </Card>
      ) : null}

      <Card title={`Keys (${keys.length})`}>
        {keys.length === 0 ? (
          <p className="text-sm text-slate-600">No keys yet.</p>
        ) : (
          <ul className="divide-y divide-slate-200">
            {keys.map((key) => (
              <li key={key.id} className="flex flex-col gap-3 py-3 sm:flex-row sm:items-center sm:justify-between">
                <div>
                  <p className="font-medium">
                    {key.name} {key.revokedAt ? <span className="ml-1 rounded bg-slate-200 px-1.5 py-0.5 text-xs font-normal text-slate-700">Revoked</span> : null}
                  </p>
                  <p className="text-sm text-slate-600">
                    {SCOPE_LABELS[key.scope]} · ends in <span className="font-mono">…{key.lastFour}</span> · created by {key.createdBy.name} on {when(key.createdAt)}
                  </p>
                  <p className="text-sm text-slate-600">
                    Last used {when(key.lastUsedAt)}{key.revokedAt ? ` · revoked ${when(key.revokedAt)}` : ""}
                  </p>
                </div>
                {manage && !key.revokedAt ? <RevokeApiKeyButton orgSlug={orgSlug} apiKeyId={key.id} name={key.name} /> : null}
              </li>
            ))}
          </ul>
        )}
      </Card>
    </div>
  );
}
