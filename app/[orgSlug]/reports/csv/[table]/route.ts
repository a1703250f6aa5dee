import { errorResponse, routeOrgContext } from "@/lib/http/route-context";
import { csvResponse, reportCsv } from "@/lib/reports/report-csv";
import { observedRoute } from "@/lib/observability/observe-request";

export const dynamic = "force-dynamic";

/** A report table (sales, technicians) as a CSV download, for the range in the query. */
async function get(request: Request, { params }: { params: Promise<{ orgSlug: string; table: string }> }) {
  const { orgSlug, table } = await params;
  try {
    const ctx = await routeOrgContext(orgSlug, "report.read");
    const query = new URL(request.url).searchParams;
    const csv = await reportCsv(ctx, table, { from: query.get("from") ?? undefined, to: query.get("to") ?? undefined, by: query.get("by") ?? undefined });
    return csvResponse(csv);
  } catch (error) {
    return errorResponse(error);
  }
}

/** Logged and counted under its route pattern, never the path with its ids. */
export const GET = observedRoute("/[orgSlug]/reports/csv/[table]", get);
