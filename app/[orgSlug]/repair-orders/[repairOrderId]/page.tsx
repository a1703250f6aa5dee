import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Fragment } from "react";
import { RecommendationActions, RecordApprovalForm, SendApprovalForm } from "@/components/approvals/approval-forms";
import { IssueInvoiceForm } from "@/components/invoices/invoice-forms";
import { AssignTechnicianForm } from "@/components/repair-orders/assign-technician-form";
import { AddCannedJobForm } from "@/components/repair-orders/canned-job-forms";
import { RepairOrderInspections } from "@/components/inspections/repair-order-inspections";
import { AddJobForm, AddLineForm, MoveButton } from "@/components/repair-orders/repair-order-forms";
import { PartStatusForm } from "@/components/parts/stock-forms";
import { buttonClass } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { AppError } from "@/lib/errors";
import { documentLabel } from "@/lib/invoices/invoice-numbers";
import { formatMoney, formatQuantity } from "@/lib/money/format-money";
import { requirePermission } from "@/lib/org/require-permission";
import { can } from "@/lib/rbac";
import { ASSIGN_TECHNICIAN_PERMISSION } from "@/lib/repair-orders/assign-technician";
import { listCannedJobs } from "@/lib/repair-orders/canned-jobs";
import { repairOrderExtras } from "@/lib/repair-orders/repair-order-extras";
import { repairOrderView } from "@/lib/repair-orders/repair-order-view";
import { EDITABLE, TRANSITIONS } from "@/lib/repair-orders/status";
import { orderTotals } from "@/lib/repair-orders/totals";
import { partChoices } from "@/lib/parts/list-parts";
import { JobHoursLine } from "@/components/time-entries/job-hours-line";
import { jobHours } from "@/lib/time-entries/job-hours";
import { listTechnicians } from "@/lib/repair-orders/technicians";

export const metadata: Metadata = { title: "Repair order" };

const label = (status: string) => status.charAt(0) + status.slice(1).toLowerCase().replace(/_/g, " ");
const APPROVAL_BADGE = { PENDING: "bg-slate-100 text-slate-700", APPROVED: "bg-green-100 text-green-800", DECLINED: "bg-red-100 text-red-800", DEFERRED: "bg-amber-100 text-amber-800" } as const;

