// Daily anchors: each workshop's chain head written outside the database, so
// a database owner who rewrites or rolls back the log cannot also rewrite
// what was recorded about it. One file per UTC day of JSON lines; the app only
// ever appends (O_APPEND) and leaves each file read-only (0444) between runs.
// Real protection needs the folder on storage the database's operators cannot
// change (a WORM bucket, `chattr +a`, another host): docs/SECURITY.md.
import { constants } from "node:fs";
import { chmod, mkdir, open, readdir, readFile, stat } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import { serverEnv } from "@/lib/env";

export interface AuditAnchor {
  organizationId: string;
  seq: number;
  hash: string;
  /** ISO time, UTC */
  anchoredAt: string;
}

const ZAnchor = z.object({
  organizationId: z.string().uuid(),
  seq: z.number().int().positive(),
  hash: z.string().regex(/^[0-9a-f]{64}$/),
  anchoredAt: z.iso.datetime(),
});

const DAY_FILE = /^\d{4}-\d{2}-\d{2}\.jsonl$/;

export function anchorDir(): string {
  const env = serverEnv();
  return path.resolve(env.AUDIT_ANCHOR_DIR ?? path.join(env.AWMS_DATA_DIR, "audit-anchors"));
}

export const anchorFileName = (day: Date) => `${day.toISOString().slice(0, 10)}.jsonl`;

async function exists(file: string): Promise<boolean> {
  return stat(file).then(() => true, () => false);
}

/**
 * Appends one line per anchor to the day's file and syncs it to disk. A second
 * run on the same day appends again: earlier lines are never rewritten.
 */
export async function appendAnchors(anchors: AuditAnchor[], options: { dir?: string; now?: Date } = {}): Promise<string> {
  const dir = options.dir ?? anchorDir();
  const file = path.join(dir, anchorFileName(options.now ?? new Date()));
  if (anchors.length === 0) return file;
  await mkdir(dir, { recursive: true });
  const created = !(await exists(file));
  // The file is kept read-only between runs; its owner lifts that only for this append.
  if (!created) await chmod(file, 0o644);
  try {
    const handle = await open(file, constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT, 0o444);
    try {
      await handle.write(anchors.map((anchor) => `${JSON.stringify(anchor)}\n`).join(""));
      await handle.sync();
    } finally {
      await handle.close();
    }
  } finally {
    await chmod(file, 0o444);
  }
  if (created) {
    // The new name itself must survive a crash, not only the file's contents.
    const folder = await open(dir, constants.O_RDONLY);
    await folder.sync().finally(() => folder.close());
  }
  return file;
}

export interface AnchorRead {
  anchors: AuditAnchor[];
  /** lines that are not an anchor: "2026-11-29.jsonl:3" (a damaged or edited file) */
  unreadable: string[];
}

/** Every anchor on file, oldest file first; for one workshop when given. */
export async function readAnchors(options: { dir?: string; organizationId?: string } = {}): Promise<AnchorRead> {
  const dir = options.dir ?? anchorDir();
  const files = (await readdir(dir).catch(() => [] as string[])).filter((name) => DAY_FILE.test(name)).sort();
  const result: AnchorRead = { anchors: [], unreadable: [] };
  for (const name of files) {
    const lines = (await readFile(path.join(dir, name), "utf8")).split("\n");
    lines.forEach((line, index) => {
      if (!line.trim()) return;
      let parsed: z.ZodSafeParseResult<AuditAnchor>;
      try {
        parsed = ZAnchor.safeParse(JSON.parse(line));
      } catch {
        result.unreadable.push(`${name}:${index + 1}`);
        return;
      }
      if (!parsed.success) result.unreadable.push(`${name}:${index + 1}`);
      else if (!options.organizationId || parsed.data.organizationId === options.organizationId) result.anchors.push(parsed.data);
    });
  }
  return result;
}
