import { audit } from "@/lib/audit/audit";
import { withTenant } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { isUuid } from "@/lib/ids";
import { actorOf, type OrgContext } from "@/lib/org/context";
import { authorize } from "@/lib/rbac";
import { checkDownloadLink } from "./download-link";
import { exportFileStore } from "./export-file-store";

export interface ExportDownload {
  stream: ReadableStream<Uint8Array>;
  filename: string;
  byteSize: number;
  sha256: string;
}

export type DownloadCredential = { link: { expires: string | null; sig: string | null } } | { apiKey: true };

const notFound = () => new AppError("NOT_FOUND", "That export was not found.");

/**
 * Opens a READY export's ZIP as a stream for a member allowed to export (with
 * a valid, unexpired signed link) or an admin API key, and audits the download
 * once it is certain to start. Another workshop's id is not found.
 */
export async function openExportDownload(ctx: OrgContext, requestId: string, credential: DownloadCredential, now: Date = new Date()): Promise<ExportDownload> {
  await authorize(ctx, "gdpr.export");
  const request = isUuid(requestId)
    ? await withTenant(ctx.orgId, (tx) => tx.privacyRequest.findFirst({ where: { id: requestId, kind: "EXPORT" } }))
    : null;
  if (!request) throw notFound();
  if ("link" in credential) {
    const check = checkDownloadLink(ctx.orgId, request.id, credential.link.expires, credential.link.sig, now);
    if (check === "invalid") throw new AppError("FORBIDDEN", "This download link is not valid. Open the Data & privacy page and use its Download button.");
    if (check === "expired") throw new AppError("GONE", "This download link has expired (links last 15 minutes). Open the Data & privacy page again for a new one.");
  }
  if (request.status === "COMPLETED" || (request.status === "READY" && request.expiresAt && request.expiresAt <= now)) {
    throw new AppError("GONE", "This export has expired and its file was deleted. Request a new export.");
  }
  if (request.status !== "READY" || !request.fileKey) throw new AppError("CONFLICT", "This export is not ready to download.");
  const stream = await exportFileStore().open(request.fileKey);
  if (!stream) throw new AppError("GONE", "This export's file is no longer available. Request a new export.");
  try {
    await withTenant(ctx.orgId, (tx) => audit(tx, actorOf(ctx), "gdpr.export.downloaded", { type: "PrivacyRequest", id: request.id }, { via: "link" in credential ? "app" : "api" }));
  } catch (error) {
    await stream.cancel();
    throw error;
  }
  const day = request.createdAt.toISOString().slice(0, 10);
  return {
    stream,
    filename: `awms-${request.scope === "CUSTOMER" ? "customer" : "workshop"}-export-${day}-${request.id.slice(0, 8)}.zip`,
    byteSize: Number(request.byteSize ?? 0),
    sha256: request.sha256 ?? "",
  };
}

/** The HTTP answer: the ZIP streamed as an attachment, never cached. */
export function exportDownloadResponse(download: ExportDownload): Response {
  return new Response(download.stream, {
    headers: {
      "Content-Type": "application/zip",
      "Content-Disposition": `attachment; filename="${download.filename}"`,
      ...(download.byteSize ? { "Content-Length": String(download.byteSize) } : {}),
      "Cache-Control": "private, no-store",
      "X-Content-SHA256": download.sha256,
    },
  });
}
