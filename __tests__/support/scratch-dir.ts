// A directory of the test's own under the system's temp dir, removed when the test file ends
// (audit anchors are written read-only, and CI machines are reused between runs).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

const made: string[] = [];

// Imported at the top of a test file, so this registers with that file's top-level hooks.
afterAll(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

export function scratchDir(name: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), `awms-${name}-`));
  made.push(dir);
  return dir;
}
