// AWMS on the production build, on a free loopback port, against a given database: what the
// rate-limit benchmark and the load test measure. `settings` override the environment
// (REDIS_URL is cleared unless given, so a run says which limiter it uses). `server` picks plain
// `next start` or the server `npm start` runs in production (scripts/production-server.mjs, with
// its graceful shutdown and the front door that answers already-refused API keys before Next).
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { freePort } from "../free-port";

export interface StartedApp {
  url: string;
  stop(): Promise<void>;
}

export async function startApp(appUrl: string, settings: Record<string, string>, server: "next" | "production" = "next"): Promise<StartedApp> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const command = server === "production"
    ? ["scripts/production-server.mjs"]
    : ["node_modules/next/dist/bin/next", "start", "--port", String(port), "--hostname", "127.0.0.1"];
  const child: ChildProcess = spawn(process.execPath, command, {
    env: {
      ...process.env, NODE_ENV: "production", DATABASE_URL: appUrl, NEXTAUTH_SECRET: randomBytes(32).toString("base64url"),
      NEXTAUTH_URL: url, APP_URL: url, NEXT_TELEMETRY_DISABLED: "1", LOG_LEVEL: "warn", REDIS_URL: "", PORT: String(port), ...settings,
    },
    stdio: ["ignore", "ignore", "inherit"],
  });
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`AWMS (${server}) exited with ${child.exitCode}`);
    if (await fetch(`${url}/api/health`).then((r) => r.ok, () => false)) break;
    if (Date.now() > deadline) throw new Error("AWMS did not start within 60 s");
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return {
    url,
    async stop() {
      child.kill("SIGTERM");
      await new Promise((resolve) => (child.exitCode !== null ? resolve(null) : child.once("exit", resolve)));
    },
  };
}
