import { randomBytes } from "node:crypto";
import { mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { AppError } from "@/lib/errors";
import type { AttachmentStore } from "./attachment-store";
import { assertStorageKey } from "./storage-key";

const isDiskFull = (error: unknown) => ["ENOSPC", "EDQUOT"].includes((error as NodeJS.ErrnoException)?.code ?? "");

/** A full disk is the server's problem, not the upload's: 503, and the same upload works once there is room. */
const diskFull = (cause: unknown) =>
  new AppError("SERVICE_UNAVAILABLE", "There is no room to store the file on the server right now. Nothing was saved; try again later.", { cause, internal: "attachments disk full" });

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
    // Written aside and renamed: a reader never sees half a photo.
    const partial = `${file}.${randomBytes(6).toString("hex")}.part`;
    try {
      await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
      await writeFile(partial, bytes, { flag: "wx", mode: 0o600 });
      await rename(partial, file);
    } catch (error) {
      await rm(partial, { force: true });
      throw isDiskFull(error) ? diskFull(error) : error;
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
