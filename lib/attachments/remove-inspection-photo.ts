import { audit } from "@/lib/audit/audit";
import { withTenant } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { isUuid } from "@/lib/ids";
import { assertOpen } from "@/lib/inspections/inspection-access";
import { log } from "@/lib/log/logger";
import { actorOf, type OrgContext } from "@/lib/org/context";
import { authorize } from "@/lib/rbac";
import { visibleTo } from "@/lib/repair-orders/visibility";
import { storeFor } from "@/lib/storage/attachment-store";

export const photoNotFound = () => new AppError("NOT_FOUND", "That photo was not found.");

/**
 * Takes a wrong photo back while the inspection is open. The row goes in the
 * transaction, then the object: a failure in between leaves an unreferenced
 * object (logged), never a row pointing at nothing.
 */
export async function removeInspectionPhoto(ctx: OrgContext, attachmentId: string) {
  await authorize(ctx, "inspection.update");
  const removed = await withTenant(ctx.orgId, async (tx) => {
    const attachment = isUuid(attachmentId)
      ? await tx.attachment.findFirst({
          where: { id: attachmentId, inspectionItem: { inspection: { repairOrder: visibleTo(ctx) } } },
          include: { inspectionItem: { select: { inspectionId: true } } },
        })
      : null;
    if (!attachment?.inspectionItem) throw photoNotFound();
    await assertOpen(tx, ctx.orgId, attachment.inspectionItem.inspectionId);
    await tx.attachment.delete({ where: { organizationId_id: { organizationId: ctx.orgId, id: attachment.id } } });
    await audit(tx, actorOf(ctx), "attachment.delete", { type: "Attachment", id: attachment.id }, {
      inspectionItemId: attachment.inspectionItemId, byteSize: attachment.byteSize,
    });
    return attachment;
  });
  await storeFor(removed.storage).delete(removed.storageKey).catch((cause: unknown) =>
    log.error({ event: "attachment_orphaned", storageKey: removed.storageKey, error: (cause as Error)?.message }, "could not delete a removed photo's bytes"),
  );
}
