import { EXPORT_FORMATS, type ExportFormat } from "@/lib/audit/audit-export-format";
import { parseAuditFilters } from "@/lib/audit/audit-filters";
import { exportAuditLog } from "@/lib/audit/export-audit-log";
import { AppError } from "@/lib/errors";
import { errorResponse, routeOrgContext } from "@/lib/http/route-context";
import { observedRoute } from "@/lib/observability/observe-request";

export const dynamic = "force-dynamic";

/** The filtered audit log as a CSV or JSON (one array) download, streamed as it is read. */
async function get(request: Request, { params }: { params: Promise<{ orgSlug: string; format: string }> }) {
  const { orgSlug, format } = await params;
  try {
    const ctx = await routeOrgContext(orgSlug, "auditLog.export");
    if (!(EXPORT_FORMATS as readonly string[]).includes(format)) throw new AppError("NOT_FOUND", "Export as csv or json.");
    const parsed = parseAuditFilters(new URL(request.url).searchParams);
    if (!parsed.ok) throw new AppError("VALIDATION_FAILED", "Check the filters.", { fields: parsed.fieldErrors });
    const download = await exportAuditLog(ctx, parsed.filters, format as ExportFormat);
    return new Response(download.stream, {
      headers: {
        "Content-Type": download.contentType,
        "Content-Disposition": `attachment; filename="${download.filename.replace(/[^A-Za-z0-9._-]/g, "-")}"`,
        "Cache-Control": "private, no-store",
      },
    });
  } catch (error) {
    return errorResponse(error);
  }
}

export const GET = observedRoute("/[orgSlug]/settings/audit-log/export/[format]", get);
