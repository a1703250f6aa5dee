import { renderDocumentPdf } from "@/lib/documents/render-pdf";
import { errorResponse, pdfResponse, routeOrgContext } from "@/lib/http/route-context";
import { invoiceView } from "@/lib/invoices/invoice-view";
import { documentLabel } from "@/lib/invoices/invoice-numbers";
import { formatMoney } from "@/lib/money/format-money";
import { observedRoute } from "@/lib/observability/observe-request";

export const dynamic = "force-dynamic";

/** The issued invoice or credit note as a PDF, printed from its snapshot. */
async function get(_request: Request, { params }: { params: Promise<{ orgSlug: string; invoiceId: string }> }) {
  const { orgSlug, invoiceId } = await params;
  try {
    const ctx = await routeOrgContext(orgSlug, "invoice.read");
    const { invoice, snapshot, money } = await invoiceView(ctx, invoiceId);
    const title = documentLabel(invoice.kind, invoice.number);
    const note = !money ? undefined
      : money.balanceMinor > 0 ? `Balance due ${formatMoney(money.balanceMinor, invoice.currency)}`
      : money.creditedMinor !== 0 ? "Credited in full"
      : money.balanceMinor === 0 ? "Paid in full" : undefined;
    const pdf = await renderDocumentPdf({ title, date: invoice.issuedAt, dueAt: invoice.kind === "INVOICE" ? invoice.dueAt : undefined, snapshot, note });
    return pdfResponse(pdf, `${title}.pdf`);
  } catch (error) {
    return errorResponse(error);
  }
}

/** Logged and counted under its route pattern, never the path with its ids. */
export const GET = observedRoute("/[orgSlug]/invoices/[invoiceId]/pdf", get);
