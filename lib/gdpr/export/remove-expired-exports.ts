import { audit } from "@/lib/audit/audit";
import { db, withTenant } from "@/lib/db";
import { log } from "@/lib/log/logger";
import { ABANDONED_PART_MS, exportFileStore } from "./export-file-store";

/**
 * The daily clean-up: every READY export past its expiry has its file deleted
 * and becomes COMPLETED, and a dead worker's half-written export is deleted (the request stays listed; the data is gone). A file
 * that will not delete is tried again the next day. Returns how many were removed.
 */
export async function removeExpiredExports(now: Date = new Date()): Promise<number> {
  const organizations = await db().organization.findMany({ select: { id: true } });
  const store = exportFileStore();
  let removed = 0;
  for (const { id: orgId } of organizations) {
    await store.removeAbandoned(orgId, new Date(now.getTime() - ABANDONED_PART_MS)).catch((error: unknown) => {
      log.error({ event: "gdpr_export_part_delete_failed", orgId, err: error }, "an abandoned export's partial file could not be deleted");
    });
    const expired = await withTenant(orgId, (tx) =>
      tx.privacyRequest.findMany({ where: { kind: "EXPORT", status: "READY", expiresAt: { lte: now } }, select: { id: true, fileKey: true } }),
    );
    for (const request of expired) {
      try {
        if (request.fileKey) await store.delete(request.fileKey);
      } catch (error) {
        log.error({ event: "gdpr_export_delete_failed", orgId, requestId: request.id, err: error }, "an expired export's file could not be deleted");
        continue;
      }
      await withTenant(orgId, async (tx) => {
        await tx.privacyRequest.update({
          where: { organizationId_id: { organizationId: orgId, id: request.id } },
          data: { status: "COMPLETED", fileKey: null },
        });
        await audit(tx, { orgId, userId: null }, "gdpr.export.expired", { type: "PrivacyRequest", id: request.id }, {});
      });
      removed += 1;
    }
  }
  return removed;
}

/** The job's handler (its data is ignored). */
export async function runExportCleanup(): Promise<void> {
  const removed = await removeExpiredExports();
  if (removed) log.info({ event: "gdpr_exports_expired", removed }, "expired GDPR exports removed");
}
