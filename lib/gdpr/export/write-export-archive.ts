// Writes one export as a ZIP of JSON files onto a byte sink. Rows are read in
// keyset-paginated batches, each in its own short tenant transaction, and
// written one element at a time, so memory holds one batch however large the
// workshop. metadata.json goes last: it lists every file with its row count
// and SHA-256, which are known only once the file is written.
import { createHash } from "node:crypto";
import { log } from "@/lib/log/logger";
import { storeFor } from "@/lib/storage/attachment-store";
import { NESTED_COUNTS, ROW_JSON, type ExportRow, type ExportSection, type ExportSubject } from "./export-section";
import { countStoredPhotos, photoPath, storedPhotos, type StoredPhoto } from "./export-photos";
import { sectionsFor } from "./export-sections";
import { exportSchema } from "./export-schema";
import { collectWhenGrown } from "./heap-collector";
import { openTenantReaders, type TenantReaders } from "./tenant-reader";
import { ZipWriter, type ByteSink, type ZipEntryWriter } from "./zip-writer";

export const EXPORT_BATCH_ROWS = 2_000;
const PHOTO_BATCH = 50;
const FLUSH_CHARS = 64 * 1024;
/** heap growth that triggers a full collection (lib/gdpr/export/heap-collector.ts) */
const COLLECT_AFTER_GROWTH = 24 * 1024 * 1024;

export interface ExportedFile {
  file: string;
  /** top-level records in a JSON file; null for a photo */
  rows: number | null;
  /** records nested in them (a repair order's jobs and lines), by list name */
  nestedRows?: Record<string, number>;
  byteSize: number;
  sha256: string;
}

export interface ArchiveHeader {
  requestId: string;
  workshop: { id: string; name: string; slug: string; country: string; currency: string; timezone: string };
  subject: ExportSubject;
  generatedAt: Date;
  version: string;
}

export interface ArchiveSummary {
  files: ExportedFile[];
  /** every record written: top-level and nested, plus photos */
  records: number;
  missingPhotos: string[];
}

/** Text into one ZIP entry, in chunks, with the entry's own SHA-256 and size. */
class TextEntry {
  private parts: string[] = [];
  private chars = 0;
  private readonly hash = createHash("sha256");
  private bytes = 0;

  constructor(private readonly entry: ZipEntryWriter) {}

  async add(text: string) {
    this.parts.push(text);
    this.chars += text.length;
    if (this.chars >= FLUSH_CHARS) await this.flush();
  }

  async addBytes(bytes: Buffer) {
    await this.flush();
    this.hash.update(bytes);
    this.bytes += bytes.length;
    await this.entry.write(bytes);
  }

  private async flush() {
    if (!this.parts.length) return;
    const chunk = Buffer.from(this.parts.join(""), "utf8");
    this.parts = [];
    this.chars = 0;
    this.hash.update(chunk);
    this.bytes += chunk.length;
    await this.entry.write(chunk);
  }

  async close(): Promise<{ byteSize: number; sha256: string }> {
    await this.flush();
    await this.entry.end();
    return { byteSize: this.bytes, sha256: this.hash.digest("hex") };
  }
}

export interface Progress {
  /** counted up front (rows of every file plus photos); called after every batch */
  report(done: number, total: number): Promise<void>;
}

async function countAll(readers: TenantReaders, subject: ExportSubject, sections: readonly ExportSection[]) {
  return readers.read(async (reader) => {
    let total = 0;
    for (const section of sections) for (const source of section.sources) total += await source.count(reader, subject);
    // and each photo's bytes once more
    return total + (await countStoredPhotos(reader, subject));
  });
}

