import type { Metadata } from "next";
import { ExportProgress } from "@/components/privacy/export-progress";
import { RequestExportForm } from "@/components/privacy/export-form";
import { ErasureRequestsSection } from "@/components/privacy/erasure-requests-section";
import { buttonClass } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { withTenant } from "@/lib/db";
import { downloadPath } from "@/lib/gdpr/export/download-link";
import type { ExportCustomer } from "@/lib/gdpr/export/find-export-customers";
import { listPrivacyRequests, type PrivacyRequestRow } from "@/lib/gdpr/list-privacy-requests";
import { isUuid } from "@/lib/ids";
import { requireOrgContext } from "@/lib/org/context";
import { requirePermission } from "@/lib/org/require-permission";
import { can } from "@/lib/rbac";
import { readQuery, type QueryParams } from "@/lib/http/query-params";

export const metadata: Metadata = { title: "Data & privacy" };

const DAY_MS = 86_400_000;
const utcMinute = (date: Date | null) => (date ? `${date.toISOString().slice(0, 16).replace("T", " ")} UTC` : "—");

const STATUS: Record<string, string> = {
  QUEUED: "Queued", RUNNING: "Building", READY: "Ready to download", SCHEDULED: "Scheduled (grace period)",
  CANCELLED: "Cancelled", COMPLETED: "Done", FAILED: "Failed",
};

/** Answered requests no longer run against the deadline: a built export, a finished or cancelled erasure. */
const answered = (row: PrivacyRequestRow) =>
  row.status === "CANCELLED" || row.status === "COMPLETED" || (row.kind === "EXPORT" && row.status === "READY");

function Deadline({ row, now }: { row: PrivacyRequestRow; now: Date }) {
  const left = row.dueAt.getTime() - now.getTime();
  if (answered(row)) return <span>{utcMinute(row.dueAt)}</span>;
  if (left < 0) return <span className="font-medium text-red-700">{utcMinute(row.dueAt)} · overdue</span>;
  if (left < 7 * DAY_MS) return <span className="font-medium text-amber-800">{utcMinute(row.dueAt)} · {Math.ceil(left / DAY_MS)} days left</span>;
  return <span>{utcMinute(row.dueAt)}</span>;
}

const megabytes = (bytes: bigint | null) => (bytes === null ? "" : `${(Number(bytes) / 1024 / 1024).toFixed(1)} MB`);

export default async function PrivacyPage({ params, searchParams }: {
  params: Promise<{ orgSlug: string }>;
  searchParams: Promise<QueryParams>;
}) {
  const { orgSlug } = await params;
  const member = await requireOrgContext(orgSlug);
  // Owners and admins: those who may export or erase. Anyone else gets the 403 page (and the denial is audited).
  const ctx = can(member, "gdpr.erase") ? member : await requirePermission(orgSlug, "gdpr.export");
  const mayExport = can(ctx, "gdpr.export");
  const { customerId: wanted } = await readQuery(searchParams, "customerId");
  const preselected: ExportCustomer | null =
    mayExport && wanted && isUuid(wanted)
      ? await withTenant(ctx.orgId, (tx) => tx.customer.findFirst({ where: { id: wanted }, select: { id: true, displayName: true, email: true, phone: true } }))
      : null;
  const rows = await listPrivacyRequests(ctx);
  const now = new Date();

  return (
    <div className="flex flex-col gap-6">
      <h1 className="text-2xl font-semibold">Data &amp; privacy</h1>
      <p className="text-sm text-slate-700">
        Your workshop is the controller of its customers&apos; data. When a customer asks for a copy of their data (GDPR Art. 15) or to take it
        elsewhere (Art. 20), export it here and send them the ZIP: it holds every record of theirs as JSON, their inspection photos, and a description
        of every field. The law gives you one month to answer.
      </p>

      {mayExport ? (
        <Card title="Export data" description="Built in the background; the download link appears below when it is ready, and the file is kept for 7 days.">
          <RequestExportForm orgSlug={orgSlug} preselected={preselected} />
        </Card>
      ) : null}

      <Card title={`Requests (${rows.length})`} description="Every export and erasure of this workshop, with the legal deadline (one month from the request).">
        {rows.length === 0 ? (
          <p className="text-sm text-slate-600">No requests yet.</p>
        ) : (
          <div className="overflow-x-auto">
            <table className="w-full text-left text-sm" aria-label="Privacy requests">
              <thead className="text-slate-600">
                <tr>
                  <th className="py-2 pr-4">Request</th>
                  <th className="py-2 pr-4">Whose data</th>
                  <th className="py-2 pr-4">State</th>
                  <th className="py-2 pr-4">Requested</th>
                  <th className="py-2 pr-4">Legal deadline</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-200">
                {rows.map((row) => (
                  <tr key={row.id} data-request-id={row.id}>
                    <td className="py-2 pr-4">
                      {row.kind === "EXPORT" ? "Export" : row.scope === "ORGANIZATION" ? "Workshop closure" : "Erasure"}
                      {row.requestedByApiKeyId ? <span className="block text-xs text-slate-600">through the API</span> : null}
                    </td>
                    <td className="py-2 pr-4">
                      {row.scope === "ORGANIZATION" ? "The whole workshop" : row.customerId ? (
                        <a className="text-blue-700 underline" href={`/${orgSlug}/customers/${row.customerId}`}>{row.customer?.displayName ?? "A customer"}</a>
                      ) : "A customer"}
                    </td>
                    <td className="py-2 pr-4">
                      {row.kind === "EXPORT" && (row.status === "QUEUED" || row.status === "RUNNING") && mayExport ? (
                        <ExportProgress orgSlug={orgSlug} requestId={row.id} initial={{ status: row.status, done: row.progressDone, total: row.progressTotal }} />
                      ) : row.kind === "EXPORT" && row.status === "READY" && mayExport ? (
                        <div className="flex flex-col items-start gap-1">
                          <a className={buttonClass("secondary")} href={downloadPath(orgSlug, ctx.orgId, row.id, now)} download>
                            Download ZIP
                          </a>
                          <span className="text-xs text-slate-600">{megabytes(row.byteSize)} · until {utcMinute(row.expiresAt)}</span>
                        </div>
                      ) : (
                        <>
                          {STATUS[row.status] ?? row.status}
                          {row.kind === "EXPORT" && row.status === "COMPLETED" ? <span className="block text-xs text-slate-600">file expired and deleted</span> : null}
                          {row.status === "FAILED" && row.error ? <span className="block text-xs text-red-700">{row.error}</span> : null}
                        </>
                      )}
                    </td>
                    <td className="py-2 pr-4">{utcMinute(row.createdAt)}</td>
                    <td className="py-2 pr-4"><Deadline row={row} now={now} /></td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Card>

      {/* Erasure (lib/gdpr/erasure): its requests, grace periods and cancel buttons. */}
      <ErasureRequestsSection ctx={ctx} />
    </div>
  );
}
