import type { Metadata } from "next";
import Link from "next/link";
import { Card } from "@/components/ui/card";
import { db } from "@/lib/db";
import { listInvoices } from "@/lib/invoices/invoice-view";
import { documentLabel } from "@/lib/invoices/invoice-numbers";
import { formatMoney } from "@/lib/money/format-money";
import { requirePermission } from "@/lib/org/require-permission";
import { readQuery, type QueryParams } from "@/lib/http/query-params";

export const metadata: Metadata = { title: "Invoices" };

export default async function InvoicesPage({ params, searchParams }: { params: Promise<{ orgSlug: string }>; searchParams: Promise<QueryParams> }) {
  const { orgSlug } = await params;
  const unpaidOnly = (await readQuery(searchParams, "unpaid")).unpaid === "1";
  const ctx = await requirePermission(orgSlug, "invoice.read");
  const [rows, organization] = await Promise.all([listInvoices(ctx, { unpaidOnly }), db().organization.findUniqueOrThrow({ where: { id: ctx.orgId }, select: { currency: true } })]);
  const money = (minor: number) => formatMoney(minor, organization.currency);
  const now = new Date();
  return (
    <div className="flex flex-col gap-6">
      <div className="flex flex-wrap items-baseline justify-between gap-3">
        <h1 className="text-2xl font-semibold">Invoices</h1>
        <nav aria-label="Invoice filter" className="flex gap-3 text-sm">
          <Link className={unpaidOnly ? "text-blue-700 underline" : "font-semibold"} href={`/${orgSlug}/invoices`}>All</Link>
          <Link className={unpaidOnly ? "font-semibold" : "text-blue-700 underline"} href={`/${orgSlug}/invoices?unpaid=1`}>Unpaid</Link>
        </nav>
      </div>
      <Card>
        {rows.length === 0 ? <p className="text-sm text-slate-600">No invoices yet. Issue one from a repair order that is ready for collection.</p> : (
          <div className="overflow-x-auto">
            <table className="w-full text-sm">
              <thead><tr className="text-left text-slate-600"><th className="py-1">Number</th><th>Customer</th><th>Repair order</th><th>Issued</th><th className="text-right">Total</th><th className="text-right">Balance</th></tr></thead>
              <tbody>
                {rows.map((row) => (
                  <tr key={row.id} className="border-t border-slate-100">
                    <td className="py-1"><Link className="text-blue-700 underline underline-offset-2" href={`/${orgSlug}/invoices/${row.id}`}>{documentLabel(row.kind, row.number)}</Link></td>
                    <td>{row.customerName}</td>
                    <td>{row.repairOrderNumber}</td>
                    <td>{row.issuedAt.toISOString().slice(0, 10)}</td>
                    <td className="text-right">{money(row.grossMinor)}</td>
                    <td className={`text-right ${row.balanceMinor > 0 && row.dueAt < now ? "font-semibold text-red-700" : ""}`}>
                      {row.kind === "INVOICE" ? (row.balanceMinor !== 0 ? money(row.balanceMinor) : row.credited ? "Credited" : "Paid") : ""}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Card>
    </div>
  );
}
