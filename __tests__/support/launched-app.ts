// AWMS started the way production starts it: `npm start` (tsx scripts/launch.ts start), which
// migrates under the migration lock and then runs scripts/production-server.mjs. Unlike
// app-server.ts (`next start` on a copy of the template), this one may meet an empty database.
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import pg from "pg";
import { freePort } from "@/scripts/free-port";
import { provisionDatabase, SEARCH_ROLE, OWNER_ROLE, dropDatabase, type ProvisionedDatabase } from "@/scripts/db/provision";

export interface LaunchedApp {
  url: string;
  port: number;
  child: ChildProcess;
  logs(): string;
  /** resolves with the exit code once the launcher has exited */
  exited: Promise<number | null>;
  /** SIGTERM, then the exit code */
  stop(): Promise<number | null>;
}

/** Spawns `npm start`'s command; call waitUntilServing before sending requests. */
export async function launchApp(env: Record<string, string>): Promise<LaunchedApp> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  let output = "";
  const child = spawn(process.execPath, ["node_modules/tsx/dist/cli.mjs", "scripts/launch.ts", "start"], {
    env: {
      ...process.env,
      PORT: String(port),
      APP_URL: url,
      NEXTAUTH_URL: url,
      NEXTAUTH_SECRET: randomBytes(32).toString("base64url"),
      NEXT_TELEMETRY_DISABLED: "1",
      LOG_LEVEL: "info",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return {
    url,
    port,
    child,
    logs: () => output,
    exited,
    async stop() {
      if (child.exitCode === null) child.kill("SIGTERM");
      return exited;
    },
  };
}

export async function waitUntilServing(app: LaunchedApp, timeoutMs = 180_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (app.child.exitCode !== null) throw new Error(`npm start exited with ${app.child.exitCode}\n${app.logs()}`);
    try {
      if ((await fetch(`${app.url}/api/health`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`AWMS did not answer /api/health within ${timeoutMs} ms\n${app.logs()}`);
}

/** pino's JSON lines in a launcher's output (the launcher's own lines are plain text and skipped). */
export function logLines(app: LaunchedApp): Record<string, unknown>[] {
  return app
    .logs()
    .split("\n")
    .filter((line) => line.startsWith("{"))
    .flatMap((line) => {
      try {
        return [JSON.parse(line) as Record<string, unknown>];
      } catch {
        return [];
      }
    });
}

export interface EmptyDatabase extends ProvisionedDatabase {
  name: string;
  adminUrl: string;
  drop(): Promise<void>;
}

/** A database with the roles and nothing else: what a first deploy meets. */
export async function createEmptyDatabase(): Promise<EmptyDatabase> {
  const adminUrl = process.env.AWMS_TEST_ADMIN_URL!;
  const name = `${process.env.AWMS_TEST_RUN}_${randomBytes(4).toString("hex")}`;
  const passwords = JSON.parse(process.env.AWMS_TEST_PASSWORDS!) as { owner: string | null; app: string | null };
  const urls = await provisionDatabase(adminUrl, name, passwords);
  return { ...urls, name, adminUrl, drop: () => dropDatabase(adminUrl, name) };
}

/**
 * What the README asks of an operator around a release's migrations: the owner is a member of
 * awms_search only while they run. Taken under the same server-wide lock as migrateDatabase, so
 * another test run's template build never revokes it mid-migration. Returns the closing of the window.
 */
export async function openSearchRoleWindow(adminUrl: string): Promise<() => Promise<void>> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`SELECT pg_advisory_lock(hashtextextended('awms:migrate:${SEARCH_ROLE}', 0))`);
  await admin.query(`GRANT ${SEARCH_ROLE} TO ${OWNER_ROLE}`);
  return async () => {
    try {
      await admin.query(`REVOKE ${SEARCH_ROLE} FROM ${OWNER_ROLE}`);
    } finally {
      await admin.end();
    }
  };
}
