import { audit } from "@/lib/audit/audit";
import { withTenant } from "@/lib/db";
import { storeFor } from "@/lib/storage/attachment-store";
import { anonymizeCustomer } from "./anonymize-customer";
import { customerFootprint, photosOf } from "./customer-footprint";
import { jobActor, step } from "./erasure-run";
import { deleteExportFiles, markExportsRemoved } from "./remove-exports";

const ERASURE_TIMEOUT_MS = 300_000;

/**
 * Runs a claimed (RUNNING) customer erasure. Photo and export files go first:
 * deleting one that is already gone is no error, so a retry after a later
 * failure repeats it harmlessly, while the rows that name the files still exist. Then
 * one transaction anonymizes everything and completes the request with its
 * audit entry: counts only, never an erased value.
 */
export async function eraseCustomer(orgId: string, requestId: string, customerId: string): Promise<void> {
  const photos = await withTenant(orgId, async (tx) => photosOf(tx, await customerFootprint(tx, customerId)));
  await step("Deleting the customer's inspection photos from the file store failed.", async () => {
    for (const photo of photos) await storeFor(photo.storage).delete(photo.storageKey);
  });
  const exports = await step("Deleting the exports that hold the customer's data failed.", () => withTenant(orgId, (tx) => deleteExportFiles(tx, customerId)));
  await step("The database refused the anonymization.", () =>
    withTenant(orgId, async (tx, global) => {
      const counts = { ...(await anonymizeCustomer(tx, global, customerId)), exports: await markExportsRemoved(tx, exports) };
      await tx.privacyRequest.updateMany({ where: { id: requestId, status: "RUNNING" }, data: { status: "COMPLETED", completedAt: new Date(), error: null } });
      await audit(tx, jobActor(orgId), "gdpr.erasure.completed", { type: "PrivacyRequest", id: requestId }, { requestId, ...counts });
    }, { timeoutMs: ERASURE_TIMEOUT_MS }),
  );
}
