import type { z } from "zod";
import { AppError } from "@/lib/errors";
import type { OrgContext } from "@/lib/org/context";
import { authorize } from "@/lib/rbac";
import { divRound } from "@/lib/repair-orders/totals";
import { decimal, toCsv, type CsvCell } from "./csv";
import { bucketLabel } from "./report-labels";
import type { ZReportRange } from "./report-range";
import { workshopReport, type SalesRow, type TechnicianRow, type WorkshopReport } from "./workshop-report";

export const REPORT_TABLES = ["sales", "technicians"] as const;
export type ReportTable = (typeof REPORT_TABLES)[number];

const money = (minor: number | null) => (minor === null ? null : decimal(minor, 2));
const hours = (ms: number) => decimal(divRound(BigInt(ms) * 100n, 3_600_000n), 2);
const rate = (bp: number | null) => (bp === null ? null : decimal(bp, 2));

function salesCsv(report: WorkshopReport): string {
  const row = (period: string, r: SalesRow): CsvCell[] => [
    period, r.firstDay, r.lastDay, decimal(r.carCount, 0), money(r.revenueMinor), money(r.averageRepairOrderMinor),
    money(r.labourRevenueMinor), money(r.partsRevenueMinor), money(r.otherRevenueMinor), money(r.partsCostMinor),
    money(r.labourGrossProfitMinor), money(r.partsGrossProfitMinor), money(r.revenueMinor - r.partsCostMinor), decimal(r.uncostedPartLines, 0),
  ];
  return toCsv(
    ["Period", "From", "To", "Car count", `Revenue before tax (${report.currency})`, "Average repair order", "Labour revenue", "Parts revenue",
      "Fees and discounts", "Parts cost", "Labour gross profit", "Parts gross profit", "Gross profit", "Part lines without a cost"],
    [...report.sales.map((r) => row(bucketLabel(r.bucket, report.range.by), r)), row("Total", report.salesTotal)],
  );
}

function technicianCsv(report: WorkshopReport): string {
  const row = (period: string, from: string, to: string, r: TechnicianRow): CsvCell[] => [
    period, from, to, r.name, hours(r.loggedMs), decimal(r.billedMilli, 3), hours(r.availableMs), rate(r.productivityBp), rate(r.efficiencyBp),
  ];
  const spans = new Map(report.sales.map((s) => [s.bucket, s]));
  return toCsv(
    ["Period", "From", "To", "Technician", "Logged hours", "Billed hours", "Available hours", "Productivity %", "Efficiency %"],
    [
      ...report.technicianBuckets.map((r) => {
        const span = spans.get(r.bucket ?? "");
        return row(bucketLabel(r.bucket ?? "", report.range.by), span?.firstDay ?? "", span?.lastDay ?? "", r);
      }),
      ...report.technicians.map((r) => row("Whole range", report.range.from, report.range.to, r)),
    ],
  );
}

/** One of the report's tables as CSV, with a file name naming the table and the range. */
export async function reportCsv(ctx: OrgContext, table: string, raw: z.input<typeof ZReportRange>) {
  await authorize(ctx, "report.read");
  if (!(REPORT_TABLES as readonly string[]).includes(table)) throw new AppError("NOT_FOUND", "There is no such report.");
  const report = await workshopReport(ctx, raw);
  const body = table === "sales" ? salesCsv(report) : technicianCsv(report);
  return { filename: `${table}-${report.range.from}-to-${report.range.to}-by-${report.range.by}.csv`, body };
}

/** Always a download, never rendered: a browser must not sniff it into a page. */
export function csvResponse(csv: { filename: string; body: string }): Response {
  return new Response(`\uFEFF${csv.body}`, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${csv.filename.replace(/[^A-Za-z0-9._-]/g, "-")}"`,
      "Cache-Control": "private, no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
