import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Fragment } from "react";
import { AddJobForm, AddLineForm, MoveButton } from "@/components/repair-orders/repair-order-forms";
import { Card } from "@/components/ui/card";
import { AppError } from "@/lib/errors";
import { formatMoney, formatQuantity } from "@/lib/money/format-money";
import { requirePermission } from "@/lib/org/require-permission";
import { can } from "@/lib/rbac";
import { repairOrderView } from "@/lib/repair-orders/repair-order-view";
import { EDITABLE, TRANSITIONS } from "@/lib/repair-orders/status";

export const metadata: Metadata = { title: "Repair order" };

const label = (status: string) => status.charAt(0) + status.slice(1).toLowerCase().replace(/_/g, " ");

export default async function RepairOrderPage({ params }: { params: Promise<{ orgSlug: string; repairOrderId: string }> }) {
  const { orgSlug, repairOrderId } = await params;
  const ctx = await requirePermission(orgSlug, "repairOrder.read");
  const view = await repairOrderView(ctx, repairOrderId).catch((error: unknown) => {
    if (error instanceof AppError && error.code === "NOT_FOUND") notFound();
    throw error;
  });
  const { order, totals, currency, pricesIncludeTax } = view;
  const money = (minor: number) => formatMoney(minor, currency);
  const editable = EDITABLE.has(order.status) && can(ctx, "repairOrder.update");

  return (
    <div className="flex flex-col gap-6">
      <div className="flex flex-wrap items-baseline justify-between gap-3">
        <h1 className="text-2xl font-semibold">Repair order {order.number}</h1>
        <p className="rounded bg-slate-200 px-2 py-1 text-sm font-medium" data-testid="ro-status">{label(order.status)}</p>
      </div>
      <Card>
        <p>
          <Link className="text-blue-700 underline underline-offset-2" href={`/${orgSlug}/customers/${order.customerId}`}>{order.customer.displayName}</Link>
          {" · "}{order.vehicle.registration ?? order.vehicle.vin} {[order.vehicle.make, order.vehicle.model].filter(Boolean).join(" ")}
          {order.odometerIn !== null ? ` · in at ${order.odometerIn.toLocaleString("en-GB")}` : ""}
        </p>
        {order.concerns ? <p className="mt-2 text-slate-700">Concern: {order.concerns}</p> : null}
        <div className="mt-4 flex flex-wrap gap-2">
          {TRANSITIONS[order.status].map((to) => (
            <MoveButton key={to} orgSlug={orgSlug} repairOrderId={order.id} to={to} label={`Mark ${label(to).toLowerCase()}`} />
          ))}
        </div>
      </Card>

      {order.jobs.map((job) => (
        <Card key={job.id} title={`${job.position}. ${job.title}`} description={job.approval === "PENDING" ? undefined : label(job.approval)}>
          <table className="w-full text-sm">
            <thead>
              <tr className="text-left text-slate-600"><th className="py-1">Line</th><th>Qty</th><th>Unit</th><th className="text-right">Amount</th></tr>
            </thead>
            <tbody>
              {job.lines.map((line) => (
                <tr key={line.id} className="border-t border-slate-100">
                  <td className="py-1">{line.description} <span className="text-slate-500">({line.kind.toLowerCase()})</span></td>
                  <td>{formatQuantity(line.quantityMilli)}</td>
                  <td>{money(line.unitPriceMinor)}</td>
                  <td className="text-right">{money(pricesIncludeTax ? line.amounts.gross : line.amounts.net)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {editable ? <div className="mt-4"><AddLineForm orgSlug={orgSlug} jobId={job.id} jobTitle={job.title} /></div> : null}
        </Card>
      ))}

      {editable ? <Card title="Add a job"><AddJobForm orgSlug={orgSlug} repairOrderId={order.id} /></Card> : null}

      <Card title="Totals" description={pricesIncludeTax ? "Prices include tax." : "Tax is added to the prices."}>
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
    </div>
  );
}
