import { getExport } from "@/lib/gdpr/export/get-export";
import { errorResponse, routeOrgContext } from "@/lib/http/route-context";
import { observedRoute } from "@/lib/observability/observe-request";

export const dynamic = "force-dynamic";

/** A running export's progress, polled by the Data & privacy page every 2 s (counted against the larger reads limit). */
async function get(_request: Request, { params }: { params: Promise<{ orgSlug: string; requestId: string }> }) {
  const { orgSlug, requestId } = await params;
  try {
    const ctx = await routeOrgContext(orgSlug, "gdpr.export", { limit: "reads" });
    const request = await getExport(ctx, requestId);
    return Response.json({ status: request.status, done: request.progressDone, total: request.progressTotal }, { headers: { "Cache-Control": "private, no-store" } });
  } catch (error) {
    return errorResponse(error);
  }
}

export const GET = observedRoute("/[orgSlug]/settings/privacy/exports/[requestId]/progress", get);
