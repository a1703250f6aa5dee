import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { utcTime } from "@/components/audit-log/audit-entry-table";
import { EntryChanges } from "@/components/audit-log/entry-changes";
import { Card } from "@/components/ui/card";
import { entryDetails, renderableMetadata } from "@/lib/audit/entry-changes";
import { getAuditEntry } from "@/lib/audit/get-audit-entry";
import { AppError } from "@/lib/errors";
import { requirePermission } from "@/lib/org/require-permission";

export const metadata: Metadata = { title: "Audit entry" };

export default async function AuditEntryPage({ params }: { params: Promise<{ orgSlug: string; seq: string }> }) {
  const { orgSlug, seq } = await params;
  const ctx = await requirePermission(orgSlug, "auditLog.read");
  const entry = await getAuditEntry(ctx, /^\d{1,10}$/.test(seq) ? Number(seq) : 0).catch((error: unknown) => {
    if (error instanceof AppError && error.code === "NOT_FOUND") notFound();
    throw error;
  });
  const [metadata] = await renderableMetadata(ctx.orgId, [entry.metadata]);
  const { changes, details } = entryDetails(metadata ?? null);
  const stored: Array<[string, string]> = [
    ["Time", utcTime(entry.createdAt)],
    ["Actor", entry.actor.name],
    ["Actor user id", entry.actorUserId ?? "—"],
    ["Action", entry.action],
    ["Record", entry.targetType ? `${entry.targetType} ${entry.targetId ?? ""}` : "—"],
    ["IP", entry.ip ?? "—"],
    ["User agent", entry.userAgent ?? "—"],
    ["Request id", entry.requestId ?? "—"],
    ["Seq", String(entry.seq)],
    ["Previous hash", entry.prevHash],
    ["Hash", entry.hash],
  ];

  return (
    <div className="flex flex-col gap-6">
      <Link href={`/${orgSlug}/settings/audit-log`} className="text-sm text-blue-700 underline">Back to the audit log</Link>
      <h1 className="text-2xl font-semibold">Entry #{entry.seq}: <span className="font-mono">{entry.action}</span></h1>
      <Card title="Recorded">
        <dl className="grid grid-cols-1 gap-x-6 gap-y-1 text-sm sm:grid-cols-[max-content_1fr]">
          {stored.map(([label, value]) => (
            <div key={label} className="contents">
              <dt className="text-slate-600">{label}</dt>
              <dd className="break-all font-mono text-xs sm:text-sm">{value}</dd>
            </div>
          ))}
        </dl>
      </Card>
      <EntryChanges changes={changes} details={details} />
    </div>
  );
}
