// The checks that keep a photo upload honest before anything is stored: its
// real type, the key it is stored under, and a complete S3 configuration.
import { mkdtemp, readdir, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { sniffPhotoType } from "@/lib/attachments/photo-type";
import { EnvError, parseServerEnv } from "@/lib/env";
import type { AttachmentStore } from "@/lib/storage/attachment-store";
import { DiskStore } from "@/lib/storage/disk-store";
import { assertStorageKey, newStorageKey } from "@/lib/storage/storage-key";

const bytes = (...parts: Array<string | number[]>) => Buffer.concat(parts.map((part) => (typeof part === "string" ? Buffer.from(part, "latin1") : Buffer.from(part))));
const box = (brand: string) => bytes([0, 0, 0, 24], "ftyp", brand, [0, 0, 0, 0], "mif1heic");

test("the type comes from the first bytes: JPEG, PNG, WebP, HEIC and HEIF pass; anything else is refused", () => {
  expect(sniffPhotoType(bytes([0xff, 0xd8, 0xff, 0xe0]))).toBe("image/jpeg");
  expect(sniffPhotoType(bytes([0x89], "PNG\r\n\x1a\n", [0, 0]))).toBe("image/png");
  expect(sniffPhotoType(bytes("RIFF", [1, 2, 3, 4], "WEBPVP8 "))).toBe("image/webp");
  expect(sniffPhotoType(box("heic"))).toBe("image/heic");
  expect(sniffPhotoType(box("mif1"))).toBe("image/heif");
  for (const other of [box("avif"), bytes("GIF89a"), bytes("<svg xmlns"), bytes("%PDF-1.7"), bytes("RIFF1234WAVE"), bytes([0xff, 0xd8]), bytes("")]) {
    expect(sniffPhotoType(other)).toBeNull();
  }
});

test("storage keys are random under the workshop's prefix, and a store refuses any other shape", async () => {
  const orgId = "0190f7a2-1111-7000-8000-000000000001";
  const key = newStorageKey(orgId);
  expect(key).toMatch(new RegExp(`^${orgId}/[0-9a-f]{32}$`));
  expect(newStorageKey(orgId)).not.toBe(key);
  for (const bad of ["../../etc/passwd", `${orgId}/../../x`, `${orgId}/IMG_0001.jpg`, "/etc/passwd", `${orgId}\\${"a".repeat(32)}`]) {
    expect(() => assertStorageKey(bad)).toThrow();
  }
  const root = await mkdtemp(path.join(os.tmpdir(), "awms-disk-"));
  try {
    // Used through the interface every caller sees (the disk ignores the content type).
    const store: AttachmentStore = new DiskStore(root);
    await expect(store.get("../../etc/passwd")).rejects.toThrow("not an attachment storage key");
    await expect(store.put("../outside", Buffer.from("x"), "image/png")).rejects.toThrow();
    await store.put(key, Buffer.from("photo"), "image/png");
    expect(await store.get(key)).toEqual(Buffer.from("photo"));
    expect(await readdir(path.join(root, orgId))).toEqual([key.split("/")[1]]); // no partial file left beside it
    await store.delete(key);
    await store.delete(key); // deleting what is gone is fine
    expect(await store.get(key)).toBeNull();
  } finally {
    await rm(root, { recursive: true, force: true });
  }
});

test("S3 is all five settings or none: half a configuration names what is missing", () => {
  const full = { S3_ENDPOINT: "https://s3.eu-west-2.amazonaws.com", S3_BUCKET: "awms-photos", S3_ACCESS_KEY_ID: "AKIA", S3_SECRET_ACCESS_KEY: "secret", S3_REGION: "eu-west-2" };
  expect(parseServerEnv(full)).toMatchObject(full);
  expect(parseServerEnv({}).S3_BUCKET).toBeUndefined();
  expect(() => parseServerEnv({ ...full, S3_REGION: "" })).toThrow(/^S3_REGION is required/);
  expect(() => parseServerEnv({ S3_BUCKET: "awms-photos" })).toThrow(EnvError);
  expect(() => parseServerEnv({ ...full, S3_BUCKET: "Not_A_Bucket" })).toThrow(/^S3_BUCKET /);
  expect(parseServerEnv({ ATTACHMENT_MAX_BYTES: "5242880" }).ATTACHMENT_MAX_BYTES).toBe(5 * 1024 * 1024);
  expect(parseServerEnv({}).ATTACHMENT_MAX_BYTES).toBe(10 * 1024 * 1024);
});