async function writeSection(
  zip: ZipWriter, readers: TenantReaders, subject: ExportSubject, section: ExportSection, onBatch: (rows: number) => Promise<void>, collectGarbage: () => void,
): Promise<{ file: ExportedFile; records: number }> {
  const text = new TextEntry(zip.startEntry(section.file));
  let rows = 0;
  let records = 0;
  const nestedRows: Record<string, number> = {};
  await text.add("[");
  for (const source of section.sources) {
    let afterId: string | null = null;
    for (;;) {
      const after: string | null = afterId;
      const batch: ExportRow[] = await readers.read((reader) => source.batch(reader, subject, after, EXPORT_BATCH_ROWS));
      // Copied out of the JS heap at once: the batch's strings die young, and the heap stays flat however long the export.
      const encoded = Buffer.concat(batch.map((row, i) => Buffer.from(`${rows + i === 0 ? "\n" : ",\n"}${row[ROW_JSON] ?? JSON.stringify(row)}`, "utf8")));
      rows += batch.length;
      records += batch.length;
      for (const [list, count] of Object.entries(batch[0]?.[NESTED_COUNTS] ?? {})) {
        nestedRows[list] = (nestedRows[list] ?? 0) + count;
        records += count;
      }
      afterId = batch.length < EXPORT_BATCH_ROWS ? null : batch[batch.length - 1]!.id;
      await text.addBytes(encoded);
      collectGarbage();
      if (batch.length) await onBatch(batch.length);
      if (!afterId) break;
    }
  }
  await text.add(rows ? "\n]\n" : "]\n");
  const written = await text.close();
  return { file: { file: section.file, rows, ...(section.nested ? { nestedRows } : {}), ...written }, records };
}

async function writePhotos(zip: ZipWriter, readers: TenantReaders, subject: ExportSubject, onBatch: (photos: number) => Promise<void>) {
  const files: ExportedFile[] = [];
  const missing: string[] = [];
  let afterId: string | null = null;
  for (;;) {
    const after: string | null = afterId;
    const batch: StoredPhoto[] = await readers.read((reader) => storedPhotos(reader, subject, after, PHOTO_BATCH));
    for (const photo of batch) {
      const bytes = await storeFor(photo.storage).get(photo.storageKey);
      if (!bytes) {
        // Said in metadata.json rather than failing the whole export over one lost file.
        log.error({ event: "export_photo_missing", attachmentId: photo.id }, "a photo's bytes are missing from the store");
        missing.push(photo.id);
        continue;
      }
      const file = photoPath(photo.id, photo.contentType);
      await zip.addBytes(file, bytes);
      files.push({ file, rows: null, byteSize: bytes.length, sha256: createHash("sha256").update(bytes).digest("hex") });
    }
    if (batch.length) await onBatch(batch.length);
    if (batch.length < PHOTO_BATCH) break;
    afterId = batch[batch.length - 1]!.id;
  }
  return { files, missing };
}

async function writeJson(zip: ZipWriter, file: string, value: unknown): Promise<ExportedFile> {
  const text = new TextEntry(zip.startEntry(file));
  await text.add(`${JSON.stringify(value, null, 2)}\n`);
  return { file, rows: null, ...(await text.close()) };
}

export async function writeExportArchive(sink: ByteSink, header: ArchiveHeader, progress: Progress): Promise<ArchiveSummary> {
  const readers = openTenantReaders(header.workshop.id);
  try {
    return await writeArchive(readers, sink, header, progress);
  } finally {
    await readers.close();
  }
}

async function writeArchive(readers: TenantReaders, sink: ByteSink, header: ArchiveHeader, progress: Progress): Promise<ArchiveSummary> {
  const sections = sectionsFor(header.subject);
  const total = await countAll(readers, header.subject, sections);
  let done = 0;
  await progress.report(0, total);
  const advance = async (count: number) => {
    done += count;
    await progress.report(Math.min(done, total), total);
  };

  const zip = new ZipWriter(sink, header.generatedAt);
  const collectGarbage = collectWhenGrown(COLLECT_AFTER_GROWTH);
  const files: ExportedFile[] = [];
  let records = 0;
  for (const section of sections) {
    const written = await writeSection(zip, readers, header.subject, section, advance, collectGarbage);
    files.push(written.file);
    records += written.records;
  }
  const photos = await writePhotos(zip, readers, header.subject, advance);
  files.push(...photos.files);
  records += photos.files.length;
  files.push(await writeJson(zip, "schema.json", exportSchema(sections)));

  await writeJson(zip, "metadata.json", {
    format: "AWMS data export",
    formatVersion: 1,
    awmsVersion: header.version,
    requestId: header.requestId,
    generatedAt: header.generatedAt.toISOString(),
    workshop: header.workshop,
    scope: header.subject.scope,
    subject: header.subject.scope === "CUSTOMER" ? { type: "Customer", id: header.subject.customerId } : { type: "Organization", id: header.workshop.id },
    legalBasis: "GDPR Art. 15 (right of access) and Art. 20 (data portability)",
    files,
    missingPhotos: photos.missing,
  });
  await zip.finish();
  return { files, records, missingPhotos: photos.missing };
}
