import type { Metadata } from "next";
import { CustomerEstimateForm } from "@/components/approvals/customer-estimate-form";
import { CustomerInspectionSection } from "@/components/inspections/customer-inspection";
import { Notice } from "@/components/ui/notice";
import { customerEstimate, type CustomerEstimate } from "@/lib/approvals/customer-estimate";
import { AppError } from "@/lib/errors";
import { formatMoney, formatQuantity } from "@/lib/money/format-money";
import { requestMeta } from "@/lib/org/context";

// The token is in the address: keep it out of search engines and other sites' logs.
export const metadata: Metadata = { title: "Your estimate", robots: { index: false, follow: false }, referrer: "no-referrer" };
export const dynamic = "force-dynamic";

const DECIDED = { APPROVED: "Approved", DECLINED: "Declined", DEFERRED: "Later", PENDING: "" } as const;

/** The customer's phone view of an estimate: each job with its price, and a yes, no or later for each. */
export default async function EstimatePage({ params }: { params: Promise<{ orgSlug: string; token: string }> }) {
  const { orgSlug, token } = await params;
  let estimate: CustomerEstimate;
  try {
    estimate = await customerEstimate(orgSlug, token, await requestMeta());
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    return (
      <main className="mx-auto flex min-h-screen max-w-lg flex-col justify-center gap-4 px-4">
        <h1 className="text-xl font-semibold">Your estimate</h1>
        <Notice tone="error">{error.message}</Notice>
      </main>
    );
  }
  const money = (minor: number) => formatMoney(minor, estimate.workshop.currency);
  const pending = estimate.jobs.filter((job) => job.approval === "PENDING");
  const vehicle = [estimate.vehicle.registration, estimate.vehicle.make, estimate.vehicle.model, estimate.vehicle.year].filter(Boolean).join(" ");
  return (
    <main className="mx-auto flex max-w-lg flex-col gap-5 px-4 py-6">
      <header>
        <p className="text-sm font-medium text-blue-800">{estimate.workshop.name}</p>
        <h1 className="text-2xl font-semibold">Estimate for {vehicle}</h1>
        <p className="text-sm text-slate-600">Repair order {estimate.number} for {estimate.customerName}{estimate.workshop.phone ? ` · questions? call ${estimate.workshop.phone}` : ""}</p>
        {estimate.concerns ? <p className="mt-2 text-sm">You told us: {estimate.concerns}</p> : null}
      </header>
      {estimate.inspections.map((inspection) => (
        <CustomerInspectionSection key={inspection.id} inspection={inspection}
          photoUrl={(id) => `/estimate/${encodeURIComponent(orgSlug)}/${encodeURIComponent(token)}/photos/${id}`} />
      ))}
      {estimate.jobs.map((job) => (
        <section key={job.id} className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
          <div className="flex items-baseline justify-between gap-3">
            <h2 className="font-semibold">{job.title}</h2>
            <p className="font-semibold">{money(job.totals.gross)}</p>
          </div>
          {job.approval !== "PENDING" ? <p className="text-sm text-slate-600">{DECIDED[job.approval]}</p> : null}
          <ul className="mt-2 text-sm text-slate-700">
            {job.lines.map((line) => (
              <li key={line.id} className="flex justify-between gap-2">
                <span>{line.description}{line.kind === "LABOUR" ? ` (${formatQuantity(line.quantityMilli)} h)` : line.quantityMilli !== 1000 ? ` × ${formatQuantity(line.quantityMilli)}` : ""}</span>
                <span>{money(estimate.workshop.pricesIncludeTax ? line.amounts.gross : line.amounts.net)}</span>
              </li>
            ))}
          </ul>
        </section>
      ))}
      <p className="text-sm text-slate-600">{estimate.workshop.pricesIncludeTax ? "Prices include VAT." : "VAT is added to these prices."} This link works until {estimate.expiresAt.toISOString().slice(0, 16).replace("T", " ")} UTC.</p>
      {pending.length > 0 ? (
        <CustomerEstimateForm orgSlug={orgSlug} token={token} jobs={pending.map((job) => ({ id: job.id, title: job.title, gross: money(job.totals.gross) }))} />
      ) : (
        <Notice tone="info">There is nothing waiting for your answer.</Notice>
      )}
    </main>
  );
}
