// Inspection photos: their rows go in photos.json, their bytes in photos/.
import type { TenantTx } from "@/lib/db";
import type { AttachmentStorage } from "@/lib/generated/prisma/client";
import { subjectOrders, type ExportRow, type ExportSection, type ExportSubject, type RowSource } from "./export-section";

const EXTENSIONS: Record<string, string> = { "image/jpeg": "jpg", "image/png": "png", "image/webp": "webp", "image/heic": "heic", "image/gif": "gif" };

/** The photo's path inside the archive: named by its attachment id, never by anything a user typed. */
export const photoPath = (id: string, contentType: string) => `photos/${id}.${EXTENSIONS[contentType] ?? "bin"}`;

const where = (subject: ExportSubject) =>
  subject.scope === "CUSTOMER" ? { inspectionItem: { inspection: { repairOrder: subjectOrders(subject.customerId) } } } : {};


/** The documented fields that are columns (`file` is the archive path, added here). */
const COLUMNS = () => Object.fromEntries(Object.keys(PHOTOS.fields).filter((field) => field !== "file").map((field) => [field, true]));

export interface StoredPhoto {
  id: string;
  contentType: string;
  storage: AttachmentStorage;
  storageKey: string;
}

/** The next photos' storage locations, for copying their bytes into the archive. */
export function storedPhotos(tx: TenantTx, subject: ExportSubject, afterId: string | null, limit: number): Promise<StoredPhoto[]> {
  return tx.attachment.findMany({
    where: { AND: [where(subject), afterId ? { id: { gt: afterId } } : {}] },
    orderBy: { id: "asc" },
    take: limit,
    select: { id: true, contentType: true, storage: true, storageKey: true },
  });
}

export const countStoredPhotos = (tx: TenantTx, subject: ExportSubject) => tx.attachment.count({ where: where(subject) });

const photoRows: RowSource = {
  count: countStoredPhotos,
  batch: async (tx, subject, afterId, limit) => {
    const rows = (await tx.attachment.findMany({
      where: { AND: [where(subject), afterId ? { id: { gt: afterId } } : {}] }, orderBy: { id: "asc" }, take: limit, select: COLUMNS(),
    })) as unknown as Array<ExportRow & { contentType: string }>;
    return rows.map((row) => ({ ...row, file: photoPath(row.id, row.contentType) }));
  },
};

const ID = "uuid: this record's id";
const CREATED = "timestamp (UTC, ISO 8601): when the record was created";

/** Photo rows; the builder adds each one's bytes as photos/<id>.<extension>. */
export const PHOTOS: ExportSection = {
  file: "photos.json",
  description: "Inspection photos: each one's bytes are in photos/<id>.<extension> beside this file.",
  scopes: ["CUSTOMER", "ORGANIZATION"],
  fields: {
    id: ID, inspectionItemId: "uuid or null: the checklist item (inspections.json items)", contentType: "string: image/jpeg, image/png...",
    byteSize: "integer: size in bytes", sha256: "string: hex SHA-256 of the bytes", originalName: "string or null: the uploaded file's name",
    uploadedByUserId: "uuid", createdAt: CREATED, file: "string: the photo's path in this archive",
  },
  sources: [photoRows],
};

