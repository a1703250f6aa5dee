import { withApprovalLink, isWellFormedLink } from "@/lib/approvals/approval-link";
import type { RequestOrigin } from "@/lib/audit/audit-user-event";
import { consumeAttempt, refundAttempt } from "@/lib/auth/throttle";
import { hashToken } from "@/lib/auth/tokens";
import { withTenant } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { AttachmentStorage } from "@/lib/generated/prisma/client";
import { isUuid } from "@/lib/ids";
import { log } from "@/lib/log/logger";
import type { OrgContext } from "@/lib/org/context";
import { authorize } from "@/lib/rbac";
import { visibleTo } from "@/lib/repair-orders/visibility";
import { storeFor } from "@/lib/storage/attachment-store";
import { photoNotFound } from "./remove-inspection-photo";

export interface Photo {
  bytes: Buffer;
  contentType: string;
  sha256: string;
}

async function load(row: { storage: AttachmentStorage; storageKey: string; contentType: string; sha256: string }): Promise<Photo> {
  const bytes = await storeFor(row.storage).get(row.storageKey);
  if (!bytes) {
    log.error({ event: "attachment_missing", storageKey: row.storageKey }, "a photo's row exists but its bytes do not");
    throw photoNotFound();
  }
  return { bytes, contentType: row.contentType, sha256: row.sha256 };
}

/** A photo for a member who may see its repair order (a technician: only their own work). */
export async function memberPhoto(ctx: OrgContext, attachmentId: string): Promise<Photo> {
  await authorize(ctx, "inspection.read");
  const row = isUuid(attachmentId)
    ? await withTenant(ctx.orgId, (tx) =>
        tx.attachment.findFirst({ where: { id: attachmentId, inspectionItem: { inspection: { repairOrder: visibleTo(ctx) } } } }),
      )
    : null;
  if (!row) throw photoNotFound();
  return load(row);
}

/**
 * A photo for the holder of a valid estimate link, and only one from a
 * completed inspection of that link's repair order. Every refusal is the same
 * "not found". Each request takes a point of the estimate page's per-address
 * limit and a photo served gives it back, so a customer scrolling through
 * photos is never limited while a token guesser is.
 */
export async function customerPhoto(orgSlug: string, token: string, attachmentId: string, origin: RequestOrigin): Promise<Photo> {
  if (!isWellFormedLink(orgSlug, token) || !isUuid(attachmentId)) throw photoNotFound();
  // Keyed as the estimate page keys it (lib/approvals/customer-estimate.ts).
  const ip = origin.ip ?? "unidentified";
  const attempt = { estimateIp: ip === "unidentified" ? `${ip}:${hashToken(token).slice(0, 32)}` : ip };
  await consumeAttempt(attempt);
  try {
    const row = await withApprovalLink(orgSlug, token, (tx, link) =>
      tx.attachment.findFirst({ where: { id: attachmentId, inspectionItem: { inspection: { repairOrderId: link.repairOrderId, status: "COMPLETED" } } } }),
    );
    if (!row) throw photoNotFound();
    const photo = await load(row);
    await refundAttempt(attempt);
    return photo;
  } catch (error) {
    // A spent, expired or revoked link shows no photos; why is the estimate page's to say.
    if (error instanceof AppError && error.code !== "RATE_LIMITED") throw photoNotFound();
    throw error;
  }
}
