import type { z } from "zod";
import { db, withTenant } from "@/lib/db";
import type { OrgContext } from "@/lib/org/context";
import { authorize } from "@/lib/rbac";
import { todayIn } from "@/lib/time-entries/workshop-time";
import { availableMs, workshopOpeningHours } from "./available-hours";
import { averageMinor, hoursRatioBp } from "./ratio";
import { reportRange, type ReportRange, type ZReportRange } from "./report-range";
import { salesFigures, type SalesBucket } from "./sales-figures";
import { technicianFigures } from "./technician-figures";

export interface SalesRow extends SalesBucket {
  averageRepairOrderMinor: number | null;
  /** fees and discounts: revenue = labour + parts + other */
  otherRevenueMinor: number;
  /** no labour cost is recorded (no cost rate per technician), so labour's gross profit is its revenue */
  labourGrossProfitMinor: number;
  partsGrossProfitMinor: number;
}

export interface TechnicianRow {
  /** null: the whole range */
  bucket: string | null;
  technicianUserId: string;
  name: string;
  loggedMs: number;
  billedMilli: number;
  availableMs: number;
  /** billed / available hours, basis points */
  productivityBp: number | null;
  /** billed / logged hours, basis points */
  efficiencyBp: number | null;
}

const salesRow = (bucket: SalesBucket): SalesRow => ({
  ...bucket,
  averageRepairOrderMinor: averageMinor(bucket.revenueMinor, bucket.carCount),
  otherRevenueMinor: bucket.revenueMinor - bucket.labourRevenueMinor - bucket.partsRevenueMinor,
  labourGrossProfitMinor: bucket.labourRevenueMinor,
  partsGrossProfitMinor: bucket.partsRevenueMinor - bucket.partsCostMinor,
});

function technicianRow(bucket: string | null, technicianUserId: string, name: string, figures: { loggedMs: number; billedMilli: number; availableMs: number }): TechnicianRow {
  return {
    bucket, technicianUserId, name, ...figures,
    productivityBp: hoursRatioBp(figures.billedMilli, figures.availableMs),
    efficiencyBp: hoursRatioBp(figures.billedMilli, figures.loggedMs),
  };
}

/**
 * The owner's report over a range of local days, by day, week or month, in the
 * workshop's time zone: car count, ARO, revenue and gross profit on labour and
 * parts per bucket (with the range's total), and each technician's logged,
 * billed and available hours with productivity and efficiency, per bucket and
 * for the range. Definitions: docs/WORKSHOP.md, "Reports".
 */
export async function workshopReport(ctx: OrgContext, raw: z.input<typeof ZReportRange>, now = new Date()) {
  await authorize(ctx, "report.read");
  const organization = await db().organization.findUniqueOrThrow({ where: { id: ctx.orgId }, select: { timezone: true, currency: true } });
  const range: ReportRange = reportRange(raw, organization.timezone, now);
  const today = todayIn(organization.timezone, now);
  const { sales, technicians, hours, members } = await withTenant(ctx.orgId, async (tx) => ({
    sales: await salesFigures(tx, ctx.orgId, range, organization.timezone),
    technicians: await technicianFigures(tx, ctx.orgId, range, organization.timezone),
    hours: await workshopOpeningHours(tx),
    members: await tx.membership.findMany({ where: { role: "TECHNICIAN" }, select: { userId: true } }),
  }));

  const salesRows = sales.map(salesRow);
  const total = salesRow(salesRows.reduce<SalesBucket>((sum, row) => ({
    bucket: "total", firstDay: range.from, lastDay: range.to,
    carCount: sum.carCount + row.carCount, revenueMinor: sum.revenueMinor + row.revenueMinor,
    labourRevenueMinor: sum.labourRevenueMinor + row.labourRevenueMinor, partsRevenueMinor: sum.partsRevenueMinor + row.partsRevenueMinor,
    partsCostMinor: sum.partsCostMinor + row.partsCostMinor, uncostedPartLines: sum.uncostedPartLines + row.uncostedPartLines,
  }), { bucket: "total", firstDay: range.from, lastDay: range.to, carCount: 0, revenueMinor: 0, labourRevenueMinor: 0, partsRevenueMinor: 0, partsCostMinor: 0, uncostedPartLines: 0 }));

  // Every technician of the workshop, and anyone else who logged or billed hours in the range.
  const ids = [...new Set([...members.map((m) => m.userId), ...technicians.map((t) => t.technicianUserId)])];
  const users = await db().user.findMany({ where: { id: { in: ids } }, select: { id: true, name: true } });
  const names = new Map(users.map((user) => [user.id, user.name]));
  const people = ids.map((id) => ({ id, name: names.get(id) ?? "Former member" })).sort((x, y) => x.name.localeCompare(y.name) || x.id.localeCompare(y.id));

  const available = new Map(sales.map((s) => [s.bucket, availableMs(hours, s.firstDay, s.lastDay, today)]));
  const figuresOf = new Map(technicians.map((t) => [`${t.bucket}|${t.technicianUserId}`, t]));
  const byBucket: TechnicianRow[] = [];
  const totals: TechnicianRow[] = [];
  for (const person of people) {
    const sum = { loggedMs: 0, billedMilli: 0, availableMs: 0 };
    for (const { bucket } of sales) {
      const figures = figuresOf.get(`${bucket}|${person.id}`);
      const row = { loggedMs: figures?.loggedMs ?? 0, billedMilli: figures?.billedMilli ?? 0, availableMs: available.get(bucket) ?? 0 };
      byBucket.push(technicianRow(bucket, person.id, person.name, row));
      sum.loggedMs += row.loggedMs;
      sum.billedMilli += row.billedMilli;
      sum.availableMs += row.availableMs;
    }
    totals.push(technicianRow(null, person.id, person.name, sum));
  }
  byBucket.sort((x, y) => (x.bucket ?? "").localeCompare(y.bucket ?? "") || x.name.localeCompare(y.name));

  return { range, currency: organization.currency, timezone: organization.timezone, openingHours: hours, sales: salesRows, salesTotal: total, technicians: totals, technicianBuckets: byBucket };
}

export type WorkshopReport = Awaited<ReturnType<typeof workshopReport>>;
