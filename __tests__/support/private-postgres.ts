// A Postgres cluster of the test's own (the machine's PostgreSQL binaries, initdb in a temporary
// folder, a free port on 127.0.0.1, trust for local connections), so a test can stop and start it
// under traffic without touching the shared server other tests use.
import { execFile, execFileSync } from "node:child_process";
import { promisify } from "node:util";
import { chmodSync, chownSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { freePort } from "@/scripts/free-port";

export interface PrivatePostgres {
  adminUrl: string;
  /** pg_ctl stop -m fast: sessions are ended, as in a restart or a failover */
  stop(): Promise<void>;
  start(): Promise<void>;
  remove(): Promise<void>;
}

function binaries(): string {
  const root = "/usr/lib/postgresql";
  const version = readdirSync(root).sort((a, b) => Number(b) - Number(a))[0];
  if (!version) throw new Error(`no PostgreSQL under ${root}`);
  return path.join(root, version, "bin");
}

export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const bin = binaries();
  const dir = mkdtempSync(path.join(os.tmpdir(), "awms-private-pg-"));
  const data = path.join(dir, "data");
  const port = await freePort();
  // Postgres refuses to run as root: as root, run it as the postgres user, who must own the folder.
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    const id = (flag: string) => Number(execFileSync("id", [flag, "postgres"], { encoding: "utf8" }));
    chownSync(dir, id("-u"), id("-g"));
    chmodSync(dir, 0o700);
  }
  // Asynchronous: the test's own traffic keeps flowing while the server stops and starts.
  const run = async (tool: string, args: string[]) => {
    const [file, argv]: [string, string[]] = asRoot ? ["runuser", ["-u", "postgres", "--", path.join(bin, tool), ...args]] : [path.join(bin, tool), args];
    await promisify(execFile)(file, argv, { timeout: 60_000 });
  };
  await run("initdb", ["-D", data, "-U", "postgres", "-A", "trust", "--no-sync"]);
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`;
  const start = () => run("pg_ctl", ["-D", data, "-o", options, "-l", path.join(dir, "log"), "-w", "start"]);
  await start();
  return {
    adminUrl: `postgresql://postgres@127.0.0.1:${port}/postgres`,
    stop: () => run("pg_ctl", ["-D", data, "-m", "fast", "-w", "stop"]),
    start,
    async remove() {
      try {
        await run("pg_ctl", ["-D", data, "-m", "immediate", "-w", "stop"]);
      } catch {
        // already stopped
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
