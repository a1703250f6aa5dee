import type { Metadata } from "next";
import Link from "next/link";
import { BarChart } from "@/components/reports/bar-chart";
import { SalesTable, TechnicianTable } from "@/components/reports/report-tables";
import { buttonClass } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { SelectField, TextField } from "@/components/ui/field";
import { Notice } from "@/components/ui/notice";
import { AppError } from "@/lib/errors";
import { formatMoney } from "@/lib/money/format-money";
import { requirePermission } from "@/lib/org/require-permission";
import { bucketShortLabel, percent } from "@/lib/reports/report-labels";
import { rangeQuery, reportPresets } from "@/lib/reports/report-presets";
import { workshopReport, type WorkshopReport } from "@/lib/reports/workshop-report";
import { todayIn } from "@/lib/time-entries/workshop-time";
import { queryValue, type QueryParams } from "@/lib/http/query-params";

export const metadata: Metadata = { title: "Reports" };

const STEP_LABEL = { day: "By day", week: "By week", month: "By month" } as const;

export default async function ReportsPage({ params, searchParams }: { params: Promise<{ orgSlug: string }>; searchParams: Promise<QueryParams> }) {
  const { orgSlug } = await params;
  const query = await searchParams;
  const ctx = await requirePermission(orgSlug, "report.read");
  const asked = { from: queryValue(query.from), to: queryValue(query.to), by: queryValue(query.by) };
  let report: WorkshopReport | null = null;
  let refusal: AppError | null = null;
  try {
    report = await workshopReport(ctx, asked);
  } catch (error) {
    if (!(error instanceof AppError) || error.code !== "VALIDATION_FAILED") throw error;
    refusal = error;
  }
  const values = report?.range ?? { from: asked.from ?? "", to: asked.to ?? "", by: asked.by ?? "day" };

  return (
    <div className="flex flex-col gap-6">
      <h1 className="text-2xl font-semibold">Reports</h1>
      <Card>
        <form method="get" className="flex flex-col gap-4 sm:flex-row sm:flex-wrap sm:items-end" aria-label="Report range" noValidate>
          <TextField label="From" name="from" type="date" defaultValue={values.from} error={refusal?.fields?.from} />
          <TextField label="To" name="to" type="date" defaultValue={values.to} error={refusal?.fields?.to} />
          <SelectField label="Show" name="by" defaultValue={values.by} error={refusal?.fields?.by} options={Object.entries(STEP_LABEL).map(([value, label]) => ({ value, label }))} />
          <button type="submit" className={buttonClass("primary")}>Show</button>
        </form>
        {report ? (
          <nav aria-label="Quick ranges" className="mt-4 flex flex-wrap gap-x-4 gap-y-2 text-sm">
            {reportPresets(todayIn(report.timezone)).map((preset) => (
              <Link key={preset.label} className="text-blue-700 underline underline-offset-2" href={`/${orgSlug}/reports?${rangeQuery(preset.range)}`}>{preset.label}</Link>
            ))}
          </nav>
        ) : null}
      </Card>
      {refusal ? <Notice tone="error">{Object.values(refusal.fields ?? {})[0] ?? refusal.message}</Notice> : null}
      {report ? <ReportBody orgSlug={orgSlug} report={report} /> : null}
    </div>
  );
}

function ReportBody({ orgSlug, report }: { orgSlug: string; report: WorkshopReport }) {
  const money = (minor: number | null) => (minor === null ? "–" : formatMoney(minor, report.currency));
  const short = (minor: number) => formatMoney(Math.round(minor / 100) * 100, report.currency).replace(/\.00$/, "");
  const categories = report.sales.map((row) => bucketShortLabel(row.bucket, report.range.by));
  const csv = (table: string) => `/${orgSlug}/reports/csv/${table}?${rangeQuery(report.range)}`;
  const total = report.salesTotal;
  return (
    <>
      <p className="text-sm text-slate-600">
        {report.range.from} to {report.range.to}, {STEP_LABEL[report.range.by].toLowerCase()}, in {report.timezone} time. Figures before tax, from issued invoices and credit notes.
      </p>
      <dl className="grid grid-cols-2 gap-3 md:grid-cols-4">
        {[["Car count", String(total.carCount), "report-car-count"], ["Revenue", money(total.revenueMinor), "report-revenue"], ["Average repair order", money(total.averageRepairOrderMinor), "report-aro"], ["Gross profit", money(total.revenueMinor - total.partsCostMinor), "report-gross-profit"]].map(([label, value, id]) => (
          <div key={id} className="rounded-lg border border-slate-200 bg-white p-5 shadow-sm"><dt className="text-sm text-slate-600">{label}</dt><dd className="text-2xl font-semibold" data-testid={id}>{value}</dd></div>
        ))}
      </dl>
      {total.uncostedPartLines > 0 ? (
        <Notice tone="info">{total.uncostedPartLines} part {total.uncostedPartLines === 1 ? "line has" : "lines have"} no cost recorded: parts gross profit counts {total.uncostedPartLines === 1 ? "it" : "them"} as free.</Notice>
      ) : null}

      <Card title="Sales">
        <div className="flex flex-col gap-6">
          <BarChart id="chart-revenue" title="Revenue and gross profit" categories={categories} format={short}
            series={[{ name: "Revenue", fill: "fill-blue-700", values: report.sales.map((r) => r.revenueMinor) }, { name: "Gross profit", fill: "fill-emerald-600", values: report.sales.map((r) => r.revenueMinor - r.partsCostMinor) }]} />
          <BarChart id="chart-cars" title="Car count" categories={categories} format={(v) => String(Math.round(v))}
            series={[{ name: "Cars", fill: "fill-slate-600", values: report.sales.map((r) => r.carCount) }]} />
          <SalesTable report={report} />
          <a className={buttonClass("secondary", "self-start")} href={csv("sales")} download>Download sales CSV</a>
        </div>
      </Card>

      <Card title="Technicians" description="Productivity = billed / available hours. Efficiency = billed / logged hours. Billed hours count on the day their invoice is issued; logged hours on the day they were worked.">
        <div className="flex flex-col gap-6">
          {report.technicians.length === 0 ? <p className="text-slate-600">No technicians yet.</p> : (
            <>
              <BarChart id="chart-technicians" title="Productivity and efficiency (%)" categories={report.technicians.map((t) => t.name)} format={(bp) => percent(Math.round(bp))}
                series={[{ name: "Productivity", fill: "fill-blue-700", values: report.technicians.map((t) => t.productivityBp ?? 0) }, { name: "Efficiency", fill: "fill-amber-500", values: report.technicians.map((t) => t.efficiencyBp ?? 0) }]} />
              <TechnicianTable report={report} perPeriod={false} />
              <details>
                <summary className="cursor-pointer font-medium text-blue-700">Technicians by period</summary>
                <div className="mt-3"><TechnicianTable report={report} perPeriod /></div>
              </details>
              <a className={buttonClass("secondary", "self-start")} href={csv("technicians")} download>Download technicians CSV</a>
            </>
          )}
        </div>
      </Card>
    </>
  );
}
