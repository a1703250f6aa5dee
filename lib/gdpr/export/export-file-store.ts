// Where finished export ZIPs live: beside the photos, in the attachments folder
// (exports/<workshop>/<request>.zip) or in the same S3 bucket under the same
// key. Unlike a photo, an export may be gigabytes: it is written to a local
// file first and moved or uploaded as a stream, and read back as a stream;
// nothing holds the whole file in memory.
import { createReadStream } from "node:fs";
import { mkdir, rename, rm } from "node:fs/promises";
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

export interface ExportFileStore {
  /** a folder for the file being built: on the same file system as the final place, so saving is a rename */
  scratchDir(key: string): Promise<string>;
  /** takes over the finished local file (it is gone afterwards) */
  save(key: string, localFile: string, file: { sha256: string; byteSize: number }): Promise<void>;
  /** null when there is no such file */
  open(key: string): Promise<ReadableStream<Uint8Array> | null>;
  /** deleting a file that is not there is not an error */
  delete(key: string): Promise<void>;
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
