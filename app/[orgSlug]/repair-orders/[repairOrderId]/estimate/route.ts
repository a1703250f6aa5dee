import { estimateDocument } from "@/lib/documents/estimate-document";
import { renderDocumentPdf } from "@/lib/documents/render-pdf";
import { errorResponse, pdfResponse, routeOrgContext } from "@/lib/http/route-context";

export const dynamic = "force-dynamic";

/** The estimate as a printable PDF. */
export async function GET(_request: Request, { params }: { params: Promise<{ orgSlug: string; repairOrderId: string }> }) {
  const { orgSlug, repairOrderId } = await params;
  try {
    const ctx = await routeOrgContext(orgSlug, "repairOrder.read");
    const document = await estimateDocument(ctx, repairOrderId);
    return pdfResponse(await renderDocumentPdf(document), `${document.title}.pdf`);
  } catch (error) {
    return errorResponse(error);
  }
}
