import { createHash, randomBytes } from "node:crypto";
import { createWriteStream } from "node:fs";
import { rm } from "node:fs/promises";
import { once } from "node:events";
import path from "node:path";
import { z } from "zod";
import packageJson from "@/package.json";
import { audit } from "@/lib/audit/audit";
import { db, withTenant } from "@/lib/db";
import { log } from "@/lib/log/logger";
import { erasedMeanwhile, ErasedMeanwhileError } from "./erased-meanwhile";
import { exportFileKey, exportFileStore } from "./export-file-store";
import type { ExportSubject } from "./export-section";
import { writeExportArchive, type ArchiveSummary } from "./write-export-archive";
import { ZipLimitError, type ByteSink } from "./zip-writer";

/** How long a finished export can be downloaded before its file is removed. */
export const EXPORT_KEEP_DAYS = 7;

const ZJobData = z.object({ orgId: z.uuid(), requestId: z.uuid() });

const SYSTEM = (orgId: string) => ({ orgId, userId: null });

/** A file being written, with its running size and SHA-256. */
function fileSink(file: string) {
  const stream = createWriteStream(file, { flags: "wx", mode: 0o600 });
  const hash = createHash("sha256");
  let byteSize = 0;
  const sink: ByteSink = {
    async write(chunk) {
      hash.update(chunk);
      byteSize += chunk.length;
      if (!stream.write(chunk)) await once(stream, "drain");
    },
  };
  return {
    sink,
    async close() {
      stream.end();
      await once(stream, "close");
      return { byteSize, sha256: hash.digest("hex") };
    },
    abandon: () => stream.destroy(),
  };
}

/** What went wrong, in words for the admin: never a stack, a path or personal data. */
function failureText(error: unknown): string {
  if (error instanceof ZipLimitError) return `${error.message} Export one customer at a time instead.`;
  if (error instanceof ErasedMeanwhileError) return error.message;
  return "The export could not be built because of an error on our side. Please request it again; if it keeps failing, contact support.";
}

export interface ExportRunOptions {
  /** called with the archive's summary (the benchmark counts records) */
  onFinished?: (summary: ArchiveSummary) => void;
}

/**
 * The privacy-export job: builds the request's ZIP, stores it, and marks the
 * request READY (downloadable for EXPORT_KEEP_DAYS) or FAILED with the reason.
 * A retried job (its worker died) starts over from nothing.
 */
export async function runPrivacyExport(data: unknown, options: ExportRunOptions = {}): Promise<void> {
  const { orgId, requestId } = ZJobData.parse(data);
  const organization = await db().organization.findUnique({ where: { id: orgId }, select: { id: true, name: true, slug: true, country: true, currency: true, timezone: true } });
  if (!organization) return;
  const where = { organizationId_id: { organizationId: orgId, id: requestId } };
  const request = await withTenant(orgId, async (tx) => {
    const found = await tx.privacyRequest.findFirst({ where: { id: requestId, kind: "EXPORT", status: { in: ["QUEUED", "RUNNING"] } } });
    if (!found) return null;
    return tx.privacyRequest.update({ where, data: { status: "RUNNING", startedAt: new Date(), progressDone: 0, error: null } });
  });
  if (!request) return;

  const key = exportFileKey(orgId, requestId);
  const store = exportFileStore();
  const partial = path.join(await store.scratchDir(key), `${requestId}.${randomBytes(6).toString("hex")}.part`);
  const file = fileSink(partial);
  let saved = false;
  try {
    if (request.scope === "CUSTOMER" && !request.customerId) throw new Error("a customer export without a customer");
    const subject: ExportSubject = request.scope === "CUSTOMER" ? { scope: "CUSTOMER", customerId: request.customerId! } : { scope: "ORGANIZATION" };
    const summary = await writeExportArchive(
      file.sink,
      { requestId, workshop: organization, subject, generatedAt: new Date(), version: packageJson.version },
      {
        report: async (done, total) => {
          await withTenant(orgId, (tx) => tx.privacyRequest.update({ where, data: { progressDone: done, progressTotal: total } }));
        },
      },
    );
    const written = await file.close();
    await store.save(key, partial, written);
    saved = true;
    const expiresAt = new Date(Date.now() + EXPORT_KEEP_DAYS * 86_400_000);
    await withTenant(orgId, async (tx) => {
      if (await erasedMeanwhile(tx, request)) throw new ErasedMeanwhileError();
      await tx.privacyRequest.update({
        where, data: { status: "READY", completedAt: new Date(), fileKey: key, byteSize: BigInt(written.byteSize), sha256: written.sha256, expiresAt },
      });
      await audit(tx, SYSTEM(orgId), "gdpr.export.ready", { type: "PrivacyRequest", id: requestId }, { byteSize: written.byteSize, records: summary.records });
    });
    // An erasure that began while this one committed did not see it READY: look once more, now that it is.
    if (await withTenant(orgId, (tx) => erasedMeanwhile(tx, request))) throw new ErasedMeanwhileError();
    options.onFinished?.(summary);
  } catch (error) {
    file.abandon();
    await rm(partial, { force: true });
    if (saved) await store.delete(key);
    log.error({ event: "gdpr_export_failed", orgId, requestId, err: error }, "GDPR export failed");
    await withTenant(orgId, async (tx) => {
      await tx.privacyRequest.update({ where, data: { status: "FAILED", completedAt: new Date(), error: failureText(error), fileKey: null, expiresAt: null } });
      await audit(tx, SYSTEM(orgId), "gdpr.export.failed", { type: "PrivacyRequest", id: requestId }, {});
    });
  }
}
