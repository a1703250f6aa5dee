// Directories of the test's own under the system's temp dir (audit anchors are written read-only,
// and CI machines are reused between runs): a test file that makes them removes them in its
// afterAll, after whatever used them (an app server writing anchors) has stopped.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

const made: string[] = [];

export function scratchDir(name: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), `awms-${name}-`));
  made.push(dir);
  return dir;
}

export function removeScratchDirs(): void {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
}
