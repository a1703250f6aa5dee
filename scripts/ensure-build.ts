// A production build for whatever runs `next start` (browser tests, the rate-limit benchmark):
// builds when there is none or when a source file is newer than it.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";

const SOURCES = ["app", "actions", "components", "lib", "middleware.ts", "next.config.ts", "prisma/schema.prisma"];

function newestSource(entry: string): number {
  if (!existsSync(entry)) return 0;
  const stat = statSync(entry);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(entry)
    .filter((name) => name !== "generated")
    .reduce((newest, name) => Math.max(newest, newestSource(path.join(entry, name))), stat.mtimeMs);
}

export function ensureBuild(reason: string) {
  const buildId = path.join(".next", "BUILD_ID");
  const stale = !existsSync(buildId) || SOURCES.some((source) => newestSource(source) > statSync(buildId).mtimeMs);
  if (!stale) return;
  process.stdout.write(`\nBuilding AWMS for ${reason} (next build)…\n`);
  const result = spawnSync(process.execPath, ["node_modules/next/dist/bin/next", "build"], {
    stdio: "inherit",
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", NODE_ENV: "production" },
  });
  if (result.status !== 0) throw new Error("next build failed");
}
