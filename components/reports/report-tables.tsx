import { formatMoney } from "@/lib/money/format-money";
import { bucketLabel, hoursFromMilli, hoursFromMs, percent } from "@/lib/reports/report-labels";
import type { WorkshopReport } from "@/lib/reports/workshop-report";

const cell = "px-2 py-1 text-right tabular-nums whitespace-nowrap";
const head = "px-2 py-1 text-right font-medium whitespace-nowrap";

function Scroll({ label, children }: { label: string; children: React.ReactNode }) {
  return <div className="overflow-x-auto" tabIndex={0} role="region" aria-label={`${label}, scrolls sideways`}>{children}</div>;
}

/** Car count, revenue, ARO and gross profit per period, with the range's total: the figures of the sales charts. */
export function SalesTable({ report }: { report: WorkshopReport }) {
  const money = (minor: number | null) => (minor === null ? "–" : formatMoney(minor, report.currency));
  const rows = [...report.sales.map((row) => ({ label: bucketLabel(row.bucket, report.range.by), row, total: false })), { label: "Total", row: report.salesTotal, total: true }];
  return (
    <Scroll label="Sales by period">
      <table className="w-full text-sm" data-testid="sales-table">
        <caption className="sr-only">Sales by period</caption>
        <thead>
          <tr className="border-b border-slate-200 text-slate-600">
            <th scope="col" className="px-2 py-1 text-left font-medium">Period</th>
            {["Car count", "Revenue", "ARO", "Labour", "Parts", "Fees and discounts", "Parts cost", "Labour gross profit", "Parts gross profit", "Gross profit"].map((h) => <th key={h} scope="col" className={head}>{h}</th>)}
          </tr>
        </thead>
        <tbody>
          {rows.map(({ label, row, total }) => (
            <tr key={label} className={total ? "border-t-2 border-slate-300 font-semibold" : "border-t border-slate-100"}>
              <th scope="row" className="px-2 py-1 text-left font-medium whitespace-nowrap">{label}</th>
              <td className={cell}>{row.carCount}</td>
              <td className={cell}>{money(row.revenueMinor)}</td>
              <td className={cell}>{money(row.averageRepairOrderMinor)}</td>
              <td className={cell}>{money(row.labourRevenueMinor)}</td>
              <td className={cell}>{money(row.partsRevenueMinor)}</td>
              <td className={cell}>{money(row.otherRevenueMinor)}</td>
              <td className={cell}>{money(row.partsCostMinor)}</td>
              <td className={cell}>{money(row.labourGrossProfitMinor)}</td>
              <td className={cell}>{money(row.partsGrossProfitMinor)}</td>
              <td className={cell}>{money(row.revenueMinor - row.partsCostMinor)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Scroll>
  );
}

type Row = WorkshopReport["technicians"][number];

function TechnicianRows({ rows, label }: { rows: Row[]; label: (row: Row) => string }) {
  return rows.map((row) => (
    <tr key={`${row.bucket}-${row.technicianUserId}`} className="border-t border-slate-100">
      <th scope="row" className="px-2 py-1 text-left font-medium">{label(row)}</th>
      <td className={cell}>{hoursFromMs(row.loggedMs)}</td>
      <td className={cell}>{hoursFromMilli(row.billedMilli)}</td>
      <td className={cell}>{hoursFromMs(row.availableMs)}</td>
      <td className={cell}>{percent(row.productivityBp)}</td>
      <td className={cell}>{percent(row.efficiencyBp)}</td>
    </tr>
  ));
}

/** Logged, billed and available hours with productivity and efficiency: per technician for the range, or per period. */
export function TechnicianTable({ report, perPeriod }: { report: WorkshopReport; perPeriod: boolean }) {
  const title = perPeriod ? "Technicians by period" : "Technicians";
  return (
    <Scroll label={title}>
      <table className="w-full text-sm" data-testid={perPeriod ? "technician-period-table" : "technician-table"}>
        <caption className="sr-only">{title}</caption>
        <thead>
          <tr className="border-b border-slate-200 text-slate-600">
            <th scope="col" className="px-2 py-1 text-left font-medium">{perPeriod ? "Period and technician" : "Technician"}</th>
            {["Logged h", "Billed h", "Available h", "Productivity", "Efficiency"].map((h) => <th key={h} scope="col" className={head}>{h}</th>)}
          </tr>
        </thead>
        <tbody>
          {perPeriod
            ? <TechnicianRows rows={report.technicianBuckets} label={(row) => `${bucketLabel(row.bucket ?? "", report.range.by)} · ${row.name}`} />
            : <TechnicianRows rows={report.technicians} label={(row) => row.name} />}
        </tbody>
      </table>
    </Scroll>
  );
}
