import type { TenantTx } from "@/lib/db";

/** What the customer still owes on an invoice: its total, less credit notes against it, less payments. Negative = refund due. */
export async function invoiceBalance(tx: TenantTx, invoiceId: string, grossMinor: number) {
  const [credits, paid] = await Promise.all([
    tx.invoice.aggregate({ where: { creditedInvoiceId: invoiceId }, _sum: { grossMinor: true } }),
    tx.payment.aggregate({ where: { invoiceId }, _sum: { amountMinor: true } }),
  ]);
  const creditedMinor = credits._sum.grossMinor ?? 0;
  const paidMinor = paid._sum.amountMinor ?? 0;
  return { creditedMinor, paidMinor, balanceMinor: grossMinor + creditedMinor - paidMinor };
}

/** Serializes money movements on one invoice (payments, credit notes) so two at once cannot overpay. */
export const lockInvoice = (tx: TenantTx, invoiceId: string) =>
  tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`invoice:${invoiceId}`}, 0))`;
