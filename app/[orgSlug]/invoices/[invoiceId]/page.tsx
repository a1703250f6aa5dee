import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Fragment } from "react";
import { CreditNoteForm, RecordPaymentForm } from "@/components/invoices/invoice-forms";
import { buttonClass } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { AppError } from "@/lib/errors";
import { documentLabel } from "@/lib/invoices/invoice-numbers";
import { invoiceView } from "@/lib/invoices/invoice-view";
import { formatMoney, formatQuantity } from "@/lib/money/format-money";
import { requirePermission } from "@/lib/org/require-permission";
import { can } from "@/lib/rbac";

export const metadata: Metadata = { title: "Invoice" };

const METHOD = { CASH: "Cash", CARD: "Card", BANK_TRANSFER: "Bank transfer" } as const;

export default async function InvoicePage({ params }: { params: Promise<{ orgSlug: string; invoiceId: string }> }) {
  const { orgSlug, invoiceId } = await params;
  const ctx = await requirePermission(orgSlug, "invoice.read");
  const { invoice, snapshot: s, money: balance } = await invoiceView(ctx, invoiceId).catch((error: unknown) => {
    if (error instanceof AppError && error.code === "NOT_FOUND") notFound();
    throw error;
  });
  const money = (minor: number) => formatMoney(minor, invoice.currency);
  const title = documentLabel(invoice.kind, invoice.number);
  return (
    <div className="flex flex-col gap-6">
      <div className="flex flex-wrap items-baseline justify-between gap-3">
        <h1 className="text-2xl font-semibold">{title}</h1>
        <a className={buttonClass("secondary")} href={`/${orgSlug}/invoices/${invoice.id}/pdf`} target="_blank" rel="noopener">Download PDF</a>
      </div>
      <Card>
        <dl className="grid gap-x-6 gap-y-1 text-sm sm:grid-cols-[auto_1fr]">
          <dt className="text-slate-600">Bill to</dt><dd>{s.billTo.name}</dd>
          <dt className="text-slate-600">Vehicle</dt><dd>{[s.vehicle.registration, s.vehicle.make, s.vehicle.model].filter(Boolean).join(" ")}</dd>
          <dt className="text-slate-600">Repair order</dt><dd><Link className="text-blue-700 underline underline-offset-2" href={`/${orgSlug}/repair-orders/${invoice.repairOrderId}`}>{s.repairOrder.number}</Link></dd>
          <dt className="text-slate-600">Issued</dt><dd>{invoice.issuedAt.toISOString().slice(0, 10)}</dd>
          {invoice.kind === "INVOICE" ? <><dt className="text-slate-600">Due</dt><dd>{invoice.dueAt.toISOString().slice(0, 10)}</dd></> : null}
          {invoice.creditedInvoice ? <><dt className="text-slate-600">Credits</dt><dd><Link className="text-blue-700 underline" href={`/${orgSlug}/invoices/${invoice.creditedInvoice.id}`}>Invoice {invoice.creditedInvoice.number}</Link> ({s.reason})</dd></> : null}
          {invoice.creditNotes.map((cn) => (
            <Fragment key={cn.id}><dt className="text-slate-600">Credited by</dt><dd><Link className="text-blue-700 underline" href={`/${orgSlug}/invoices/${cn.id}`}>Credit note {cn.number}</Link></dd></Fragment>
          ))}
        </dl>
      </Card>
      <Card title="Lines">
        <div className="overflow-x-auto">
          <table className="w-full text-sm">
            <thead><tr className="text-left text-slate-600"><th className="py-1">Description</th><th>Qty</th><th>Unit</th><th>Tax</th><th className="text-right">Amount</th></tr></thead>
            <tbody>
              {s.jobs.map((job) => (
                <Fragment key={job.title}>
                  <tr className="border-t border-slate-200"><td colSpan={5} className="py-1 font-medium">{job.title}</td></tr>
                  {job.lines.map((line, index) => (
                    <tr key={index}>
                      <td className="py-0.5 pl-3">{line.description}</td><td>{formatQuantity(line.quantityMilli)}</td><td>{money(line.unitPriceMinor)}</td>
                      <td>{line.taxRateBp / 100} %</td><td className="text-right">{money(s.pricesIncludeTax ? line.gross : line.net)}</td>
                    </tr>
                  ))}
                </Fragment>
              ))}
            </tbody>
          </table>
        </div>
        <dl className="mt-4 grid grid-cols-[1fr_auto] gap-y-1 text-sm">
          <dt>Net</dt><dd className="text-right">{money(s.totals.net)}</dd>
          {s.totals.byRate.map((rate) => (
            <Fragment key={rate.taxRateBp}><dt>Tax at {rate.taxRateBp / 100} % on {money(rate.net)}</dt><dd className="text-right">{money(rate.tax)}</dd></Fragment>
          ))}
          <dt className="font-semibold">Total</dt><dd className="text-right font-semibold" data-testid="invoice-total">{money(s.totals.gross)}</dd>
        </dl>
      </Card>
      {balance ? (
        <Card title="Payments" description={balance.balanceMinor > 0 ? `Balance due: ${money(balance.balanceMinor)}` : balance.balanceMinor < 0 ? `Refund due: ${money(-balance.balanceMinor)}` : balance.creditedMinor !== 0 ? "Credited in full: nothing to pay." : "Paid in full."}>
          <p className="sr-only" data-testid="balance">{balance.balanceMinor}</p>
          {invoice.payments.length > 0 ? (
            <ul className="mb-4 flex flex-col gap-1 text-sm">
              {invoice.payments.map((p) => <li key={p.id}>{p.receivedAt.toISOString().slice(0, 10)}: {money(p.amountMinor)} by {METHOD[p.method].toLowerCase()}{p.reference ? ` (${p.reference})` : ""}</li>)}
            </ul>
          ) : null}
          {balance.balanceMinor > 0 && can(ctx, "payment.record") ? <RecordPaymentForm orgSlug={orgSlug} invoiceId={invoice.id} balance={(balance.balanceMinor / 100).toFixed(2)} /> : null}
        </Card>
      ) : null}
      {invoice.kind === "INVOICE" && invoice.creditNotes.length === 0 && can(ctx, "invoice.void") ? (
        <Card title="Correct this invoice" description="An issued invoice never changes. A credit note cancels it in full; the repair order goes back to ready so it can be corrected and invoiced again.">
          <CreditNoteForm orgSlug={orgSlug} invoiceId={invoice.id} />
        </Card>
      ) : null}
    </div>
  );
}
