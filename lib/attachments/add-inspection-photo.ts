import { createHash } from "node:crypto";
import { audit } from "@/lib/audit/audit";
import { assertQuota, withQuotaAudit } from "@/lib/billing/quota";
import { withTenant } from "@/lib/db";
import { serverEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { assertOpen, visibleItem } from "@/lib/inspections/inspection-access";
import { log } from "@/lib/log/logger";
import { actorOf, type OrgContext } from "@/lib/org/context";
import { authorize } from "@/lib/rbac";
import { attachmentStore } from "@/lib/storage/attachment-store";
import { newStorageKey } from "@/lib/storage/storage-key";
import { sniffPhotoType } from "./photo-type";

export interface PhotoUpload {
  inspectionItemId: string;
  bytes: Uint8Array;
  /** the phone's file name, kept only as a label; never part of the storage key */
  originalName?: string | null;
}

const size = (bytes: number) =>
  bytes >= 1024 ** 2 ? `${(Math.round((bytes * 10) / 1024 ** 2) / 10).toLocaleString("en-GB")} MB` : `${Math.floor(bytes / 1024)} KB`;

export function photoTooLarge(max = serverEnv().ATTACHMENT_MAX_BYTES) {
  return new AppError("VALIDATION_FAILED", `Photos can be up to ${size(max)}.`, { fields: { photo: `Photos can be up to ${size(max)}.` } });
}

const refuse = (message: string) => new AppError("VALIDATION_FAILED", message, { fields: { photo: message } });

/**
 * Adds a photo to an inspection item. Checked before anything is stored: the
 * item is one the member may see on an open inspection, the size, and the real
 * type by its first bytes. The bytes go to the store first, then the row is
 * written in one transaction with the storage quota check; if that
 * transaction fails the object is deleted, so nothing is left behind.
 */
export async function addInspectionPhoto(ctx: OrgContext, upload: PhotoUpload) {
  await authorize(ctx, "inspection.update");
  const { bytes } = upload;
  if (bytes.byteLength === 0) throw refuse("Choose a photo.");
  if (bytes.byteLength > serverEnv().ATTACHMENT_MAX_BYTES) throw photoTooLarge();
  const contentType = sniffPhotoType(bytes);
  if (!contentType) throw refuse("That file is not a photo. Upload a JPEG, PNG, WebP or HEIC picture.");
  await withTenant(ctx.orgId, async (tx) => assertOpen(tx, ctx.orgId, (await visibleItem(tx, ctx, upload.inspectionItemId)).inspectionId));

  const store = attachmentStore();
  const storageKey = newStorageKey(ctx.orgId);
  await store.put(storageKey, bytes, contentType);
  try {
    return await withQuotaAudit(ctx, () =>
      withTenant(ctx.orgId, async (tx) => {
        const item = await visibleItem(tx, ctx, upload.inspectionItemId);
        await assertOpen(tx, ctx.orgId, item.inspectionId);
        await assertQuota(tx, "storageBytes", bytes.byteLength);
        const attachment = await tx.attachment.create({
          data: {
            organizationId: ctx.orgId, inspectionItemId: item.id, storage: store.kind, storageKey, contentType,
            byteSize: bytes.byteLength, sha256: createHash("sha256").update(bytes).digest("hex"),
            originalName: upload.originalName?.replace(/[^\p{L}\p{N} ._()-]/gu, "").slice(0, 200) || null, uploadedByUserId: ctx.userId,
          },
        });
        await audit(tx, actorOf(ctx), "attachment.create", { type: "Attachment", id: attachment.id }, {
          inspectionItemId: item.id, contentType, byteSize: attachment.byteSize,
        });
        return attachment;
      }),
    );
  } catch (error) {
    await store.delete(storageKey).catch((cause: unknown) =>
      log.error({ event: "attachment_orphaned", storageKey, error: (cause as Error)?.message }, "could not delete a refused photo's bytes"),
    );
    throw error;
  }
}
