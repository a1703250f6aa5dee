// The daily `audit-anchors` job. Organizations are a global table; each
// workshop's head is read inside withTenant, so row-level security binds the
// job as it binds a request.
import { db, withTenant } from "@/lib/db";
import { log } from "@/lib/log/logger";
import { appendAnchors, type AuditAnchor } from "./anchors";

/** Writes every workshop's current chain head (seq and hash) to today's anchor file. */
export async function anchorAuditHeads(options: { now?: Date; dir?: string } = {}): Promise<{ file: string; anchors: AuditAnchor[] }> {
  const now = options.now ?? new Date();
  const organizations = await db().organization.findMany({ select: { id: true }, orderBy: { id: "asc" } });
  const anchors: AuditAnchor[] = [];
  for (const { id } of organizations) {
    const head = await withTenant(id, (tx) => tx.auditLog.findFirst({ orderBy: { seq: "desc" }, select: { seq: true, hash: true } }));
    if (head) anchors.push({ organizationId: id, seq: head.seq, hash: head.hash, anchoredAt: now.toISOString() });
  }
  const file = await appendAnchors(anchors, { dir: options.dir, now });
  log.info({ event: "audit_anchors_written", file, organizations: anchors.length }, "audit chain heads anchored");
  return { file, anchors };
}

/** The pg-boss handler: a failure fails the job so pg-boss retries it (a second line for the day is harmless). */
export async function runAuditAnchors(): Promise<void> {
  await anchorAuditHeads();
}