export default async function RepairOrderPage({ params }: { params: Promise<{ orgSlug: string; repairOrderId: string }> }) {
  const { orgSlug, repairOrderId } = await params;
  const ctx = await requirePermission(orgSlug, "repairOrder.read");
  const view = await repairOrderView(ctx, repairOrderId).catch((error: unknown) => {
    if (error instanceof AppError && error.code === "NOT_FOUND") notFound();
    throw error;
  });
  const { order, totals, currency, pricesIncludeTax } = view;
  const editable = EDITABLE.has(order.status) && can(ctx, "repairOrder.update");
  const prices = editable && can(ctx, "invoice.create");
  const [extras, cannedJobs, technicians, parts] = await Promise.all([
    repairOrderExtras(ctx, order),
    prices ? listCannedJobs(ctx) : Promise.resolve([]),
    can(ctx, ASSIGN_TECHNICIAN_PERMISSION) ? listTechnicians(ctx) : Promise.resolve([]),
    prices && can(ctx, "part.read") ? partChoices(ctx) : Promise.resolve([]),
  ]);
  const hours = can(ctx, "timeEntry.read") ? await jobHours(ctx, order.id) : null;
  const money = (minor: number) => formatMoney(minor, currency);
  const catalogue = parts.map((part) => ({ value: part.id, label: `${part.sku} ${part.description} · ${money(part.sellingPriceMinor)}` }));
  const pending = order.jobs.filter((job) => job.approval === "PENDING" && job.lines.length > 0);
  const pendingJobs = pending.map((job) => ({ id: job.id, title: job.title, gross: money(orderTotals(job.lines, pricesIncludeTax).gross) }));
  const moves = TRANSITIONS[order.status].filter((to) => to !== "INVOICED" && !(to === "APPROVED" && pending.length > 0));

  return (
    <div className="flex flex-col gap-6">
      <div className="flex flex-wrap items-baseline justify-between gap-3">
        <h1 className="text-2xl font-semibold">Repair order {order.number}</h1>
        <div className="flex items-center gap-3">
          <a className={buttonClass("secondary")} href={`/${orgSlug}/repair-orders/${order.id}/estimate`} target="_blank" rel="noopener">Estimate PDF</a>
          <p className="rounded bg-slate-200 px-2 py-1 text-sm font-medium" data-testid="ro-status">{label(order.status)}</p>
        </div>
      </div>
      <Card>
        <p>
          <Link className="text-blue-700 underline underline-offset-2" href={`/${orgSlug}/customers/${order.customerId}`}>{order.customer.displayName}</Link>
          {" · "}{order.vehicle.registration ?? order.vehicle.vin} {[order.vehicle.make, order.vehicle.model].filter(Boolean).join(" ")}
          {order.odometerIn !== null ? ` · in at ${order.odometerIn.toLocaleString("en-GB")}` : ""}
        </p>
        {order.concerns ? <p className="mt-2 text-slate-700">Concern: {order.concerns}</p> : null}
        <div className="mt-4 flex flex-wrap items-end gap-2">
          {moves.map((to) => (
            <MoveButton key={to} orgSlug={orgSlug} repairOrderId={order.id} to={to} label={`Mark ${label(to).toLowerCase()}`} />
          ))}
          {order.status === "READY" && can(ctx, "invoice.issue") ? <IssueInvoiceForm orgSlug={orgSlug} repairOrderId={order.id} /> : null}
        </div>
        {extras.invoices.length > 0 ? (
          <ul className="mt-3 flex flex-wrap gap-3 text-sm">
            {extras.invoices.map((invoice) => (
              <li key={invoice.id}>
                <Link className="text-blue-700 underline underline-offset-2" href={`/${orgSlug}/invoices/${invoice.id}`}>{documentLabel(invoice.kind, invoice.number)}</Link> ({money(invoice.grossMinor)})
              </li>
            ))}
          </ul>
        ) : null}
        {technicians.length > 0 && editable ? (
          <div className="mt-4"><AssignTechnicianForm orgSlug={orgSlug} repairOrderId={order.id} technicians={technicians} technicianUserId={order.technicianUserId} /></div>
        ) : null}
      </Card>

      {pendingJobs.length > 0 && editable && can(ctx, "approval.send") ? (
        <Card title="Customer approval" description={extras.link ? linkStatus(extras.link) : "Email the estimate, or record what the customer said."}>
          <div className="flex flex-col gap-6">
            <SendApprovalForm orgSlug={orgSlug} repairOrderId={order.id} email={extras.link?.sentTo ?? order.customer.email} />
            <RecordApprovalForm orgSlug={orgSlug} repairOrderId={order.id} jobs={pendingJobs} />
          </div>
        </Card>
      ) : null}

      <RepairOrderInspections ctx={ctx} repairOrderId={order.id} editable={EDITABLE.has(order.status)} />

      {extras.recommendations.length > 0 ? (
        <Card title="Recommended on earlier visits" description="Work this car's owner declined or put off last time.">
          <ul className="flex flex-col gap-3">
            {extras.recommendations.map((rec) => (
              <li key={rec.id} className="flex flex-wrap items-center justify-between gap-2 border-t border-slate-100 pt-2">
                <span>{rec.title} <span className="text-slate-600">({money(rec.grossMinor)}, {rec.createdAt.toISOString().slice(0, 10)})</span></span>
                {prices ? <RecommendationActions orgSlug={orgSlug} repairOrderId={order.id} recommendationId={rec.id} title={rec.title} /> : null}
              </li>
            ))}
          </ul>
        </Card>
      ) : null}

      {order.jobs.map((job) => (
        <Card key={job.id} title={`${job.position}. ${job.title}`}>
          <p className={`-mt-2 mb-3 inline-block rounded px-2 py-0.5 text-xs font-medium ${APPROVAL_BADGE[job.approval]}`} data-testid={`approval-${job.position}`}>
            {job.approval === "PENDING" ? "Waiting for approval" : label(job.approval)}
          </p>
          {hours ? <JobHoursLine hours={hours.get(job.id)} billable={job.approval === "APPROVED"} testId={`hours-${job.position}`} /> : null}
          <table className="w-full text-sm">
            <thead>
              <tr className="text-left text-slate-600"><th className="py-1">Line</th><th>Qty</th><th>Unit</th><th className="text-right">Amount</th></tr>
            </thead>
            <tbody>
              {job.lines.map((line) => (
                <tr key={line.id} className="border-t border-slate-100">
                  <td className="py-1">
                    {line.description} <span className="text-slate-600">({line.kind.toLowerCase()}{line.partStatus && !editable ? `, ${line.partStatus.toLowerCase()}` : ""})</span>
                    {line.partStatus && editable ? <PartStatusForm orgSlug={orgSlug} jobLineId={line.id} partStatus={line.partStatus} label={line.description} /> : null}
                  </td>
                  <td>{formatQuantity(line.quantityMilli)}</td>
                  <td>{money(line.unitPriceMinor)}</td>
                  <td className="text-right">{money(pricesIncludeTax ? line.amounts.gross : line.amounts.net)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {editable && job.approval === "PENDING" ? <div className="mt-4"><AddLineForm orgSlug={orgSlug} jobId={job.id} jobTitle={job.title} parts={catalogue} /></div> : null}
        </Card>
      ))}

      {editable ? (
        <Card title="Add a job">
          <div className="flex flex-col gap-4">
            <AddJobForm orgSlug={orgSlug} repairOrderId={order.id} />
            {prices ? <AddCannedJobForm orgSlug={orgSlug} repairOrderId={order.id} cannedJobs={cannedJobs} /> : null}
          </div>
        </Card>
      ) : null}

      <Card title="Totals" description={pricesIncludeTax ? "Prices include tax. Declined and deferred jobs are left out." : "Tax is added to the prices. Declined and deferred jobs are left out."}>
        <dl className="grid grid-cols-[1fr_auto] gap-y-1 text-sm">
          <dt>Net</dt><dd className="text-right" data-testid="total-net">{money(totals.net)}</dd>
          {totals.byRate.map((rate) => (
            <Fragment key={rate.taxRateBp}>
              <dt>Tax at {(rate.taxRateBp / 100).toLocaleString("en-GB")} %</dt>
              <dd className="text-right">{money(rate.tax)}</dd>
            </Fragment>
          ))}
          <dt className="font-semibold">Total</dt><dd className="text-right font-semibold" data-testid="total-gross">{money(totals.gross)}</dd>
        </dl>
      </Card>

      {extras.decisions.length > 0 ? (
        <Card title="Customer decisions">
          <ul className="flex flex-col gap-1 text-sm" data-testid="decisions">
            {extras.decisions.map((d) => (
              <li key={d.id}>
                {d.job.title}: <strong>{label(d.decision)}</strong> by {d.approverName} ({d.channel === "LINK" ? "online" : label(d.channel).toLowerCase()}) on{" "}
                {d.decidedAt.toISOString().slice(0, 16).replace("T", " ")} UTC{d.ip && d.ip !== "unidentified" ? ` from ${d.ip}` : ""}
              </li>
            ))}
          </ul>
        </Card>
      ) : null}
    </div>
  );
}

function linkStatus(link: { sentTo: string; expiresAt: Date; usedAt: Date | null; revokedAt: Date | null }) {
  if (link.usedAt) return `The customer answered the link sent to ${link.sentTo}.`;
  if (link.revokedAt) return `The last link to ${link.sentTo} was replaced.`;
  if (link.expiresAt.getTime() < Date.now()) return `The link sent to ${link.sentTo} has expired: send a new one.`;
  return `Link sent to ${link.sentTo}, valid until ${link.expiresAt.toISOString().slice(0, 16).replace("T", " ")} UTC.`;
}
