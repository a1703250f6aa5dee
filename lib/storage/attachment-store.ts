import path from "node:path";
import { serverEnv } from "@/lib/env";
import type { AttachmentStorage } from "@/lib/generated/prisma/client";
import { DiskStore } from "./disk-store";
import { S3Store } from "./s3-store";

/** Where a photo's bytes live. The database keeps only the key, size, type and hash. */
export interface AttachmentStore {
  readonly kind: AttachmentStorage;
  put(key: string, bytes: Uint8Array, contentType: string): Promise<void>;
  /** null when there is no such object */
  get(key: string): Promise<Buffer | null>;
  /** deleting an object that is not there is not an error */
  delete(key: string): Promise<void>;
}

function s3Store(): S3Store | null {
  const env = serverEnv();
  // lib/env refuses a partial S3 configuration, so one variable decides.
  if (!env.S3_ENDPOINT || !env.S3_BUCKET || !env.S3_ACCESS_KEY_ID || !env.S3_SECRET_ACCESS_KEY || !env.S3_REGION) return null;
  return new S3Store({
    endpoint: env.S3_ENDPOINT, bucket: env.S3_BUCKET, accessKeyId: env.S3_ACCESS_KEY_ID, secretAccessKey: env.S3_SECRET_ACCESS_KEY, region: env.S3_REGION,
  });
}

export function attachmentsDir(): string {
  const env = serverEnv();
  return path.resolve(env.ATTACHMENTS_DIR ?? path.join(env.AWMS_DATA_DIR, "attachments"));
}

/** The store new uploads go to: S3 when configured, the attachments folder otherwise. */
export function attachmentStore(): AttachmentStore {
  return s3Store() ?? new DiskStore(attachmentsDir());
}

/** The store an existing attachment was written to (its row says which). */
export function storeFor(kind: AttachmentStorage): AttachmentStore {
  if (kind === "DISK") return new DiskStore(attachmentsDir());
  const s3 = s3Store();
  if (!s3) throw new Error("an attachment is stored in S3 but S3_* is not configured");
  return s3;
}
