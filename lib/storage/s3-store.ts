import { createHash } from "node:crypto";
import type { AttachmentStore } from "./attachment-store";
import { EMPTY_SHA256, encodePath, signV4, type SigV4Credentials } from "./sigv4";
import { assertStorageKey } from "./storage-key";

export interface S3Config {
  endpoint: string;
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
  region: string;
}

const TIMEOUT_MS = 30_000;

/**
 * Photos in an S3-compatible store (AWS, MinIO, R2, Ceph...), addressed
 * path-style (`<endpoint>/<bucket>/<key>`), which every such store accepts.
 */
export class S3Store implements AttachmentStore {
  readonly kind = "S3" as const;
  private readonly base: URL;
  private readonly credentials: SigV4Credentials;

  constructor(private readonly config: S3Config) {
    this.base = new URL(config.endpoint);
    this.credentials = { accessKeyId: config.accessKeyId, secretAccessKey: config.secretAccessKey, region: config.region, service: "s3" };
  }

  private async send(method: "PUT" | "GET" | "DELETE", key: string, body?: Uint8Array, contentType?: string): Promise<Response> {
    assertStorageKey(key);
    const prefix = this.base.pathname.replace(/\/+$/, "");
    const path = `${prefix}/${this.config.bucket}/${key}`;
    const headers = signV4(
      {
        method, host: this.base.host, path,
        headers: contentType ? { "content-type": contentType } : {},
        payloadSha256: body ? createHash("sha256").update(body).digest("hex") : EMPTY_SHA256,
      },
      this.credentials,
      new Date(),
    );
    return fetch(`${this.base.protocol}//${this.base.host}${encodePath(path)}`, {
      method, headers, body: body ? new Uint8Array(body) : undefined, signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  }

  private static async fail(action: string, response: Response): Promise<never> {
    // The store's XML error names the problem (AccessDenied, NoSuchBucket...); never the credentials.
    const detail = (await response.text().catch(() => "")).match(/<Code>([^<]{1,100})<\/Code>/)?.[1] ?? "";
    throw new Error(`S3 ${action} failed: ${response.status} ${detail}`.trim());
  }

  async put(key: string, bytes: Uint8Array, contentType: string): Promise<void> {
    const response = await this.send("PUT", key, bytes, contentType);
    if (!response.ok) await S3Store.fail("put", response);
    await response.body?.cancel();
  }

  async get(key: string): Promise<Buffer | null> {
    const response = await this.send("GET", key);
    if (response.status === 404) {
      await response.body?.cancel();
      return null;
    }
    if (!response.ok) await S3Store.fail("get", response);
    return Buffer.from(await response.arrayBuffer());
  }

  async delete(key: string): Promise<void> {
    const response = await this.send("DELETE", key);
    if (!response.ok && response.status !== 404) await S3Store.fail("delete", response);
    await response.body?.cancel();
  }
}
