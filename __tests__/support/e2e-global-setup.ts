// Browser tests run against a production build (`next start`). Builds it when
// there is none or when a source file is newer than it (CI builds first).
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import integrationSetup from "./global-setup";

const SOURCES = ["app", "actions", "components", "lib", "middleware.ts", "next.config.ts", "prisma/schema.prisma"];

function newestSource(entry: string): number {
  if (!existsSync(entry)) return 0;
  const stat = statSync(entry);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(entry)
    .filter((name) => name !== "generated")
    .reduce((newest, name) => Math.max(newest, newestSource(path.join(entry, name))), stat.mtimeMs);
}

export default async function e2eGlobalSetup() {
  const buildId = path.join(".next", "BUILD_ID");
  const stale = !existsSync(buildId) || SOURCES.some((s) => newestSource(s) > statSync(buildId).mtimeMs);
  if (stale) {
    process.stdout.write("\nBuilding AWMS for the browser tests (next build)…\n");
    const result = spawnSync(process.execPath, ["node_modules/next/dist/bin/next", "build"], {
      stdio: "inherit",
      env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", NODE_ENV: "production" },
    });
    if (result.status !== 0) throw new Error("next build failed");
  }
  await integrationSetup();
}
