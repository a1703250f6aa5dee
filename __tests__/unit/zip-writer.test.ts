// The export's streaming ZIP writer: what it writes is a ZIP any reader opens
// (checked here by the tests' own reader, CRC included, and by `unzip -t` where
// installed), and what a plain ZIP cannot hold is refused, not written corrupt.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { ZipLimitError, ZipWriter, type ByteSink } from "@/lib/gdpr/export/zip-writer";
import { unzip } from "../support/unzip";

function memorySink() {
  const chunks: Buffer[] = [];
  const sink: ByteSink = { write: async (chunk) => void chunks.push(Buffer.from(chunk)) };
  return { sink, bytes: () => Buffer.concat(chunks) };
}

function hasUnzip(): boolean {
  try {
    execFileSync("unzip", ["-v"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

test("deflated entries written piece by piece, stored photos and UTF-8 names come back byte for byte", async () => {
  const { sink, bytes } = memorySink();
  const zip = new ZipWriter(sink, new Date("2026-11-30T10:20:30Z"));
  const entry = zip.startEntry("repair-orders.json");
  const pieces = Array.from({ length: 5_000 }, (_, i) => `${i === 0 ? "[" : ","}{"id":${i},"concerns":"Grinding noise when braking ${i}"}`);
  for (const piece of pieces) await entry.write(piece);
  await entry.write("]");
  expect(await entry.end()).toBe(Buffer.byteLength(`${pieces.join("")}]`));
  const photo = Buffer.from(Array.from({ length: 70_000 }, (_, i) => (i * 31) % 256));
  await zip.addBytes("photos/0193f0c2.jpg", photo);
  const empty = zip.startEntry("stock-levels.json");
  await empty.end();
  await zip.addBytes("notes/café.txt", Buffer.from("crème brûlée"), { compress: true });
  await zip.finish();

  const archive = bytes();
  const files = unzip(archive);
  expect([...files.keys()]).toEqual(["repair-orders.json", "photos/0193f0c2.jpg", "stock-levels.json", "notes/café.txt"]);
  expect(JSON.parse(files.get("repair-orders.json")!.toString("utf8"))).toHaveLength(5_000);
  expect(files.get("photos/0193f0c2.jpg")!.equals(photo)).toBe(true);
  expect(files.get("stock-levels.json")!.length).toBe(0);
  expect(files.get("notes/café.txt")!.toString("utf8")).toBe("crème brûlée");
  // compressed: the repetitive JSON takes a fraction of its size
  expect(archive.length).toBeLessThan(photo.length + Buffer.byteLength(pieces.join("")) / 3);

  if (hasUnzip()) {
    const dir = mkdtempSync(path.join(tmpdir(), "awms-zip-"));
    try {
      writeFileSync(path.join(dir, "export.zip"), archive);
      expect(execFileSync("unzip", ["-t", path.join(dir, "export.zip")]).toString()).toContain("No errors detected");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
});

test("more entries than a plain ZIP can count is refused with ZipLimitError, and so are unsafe names and a second open entry", async () => {
  const { sink } = memorySink();
  const zip = new ZipWriter(sink);
  const tiny = Buffer.from("x");
  for (let i = 0; i < 0xffff; i += 1) await zip.addBytes(`photos/${i}.jpg`, tiny);
  await expect(zip.addBytes("photos/one-too-many.jpg", tiny)).rejects.toBeInstanceOf(ZipLimitError);
  await expect(zip.addBytes("photos/one-too-many.jpg", tiny)).rejects.toThrow(/too large for a ZIP file without ZIP64 \(more than 65535 files\)/);

  const other = new ZipWriter(memorySink().sink);
  await expect(other.addBytes("../etc/passwd", tiny)).rejects.toThrow(/not a safe ZIP entry name/);
  await expect(other.addBytes("/absolute", tiny)).rejects.toThrow(/not a safe ZIP entry name/);
  other.startEntry("a.json");
  expect(() => other.startEntry("b.json")).toThrow(/still being written/);
}, 30_000);
