// Inspection photos: their rows go in photos.json, their bytes in photos/.
import type { AttachmentStorage } from "@/lib/generated/prisma/client";
import { SUBJECT_ORDERS, tableSource, type ExportRow, type ExportSection, type ExportSubject, type RowSource } from "./export-section";
import type { TenantReader } from "./tenant-reader";

const EXTENSIONS: Record<string, string> = { "image/jpeg": "jpg", "image/png": "png", "image/webp": "webp", "image/heic": "heic", "image/gif": "gif" };

/** The photo's path inside the archive: named by its attachment id, never by anything a user typed. */
export const photoPath = (id: string, contentType: string) => `photos/${id}.${EXTENSIONS[contentType] ?? "bin"}`;

const SUBJECT_PHOTOS = `t."inspectionItemId" IN (
  SELECT i.id FROM "InspectionItem" i JOIN "Inspection" n ON n."organizationId" = i."organizationId" AND n.id = i."inspectionId"
   WHERE i."organizationId" = $1 AND n."repairOrderId" IN (${SUBJECT_ORDERS}))`;

const condition = (subject: ExportSubject) => (subject.scope === "CUSTOMER" ? SUBJECT_PHOTOS : null);

const ID = "uuid: this record's id";
const CREATED = "timestamp (UTC, ISO 8601): when the record was created";

const COLUMNS = {
  id: ID, inspectionItemId: "uuid or null: the checklist item (inspections.json items)", contentType: "string: image/jpeg, image/png...",
  byteSize: "integer: size in bytes", sha256: "string: hex SHA-256 of the bytes", originalName: "string or null: the uploaded file's name",
  uploadedByUserId: "uuid", createdAt: CREATED,
};

export interface StoredPhoto {
  id: string;
  contentType: string;
  storage: AttachmentStorage;
  storageKey: string;
}

const locations = tableSource("Attachment", condition, { id: ID, contentType: "", storage: "", storageKey: "" }, undefined, { objects: true });
const rows = tableSource("Attachment", condition, COLUMNS, undefined, { objects: true });

/** The next photos' storage locations, for copying their bytes into the archive (never written to a file). */
export const storedPhotos = (reader: TenantReader, subject: ExportSubject, afterId: string | null, limit: number) =>
  locations.batch(reader, subject, afterId, limit) as unknown as Promise<StoredPhoto[]>;

export const countStoredPhotos = (reader: TenantReader, subject: ExportSubject) => rows.count(reader, subject);

const photoRows: RowSource = {
  count: countStoredPhotos,
  batch: async (reader, subject, afterId, limit) =>
    (await rows.batch(reader, subject, afterId, limit)).map((row): ExportRow => ({ ...row, file: photoPath(row.id, row.contentType as string) })),
};

/** Photo rows; the builder adds each one's bytes as photos/<id>.<extension>. */
export const PHOTOS: ExportSection = {
  file: "photos.json",
  description: "Inspection photos: each one's bytes are in photos/<id>.<extension> beside this file.",
  scopes: ["CUSTOMER", "ORGANIZATION"],
  fields: { ...COLUMNS, file: "string: the photo's path in this archive" },
  sources: [photoRows],
};
