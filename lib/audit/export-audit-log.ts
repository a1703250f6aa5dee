import { withTenant } from "@/lib/db";
import { log } from "@/lib/log/logger";
import { actorOf, type OrgContext } from "@/lib/org/context";
import { limitMemberExport } from "@/lib/rate-limit/request-limits";
import type { LimitRule } from "@/lib/rate-limit/rules";
import { authorize } from "@/lib/rbac";
import { audit } from "./audit";
import { actorLabel, userNames } from "./audit-actors";
import { EXPORT_WRITERS, type ExportFormat } from "./audit-export-format";
import { auditWhere, type AuditFilters } from "./audit-filters";
import { renderableMetadata } from "./entry-changes";

/** Exports a member may start an hour: each reads the whole log, so a script in a loop must not. */
export const AUDIT_EXPORTS_PER_MEMBER: LimitRule = { points: 20, duration: 3600 };
const BATCH = 500;

export interface AuditExport {
  stream: ReadableStream<Uint8Array>;
  contentType: string;
  filename: string;
}

/**
 * The filtered log as a download, oldest first, read in batches by seq as the
 * client takes it (memory stays flat however long the log). The export is
 * audited before the first byte, and covers the entries before its own.
 * Counted with failClosed: while the shared limit store is down, no export.
 */
export async function exportAuditLog(ctx: OrgContext, filters: AuditFilters, format: ExportFormat): Promise<AuditExport> {
  await authorize(ctx, "auditLog.export");
  await limitMemberExport(ctx, "audit-export", AUDIT_EXPORTS_PER_MEMBER);
  const recorded = await withTenant(ctx.orgId, (tx) => audit(tx, actorOf(ctx), "auditLog.export", null, { format, filters: { ...filters } }));
  const writer = EXPORT_WRITERS[format];
  const where = auditWhere(filters);
  const encoder = new TextEncoder();
  const names = new Map<string, string>();
  let afterSeq = 0;
  let written = 0;

  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(writer.head));
    },
    async pull(controller) {
      try {
        const rows = await withTenant(ctx.orgId, (tx) =>
          tx.auditLog.findMany({ where: { AND: [where, { seq: { gt: afterSeq, lt: recorded.seq } }] }, orderBy: { seq: "asc" }, take: BATCH }),
        );
        const unknown = rows.flatMap((row) => (row.actorUserId && !names.has(row.actorUserId) ? [row.actorUserId] : []));
        for (const [id, name] of await userNames(unknown)) names.set(id, name);
        const metadata = await renderableMetadata(ctx.orgId, rows.map((row) => row.metadata));
        const text = rows.map((row, i) => writer.row({ ...row, metadata: metadata[i] ?? null, actor: actorLabel(row, names) }, written + i)).join("");
        written += rows.length;
        afterSeq = rows.at(-1)?.seq ?? afterSeq;
        if (text) controller.enqueue(encoder.encode(text));
        if (rows.length < BATCH) {
          controller.enqueue(encoder.encode(writer.tail));
          controller.close();
        }
      } catch (error) {
        log.error({ event: "audit_export_failed", orgId: ctx.orgId, err: error }, "audit log export stopped part way");
        controller.error(error);
      }
    },
  });
  const day = new Date().toISOString().slice(0, 10);
  return { stream, contentType: writer.contentType, filename: `audit-log-${ctx.orgSlug}-${day}.${format}` };
}
