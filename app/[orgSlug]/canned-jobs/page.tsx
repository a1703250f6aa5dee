import type { Metadata } from "next";
import { CreateCannedJobForm } from "@/components/repair-orders/canned-job-forms";
import { Card } from "@/components/ui/card";
import { db } from "@/lib/db";
import { formatMoney, formatQuantity } from "@/lib/money/format-money";
import { requirePermission } from "@/lib/org/require-permission";
import { listCannedJobs } from "@/lib/repair-orders/canned-jobs";
import { divRound } from "@/lib/repair-orders/totals";

export const metadata: Metadata = { title: "Canned jobs" };

export default async function CannedJobsPage({ params }: { params: Promise<{ orgSlug: string }> }) {
  const { orgSlug } = await params;
  // Canned jobs carry prices: the same people who price repair order lines keep them.
  const ctx = await requirePermission(orgSlug, "invoice.create");
  const [cannedJobs, organization] = await Promise.all([
    listCannedJobs(ctx),
    db().organization.findUniqueOrThrow({ where: { id: ctx.orgId }, select: { currency: true, labourRateMinor: true, pricesIncludeTax: true } }),
  ]);
  const money = (minor: number) => formatMoney(minor, organization.currency);
  // Labour without a price takes the workshop's rate when added; discounts are stored positive and subtracted.
  const unitPrice = (line: { kind: string; unitPriceMinor: number | null }) => {
    const price = line.unitPriceMinor ?? organization.labourRateMinor;
    return line.kind === "DISCOUNT" ? -price : price;
  };
  const amount = (line: { kind: string; quantityMilli: number; unitPriceMinor: number | null }) =>
    divRound(BigInt(line.quantityMilli) * BigInt(unitPrice(line)), 1000n);

  return (
    <div className="flex flex-col gap-6">
      <h1 className="text-2xl font-semibold">Canned jobs</h1>
      <p className="text-slate-700">
        Standard jobs with their labour and parts, added to a repair order in one click.{" "}
        {organization.pricesIncludeTax ? "Prices include tax." : "Tax is added to the prices."}
      </p>
      {cannedJobs.length === 0 ? <Card><p className="text-slate-700">No canned jobs yet.</p></Card> : null}
      {cannedJobs.map((job) => (
        <Card key={job.id} title={job.title}>
          <div className="overflow-x-auto">
            <table className="w-full text-sm">
              <thead>
                <tr className="text-left text-slate-600"><th className="py-1">Line</th><th>Qty</th><th>Unit</th><th className="text-right">Amount</th></tr>
              </thead>
              <tbody>
                {job.lines.map((line) => (
                  <tr key={line.id} className="border-t border-slate-100">
                    <td className="py-1">{line.description} <span className="text-slate-500">({line.kind.toLowerCase()})</span></td>
                    <td>{formatQuantity(line.quantityMilli)}</td>
                    <td>{money(unitPrice(line))}{line.unitPriceMinor === null ? <span className="text-slate-500"> (labour rate)</span> : null}</td>
                    <td className="text-right">{money(amount(line))}</td>
                  </tr>
                ))}
              </tbody>
              <tfoot>
                <tr className="border-t border-slate-300 font-semibold">
                  <td className="py-1" colSpan={3}>Total at today&apos;s rates</td>
                  <td className="text-right" data-testid={`canned-total-${job.id}`}>{money(job.lines.reduce((sum, line) => sum + amount(line), 0))}</td>
                </tr>
              </tfoot>
            </table>
          </div>
        </Card>
      ))}
      <Card title="New canned job" description="Name the job and list its lines.">
        <CreateCannedJobForm orgSlug={orgSlug} />
      </Card>
    </div>
  );
}
