// Where finished export ZIPs live: beside the photos, in the attachments folder
// (exports/<workshop>/<request>.zip) or in the same S3 bucket under the same
// key. Unlike a photo, an export may be gigabytes: it is written to a local
// file first and moved or uploaded as a stream, and read back as a stream;
// nothing holds the whole file in memory.
import { createReadStream } from "node:fs";
import { mkdir, readdir, rename, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { serverEnv } from "@/lib/env";
import { attachmentsDir } from "@/lib/storage/attachment-store";
import { encodePath, signV4, EMPTY_SHA256 } from "@/lib/storage/sigv4";

const KEY = /^exports\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\.zip$/;

export const exportFileKey = (orgId: string, requestId: string) => `exports/${orgId.toLowerCase()}/${requestId.toLowerCase()}.zip`;

function assertExportKey(key: string) {
  if (!KEY.test(key)) throw new Error("not an export file key");
}

/** A ZIP being written by run-export (`<request>.<random>.part`): finished ones are renamed or uploaded, so one left over is a dead worker's. */
const PART = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\.[0-9a-f]{12}\.part$/;

/**
 * A worker killed mid-export leaves its half-written ZIP behind, and it holds
 * personal data like a finished one. A live export writes every batch, so a
 * part file untouched for longer than the export job may run is abandoned.
 */
export const ABANDONED_PART_MS = 4 * 3_600_000;

async function removeStaleParts(dir: string, before: Date): Promise<number> {
  const names = await readdir(dir).catch(() => [] as string[]);
  let removed = 0;
  for (const name of names.filter((entry) => PART.test(entry))) {
    const file = path.join(dir, name);
    const info = await stat(file).catch(() => null);
    if (!info?.isFile() || info.mtime >= before) continue;
    await rm(file, { force: true });
    removed += 1;
  }
  return removed;
}

export interface ExportFileStore {
  /** a folder for the file being built: on the same file system as the final place, so saving is a rename */
  scratchDir(key: string): Promise<string>;
  /** takes over the finished local file (it is gone afterwards) */
  save(key: string, localFile: string, file: { sha256: string; byteSize: number }): Promise<void>;
  /** null when there is no such file */
  open(key: string): Promise<ReadableStream<Uint8Array> | null>;
  /** deleting a file that is not there is not an error */
  delete(key: string): Promise<void>;
  /** deletes this workshop's half-written exports last written before `before` (see ABANDONED_PART_MS) */
  removeAbandoned(orgId: string, before: Date): Promise<number>;
}

class DiskExportStore implements ExportFileStore {
  constructor(private readonly root: string) {}

  private fileOf(key: string) {
    assertExportKey(key);
    return path.join(this.root, ...key.split("/"));
  }

  async scratchDir(key: string) {
    const dir = path.dirname(this.fileOf(key));
    await mkdir(dir, { recursive: true, mode: 0o700 });
    return dir;
  }

  async save(key: string, localFile: string) {
    await rename(localFile, this.fileOf(key));
  }

  async open(key: string): Promise<ReadableStream<Uint8Array> | null> {
    const stream = createReadStream(this.fileOf(key));
    try {
      await new Promise<void>((resolve, reject) => {
        stream.once("open", () => resolve());
        stream.once("error", reject);
      });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
      throw error;
    }
    return Readable.toWeb(stream) as ReadableStream<Uint8Array>;
  }

  async delete(key: string) {
    await rm(this.fileOf(key), { force: true });
  }

  async removeAbandoned(orgId: string, before: Date) {
    // The folder of the workshop's finished exports, through the same key check as every other path here.
    return removeStaleParts(path.dirname(this.fileOf(exportFileKey(orgId, "00000000-0000-0000-0000-000000000000"))), before);
  }
}

interface S3Settings {
  endpoint: string;
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
  region: string;
}

/** The photos' bucket (lib/storage/s3-store.ts), with streamed bodies both ways. */
class S3ExportStore implements ExportFileStore {
  private readonly base: URL;

  constructor(private readonly settings: S3Settings) {
    this.base = new URL(settings.endpoint);
  }

  private request(method: "PUT" | "GET" | "DELETE", key: string, payload: { sha256: string; byteSize: number } | null) {
    assertExportKey(key);
    const objectPath = `${this.base.pathname.replace(/\/+$/, "")}/${this.settings.bucket}/${key}`;
    const headers = signV4(
      {
        method, host: this.base.host, path: objectPath,
        headers: payload ? { "content-type": "application/zip", "content-length": String(payload.byteSize) } : {},
        payloadSha256: payload?.sha256 ?? EMPTY_SHA256,
      },
      { accessKeyId: this.settings.accessKeyId, secretAccessKey: this.settings.secretAccessKey, region: this.settings.region, service: "s3" },
      new Date(),
    );
    return { url: `${this.base.protocol}//${this.base.host}${encodePath(objectPath)}`, headers };
  }

  async scratchDir() {
    return tmpdir();
  }

  /** Parts are built in the shared temporary folder, not named by workshop: any abandoned one goes. */
  async removeAbandoned(_orgId: string, before: Date) {
    return removeStaleParts(tmpdir(), before);
  }

  async save(key: string, localFile: string, file: { sha256: string; byteSize: number }) {
    const { url, headers } = this.request("PUT", key, file);
    try {
      const response = await fetch(url, {
        method: "PUT", headers, body: Readable.toWeb(createReadStream(localFile)) as ReadableStream<Uint8Array>,
        duplex: "half", signal: AbortSignal.timeout(30 * 60_000),
      } as RequestInit & { duplex: "half" });
      if (!response.ok) throw new Error(`S3 put of an export failed: ${response.status}`);
      await response.body?.cancel();
    } finally {
      await rm(localFile, { force: true });
    }
  }

  async open(key: string): Promise<ReadableStream<Uint8Array> | null> {
    const { url, headers } = this.request("GET", key, null);
    const response = await fetch(url, { headers });
    if (response.status === 404) {
      await response.body?.cancel();
      return null;
    }
    if (!response.ok || !response.body) throw new Error(`S3 get of an export failed: ${response.status}`);
    return response.body;
  }

  async delete(key: string) {
    const { url, headers } = this.request("DELETE", key, null);
    const response = await fetch(url, { method: "DELETE", headers, signal: AbortSignal.timeout(30_000) });
    if (!response.ok && response.status !== 404) throw new Error(`S3 delete of an export failed: ${response.status}`);
    await response.body?.cancel();
  }
}

/** S3 when the photos go there (lib/env refuses a partial S3 configuration), the attachments folder otherwise. */
export function exportFileStore(): ExportFileStore {
  const env = serverEnv();
  if (env.S3_ENDPOINT && env.S3_BUCKET && env.S3_ACCESS_KEY_ID && env.S3_SECRET_ACCESS_KEY && env.S3_REGION) {
    return new S3ExportStore({ endpoint: env.S3_ENDPOINT, bucket: env.S3_BUCKET, accessKeyId: env.S3_ACCESS_KEY_ID, secretAccessKey: env.S3_SECRET_ACCESS_KEY, region: env.S3_REGION });
  }
  return new DiskExportStore(attachmentsDir());
}
