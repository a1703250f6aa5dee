// A real AWMS (`next start` on the production build) on its own port and its own database.
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { freePort } from "@/scripts/free-port";
import { createTestDatabase, type TestDatabase } from "./test-database";

export interface AppServer {
  url: string;
  database: TestDatabase;
  logs: () => string;
  stop(): Promise<void>;
}

async function waitForHealth(url: string, child: ChildProcess, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`next start exited with ${child.exitCode}`);
    try {
      if ((await fetch(`${url}/api/health`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`AWMS did not answer /api/health within ${timeoutMs} ms`);
}

/**
 * Starts `next start` on a free port. With `shared`, it serves that database and session secret
 * (a second instance of the same deployment) and leaves dropping the database to its owner.
 */
export async function startAppServer(
  env: Record<string, string> = {},
  shared: { database: TestDatabase; sessionSecret: string } | null = null,
  attempt = 1,
): Promise<AppServer> {
  const database = shared?.database ?? (await createTestDatabase());
  const dropOwnDatabase = () => (shared ? Promise.resolve() : database.drop());
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  let output = "";
  const child = spawn(process.execPath, ["node_modules/next/dist/bin/next", "start", "--port", String(port), "--hostname", "127.0.0.1"], {
    env: {
      ...process.env,
      NODE_ENV: "production",
      DATABASE_URL: database.appUrl,
      NEXTAUTH_SECRET: shared?.sessionSecret ?? randomBytes(32).toString("base64url"),
      NEXTAUTH_URL: url,
      APP_URL: url,
      NEXT_TELEMETRY_DISABLED: "1",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  try {
    await waitForHealth(url, child, 60_000);
  } catch (error) {
    child.kill("SIGKILL");
    await dropOwnDatabase();
    // Another process may take the port between our check and Next's listen: try a new one.
    if (output.includes("EADDRINUSE") && attempt < 3) return startAppServer(env, shared, attempt + 1);
    throw new Error(`${(error as Error).message}\n${output}`);
  }
  return {
    url,
    database,
    logs: () => output,
    async stop() {
      child.kill("SIGTERM");
      await new Promise((resolve) => (child.exitCode !== null ? resolve(null) : child.once("exit", resolve)));
      await dropOwnDatabase();
    },
  };
}
