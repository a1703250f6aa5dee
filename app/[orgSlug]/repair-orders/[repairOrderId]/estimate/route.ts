import { estimateDocument } from "@/lib/documents/estimate-document";
import { renderDocumentPdf } from "@/lib/documents/render-pdf";
import { errorResponse, pdfResponse, routeOrgContext } from "@/lib/http/route-context";
import { observedRoute } from "@/lib/observability/observe-request";

export const dynamic = "force-dynamic";

/** The estimate as a printable PDF. */
async function get(_request: Request, { params }: { params: Promise<{ orgSlug: string; repairOrderId: string }> }) {
  const { orgSlug, repairOrderId } = await params;
  try {
    const ctx = await routeOrgContext(orgSlug, "repairOrder.read");
    const document = await estimateDocument(ctx, repairOrderId);
    return pdfResponse(await renderDocumentPdf(document), `${document.title}.pdf`);
  } catch (error) {
    return errorResponse(error);
  }
}

/** Logged and counted under its route pattern, never the path with its ids. */
export const GET = observedRoute("/[orgSlug]/repair-orders/[repairOrderId]/estimate", get);
