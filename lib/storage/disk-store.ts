import { randomBytes } from "node:crypto";
import { mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import type { AttachmentStore } from "./attachment-store";
import { assertStorageKey } from "./storage-key";

/** Photos as files under one folder: `<folder>/<workshop id>/<random>`. */
export class DiskStore implements AttachmentStore {
  readonly kind = "DISK" as const;

  constructor(private readonly root: string) {}

  private fileOf(key: string): string {
    assertStorageKey(key);
    return path.join(this.root, ...key.split("/"));
  }

  async put(key: string, bytes: Uint8Array): Promise<void> {
    const file = this.fileOf(key);
    await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
    // Written aside and renamed: a reader never sees half a photo.
    const partial = `${file}.${randomBytes(6).toString("hex")}.part`;
    try {
      await writeFile(partial, bytes, { flag: "wx", mode: 0o600 });
      await rename(partial, file);
    } catch (error) {
      await rm(partial, { force: true });
      throw error;
    }
  }

  async get(key: string): Promise<Buffer | null> {
    try {
      return await readFile(this.fileOf(key));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    await rm(this.fileOf(key), { force: true });
  }
}
