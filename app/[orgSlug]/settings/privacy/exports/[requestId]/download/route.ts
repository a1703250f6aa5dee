import { AppError } from "@/lib/errors";
import { exportDownloadResponse, openExportDownload } from "@/lib/gdpr/export/open-export";
import { errorResponse, routeOrgContext } from "@/lib/http/route-context";
import { observedRoute } from "@/lib/observability/observe-request";

export const dynamic = "force-dynamic";

/**
 * An export's ZIP, streamed: for a signed-in member allowed to export, with the
 * signed link from the Data & privacy page (15 minutes). Refusals are said in
 * words, since a person opened this link in a browser.
 */
async function get(request: Request, { params }: { params: Promise<{ orgSlug: string; requestId: string }> }) {
  const { orgSlug, requestId } = await params;
  const url = new URL(request.url);
  try {
    const ctx = await routeOrgContext(orgSlug, "gdpr.export");
    return exportDownloadResponse(await openExportDownload(ctx, requestId, { link: { expires: url.searchParams.get("expires"), sig: url.searchParams.get("sig") } }));
  } catch (error) {
    if (error instanceof AppError && error.code !== "RATE_LIMITED") {
      return new Response(`${error.message}\n`, { status: error.status, headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "private, no-store" } });
    }
    return errorResponse(error);
  }
}

export const GET = observedRoute("/[orgSlug]/settings/privacy/exports/[requestId]/download", get);
