import type { Metadata } from "next";
import Link from "next/link";
import { ApiReference } from "@/components/developers/api-reference";
import { PLAN_ORDER, PLANS } from "@/lib/billing/plans";
import { openApiDocument } from "@/lib/api/registry";
import { apiBurstRuleFor } from "@/lib/rate-limit/rules";

export const metadata: Metadata = { title: "API documentation" };

const code = "rounded bg-slate-100 px-1 font-mono text-sm";

/** Public: what an integrator needs, rendered on the server from the same document /api/v1/openapi.json serves. */
export default function ApiDocsPage() {
  const document = openApiDocument();
  const errors = Object.values(document.components.responses).map((response) => String(response.description));
  return (
    <main className="mx-auto flex max-w-4xl flex-col gap-8 px-4 py-10">
      <header className="flex flex-col gap-2">
        <p className="text-sm"><Link href="/" className="text-blue-700 underline">AWMS</Link></p>
        <h1 className="text-3xl font-semibold tracking-tight">AWMS API v1</h1>
        <p className="text-slate-700">{document.info.description}</p>
        <p className="text-sm text-slate-700">
          Machine-readable: <a href="/api/v1/openapi.json" className="text-blue-700 underline">/api/v1/openapi.json</a> (OpenAPI 3.1).
        </p>
      </header>

      <section className="flex flex-col gap-2" aria-labelledby="auth">
        <h2 id="auth" className="text-xl font-semibold">Authentication</h2>
        <p>Send a key with every request: <code className={code}>Authorization: Bearer awms_…</code>.</p>
        <ul className="list-disc pl-6 text-slate-700">
          <li>Owners and admins create keys in <em>Workshop settings → API keys</em>. The key is shown once; AWMS keeps only a fingerprint.</li>
          <li>A <strong>read only</strong> key may only GET; a <strong>read and write</strong> key may also create and update (POST, PATCH). Each change is recorded in the workshop&apos;s audit log with the key.</li>
          <li>A key acts for the person who created it. It stops working when it is revoked, or when that person is no longer an owner or admin of the workshop.</li>
          <li>A missing, malformed, unknown or revoked key is answered <code className={code}>401</code>. An address that sends too many bad keys (or keys of a workshop whose plan has no API access) is refused with <code className={code}>429</code> for a while for its further bad keys; a good key from the same address is still answered.</li>
        </ul>
      </section>

      <section className="flex flex-col gap-2" aria-labelledby="limits">
        <h2 id="limits" className="text-xl font-semibold">Plans and rate limits</h2>
        <p>All keys of a workshop share one limit of requests per minute, set by its plan, and may spend at most a sixth of it in any 10 seconds:</p>
        <table className="w-full max-w-md text-left text-sm">
          <thead className="border-b border-slate-200 text-slate-600"><tr><th className="py-1 font-medium">Plan</th><th className="py-1 font-medium">API requests a minute</th><th className="py-1 font-medium">in any 10 seconds</th></tr></thead>
          <tbody className="divide-y divide-slate-100">
            {PLAN_ORDER.map((plan) => (
              <tr key={plan}><td className="py-1">{PLANS[plan].label}</td><td className="py-1">{PLANS[plan].features.apiAccess ? PLANS[plan].apiRequestsPerMinute : "no API access (403 PLAN_FEATURE)"}</td><td className="py-1">{PLANS[plan].features.apiAccess ? apiBurstRuleFor(plan).points : ""}</td></tr>
            ))}
          </tbody>
        </table>
        <p className="text-slate-700">
          Every answer carries <code className={code}>RateLimit-Limit</code>, <code className={code}>RateLimit-Remaining</code> and{" "}
          <code className={code}>RateLimit-Reset</code> (seconds until the window resets). Over the limit the answer is <code className={code}>429</code> with{" "}
          <code className={code}>Retry-After</code> in seconds: wait that long, then continue.
        </p>
      </section>

      <section className="flex flex-col gap-2" aria-labelledby="errors">
        <h2 id="errors" className="text-xl font-semibold">Errors</h2>
        <p>Every error has one shape, whatever the status:</p>
        <pre className="whitespace-pre-wrap break-all rounded-md bg-slate-900 p-3 text-sm text-slate-100">{`{ "error": { "code": "VALIDATION_FAILED", "message": "Check the fields named in \`fields\`.", "fields": { "email": "Enter a valid email address." } } }`}</pre>
        <p className="text-slate-700">
          Read <code className={code}>code</code>, not the message. <code className={code}>fields</code> names each wrong input by its path and is empty
          otherwise. Records of other workshops, and ids that are not ids, are simply <code className={code}>404</code>.
        </p>
        <ul className="list-disc pl-6 text-sm text-slate-700">{errors.map((text) => <li key={text}>{text}</li>)}</ul>
      </section>

      <section className="flex flex-col gap-2" aria-labelledby="pages">
        <h2 id="pages" className="text-xl font-semibold">Lists and pages</h2>
        <p className="text-slate-700">
          Lists answer <code className={code}>{`{ "data": [...], "next_cursor": "..." }`}</code>. Pass <code className={code}>next_cursor</code> back as{" "}
          <code className={code}>cursor</code> for the next page; it is <code className={code}>null</code> on the last. <code className={code}>limit</code> is 1 to 100
          (default 25). Rows added while you page never make a page repeat or skip a row that was already there.
        </p>
      </section>

      <ApiReference document={document} />
    </main>
  );
}
