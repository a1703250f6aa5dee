import { spawnSync } from "node:child_process";
import path from "node:path";

const prismaCli = path.join(process.cwd(), "node_modules", "prisma", "build", "index.js");
const unrefTimers = path.join(process.cwd(), "prisma", "cli-unref-timers.cjs");

/** Runs the Prisma CLI; it needs a reachable database URL even for diffs, or it tries the network. */
export function prisma(args: string[], databaseUrl: string): string {
  const result = spawnSync(process.execPath, ["-r", unrefTimers, prismaCli, ...args], {
    env: { ...process.env, MIGRATION_DATABASE_URL: databaseUrl, DATABASE_URL: databaseUrl },
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.status !== 0) {
    throw new Error(`prisma ${args[0]} ${args[1] ?? ""} failed:\n${result.stdout}\n${result.stderr}`);
  }
  return result.stdout;
}
