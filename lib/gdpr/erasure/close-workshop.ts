import { audit } from "@/lib/audit/audit";
import { withTenant } from "@/lib/db";
import { storeFor } from "@/lib/storage/attachment-store";
import { anonymizeCustomer, type AnonymizedCounts } from "./anonymize-customer";
import { cancelWorkshopSubscriptions } from "./cancel-subscription";
import { jobActor, step } from "./erasure-run";
import { deleteExportFiles, markExportsRemoved } from "./remove-exports";

const CLOSURE_TIMEOUT_MS = 900_000;
const OUTBOX_CHUNK = 500;

/**
 * Runs a claimed (RUNNING) closure. Each step can be repeated after a failure:
 * Stripe is asked what is still live, deleted files (photos, exports) stay deleted, and the
 * database work is one transaction that either happened or did not.
 *
 * Kept: the invoices and credit notes with their payments, and the rows their
 * foreign keys need (repair order, vehicle, bill-to and order customers), all
 * anonymized; the privacy requests; the audit log (append-only, and once every
 * customer's key is shredded it holds no customer's personal data); the
 * Organization row, marked closed, so its slug stays taken and nobody opens it.
 * Everything else of the workshop is deleted by gdpr_close_workshop_purge.
 */
export async function closeWorkshop(orgId: string, requestId: string): Promise<void> {
  const subscriptions = await step("Stripe did not cancel the workshop's subscription.", () => cancelWorkshopSubscriptions(orgId));
  const photos = await withTenant(orgId, (tx) => tx.attachment.findMany({ select: { storage: true, storageKey: true } }));
  await step("Deleting the workshop's photos from the file store failed.", async () => {
    for (const photo of photos) await storeFor(photo.storage).delete(photo.storageKey);
  });
  const exports = await step("Deleting the workshop's exports from the file store failed.", () => withTenant(orgId, (tx) => deleteExportFiles(tx, null)));
  await step("The database refused to empty the workshop.", () =>
    withTenant(orgId, async (tx, global) => {
      const customers = await tx.customer.findMany({ select: { email: true } });
      const contacts = await tx.customerContact.findMany({ select: { email: true } });
      const emails = [...new Set([...customers, ...contacts].map((row) => row.email?.toLowerCase()).filter((email): email is string => Boolean(email)))];
      let outboxEmails = 0;
      for (let start = 0; start < emails.length; start += OUTBOX_CHUNK) {
        const chunk = emails.slice(start, start + OUTBOX_CHUNK);
        outboxEmails += (await global.outboxEmail.deleteMany({ where: { to: { in: chunk, mode: "insensitive" } } })).count;
      }

      const [purge] = await tx.$queryRaw<Array<{ removed: number }>>`SELECT gdpr_close_workshop_purge(${orgId}::uuid) AS removed`;
      const kept = await tx.customer.findMany({ select: { id: true } });
      const totals: Partial<AnonymizedCounts> = {};
      for (const customer of kept) {
        const counts = await anonymizeCustomer(tx, global, customer.id);
        for (const [key, value] of Object.entries(counts) as Array<[keyof AnonymizedCounts, number]>) totals[key] = (totals[key] ?? 0) + value;
      }
      // A customer's own erasure still waiting is done by this one.
      const subsumed = await tx.privacyRequest.updateMany({
        where: { kind: "ERASURE", scope: "CUSTOMER", status: { in: ["SCHEDULED", "RUNNING", "FAILED"] } },
        data: { status: "COMPLETED", completedAt: new Date(), error: null },
      });
      const exportsRemoved = await markExportsRemoved(tx, exports);
      const now = new Date();
      await global.organization.update({ where: { id: orgId }, data: { closedAt: now, onlineBookingEnabled: false } });
      await tx.privacyRequest.updateMany({ where: { id: requestId, status: "RUNNING" }, data: { status: "COMPLETED", completedAt: now, error: null } });
      await audit(tx, jobActor(orgId), "organization.closure.completed", { type: "PrivacyRequest", id: requestId }, {
        requestId, rowsDeleted: Number(purge?.removed ?? 0), customersAnonymized: kept.length, customerErasuresSubsumed: subsumed.count,
        subscriptionsCancelled: subscriptions, photosDeleted: photos.length, outboxEmails: outboxEmails + (totals.outboxEmails ?? 0),
        invoicesAnonymized: totals.invoices ?? 0, exportsRemoved,
      });
    }, { timeoutMs: CLOSURE_TIMEOUT_MS }),
  );
}
