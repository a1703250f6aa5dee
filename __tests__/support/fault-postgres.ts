// A Postgres crash, not a clean stop: the postmaster is killed with SIGKILL, as the OOM killer or a
// lost host would, so nothing is flushed or said goodbye to and the next start runs crash recovery.
import { readFileSync, readdirSync } from "node:fs";
import pg from "pg";

export interface CrashReport {
  postmasterPid: number;
  /** backends still alive 2 s after their postmaster died, killed so the cluster can start again */
  orphansKilled: number;
}

async function dataDirectory(adminUrl: string): Promise<string> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return (await client.query<{ data_directory: string }>("SHOW data_directory")).rows[0]!.data_directory;
  } finally {
    await client.end();
  }
}

function childrenOf(pid: number): number[] {
  return readdirSync("/proc").filter((name) => /^\d+$/.test(name)).flatMap((name) => {
    try {
      // "pid (comm) state ppid ...": the command may hold spaces, so read after the last ")".
      const stat = readFileSync(`/proc/${name}/stat`, "utf8");
      return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]) === pid ? [Number(name)] : [];
    } catch {
      return [];
    }
  });
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** Finds the cluster's postmaster (while it runs) and returns the crash to trigger later. */
export async function preparePostgresCrash(adminUrl: string): Promise<() => Promise<CrashReport>> {
  const dir = await dataDirectory(adminUrl);
  return async () => {
    const postmasterPid = Number(readFileSync(`${dir}/postmaster.pid`, "utf8").split("\n")[0]);
    const backends = childrenOf(postmasterPid);
    process.kill(postmasterPid, "SIGKILL");
    // Backends notice their postmaster's death at their next wait; the shared memory they hold
    // keeps a new postmaster from starting, so any still running after 2 s are killed too.
    const deadline = Date.now() + 2_000;
    while (Date.now() < deadline && backends.some(alive)) await new Promise((resolve) => setTimeout(resolve, 50));
    const orphans = backends.filter(alive);
    for (const pid of orphans) process.kill(pid, "SIGKILL");
    while (orphans.some(alive)) await new Promise((resolve) => setTimeout(resolve, 20));
    return { postmasterPid, orphansKilled: orphans.length };
  };
}
