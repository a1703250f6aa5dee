import { tenantOf, type TenantTx } from "@/lib/db";
import { ABANDONED_PART_MS, exportFileStore } from "@/lib/gdpr/export/export-file-store";

/**
 * Finished exports are copies of the person's data that AWMS holds: the
 * customer's own, and every whole-workshop export (which includes them). An
 * erasure deletes their files (null customerId: a closure, every export) and
 * they read as expired. Deleting a file that is already gone is no error, so a
 * retry repeats this harmlessly.
 */
export async function deleteExportFiles(tx: TenantTx, customerId: string | null): Promise<string[]> {
  const exports = await tx.privacyRequest.findMany({
    where: {
      kind: "EXPORT", status: "READY", fileKey: { not: null },
      ...(customerId ? { OR: [{ scope: "CUSTOMER", customerId }, { scope: "ORGANIZATION" }] } : {}),
    },
    select: { id: true, fileKey: true },
  });
  const store = exportFileStore();
  for (const { fileKey } of exports) if (fileKey) await store.delete(fileKey);
  // A dead worker's half-written export may hold them too (a live one discards itself: lib/gdpr/export/erased-meanwhile.ts).
  await store.removeAbandoned(tenantOf(tx), new Date(Date.now() - ABANDONED_PART_MS));
  return exports.map((request) => request.id);
}

/** In the erasure's transaction: the exports whose files were deleted read as expired (COMPLETED, no file). */
export async function markExportsRemoved(tx: TenantTx, requestIds: string[]): Promise<number> {
  if (requestIds.length === 0) return 0;
  const removed = await tx.privacyRequest.updateMany({ where: { id: { in: requestIds }, status: "READY" }, data: { status: "COMPLETED", fileKey: null } });
  return removed.count;
}
