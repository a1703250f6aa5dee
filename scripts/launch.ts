// `npm run dev` / `npm start`: get a database (embedded unless DATABASE_URL),
// migrate (one instance at a time: scripts/db/migration-lock.ts), seed Demo Motors
// where it belongs, print where to sign in, then run Next.
// Usage: tsx scripts/launch.ts dev|start [--prepare-only]
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { createAppClient } from "@/lib/db";
import { parseServerEnv } from "@/lib/env";
import { DEMO_PASSWORD, DEMO_STAFF, seedDemoWorkshop } from "@/prisma/seed";
import { LaunchError, prepareDatabase } from "./db/prepare";

const mode = process.argv[2] === "start" ? "start" : "dev";
const prepareOnly = process.argv.includes("--prepare-only");

/** A session secret kept in the data folder, so a local start needs no set-up and sessions survive restarts. */
function localSessionSecret(dataDir: string): string {
  const file = path.join(dataDir, "session-secret");
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, randomBytes(32).toString("base64url"), { mode: 0o600 });
  }
  return readFileSync(file, "utf8").trim();
}

/** The demo workshop is for trying AWMS out: seeded into the embedded database and in development, never into a production database. */
async function seedDemo(appUrl: string) {
  const client = createAppClient(appUrl, 2);
  try {
    const seeded = await seedDemoWorkshop(client);
    console.log(seeded.created ? "Seeded the demo workshop Demo Motors" : "Demo Motors is already seeded");
  } finally {
    await client.$disconnect();
  }
}

/** `next dev`, or the production server (scripts/production-server.mjs: graceful shutdown) for `start`. */
function serverCommand(port: number): string[] {
  if (mode === "start") return [path.join(process.cwd(), "scripts", "production-server.mjs")];
  return [path.join(process.cwd(), "node_modules", "next", "dist", "bin", "next"), "dev", "--port", String(port)];
}

async function main() {
  const database = await prepareDatabase({ log: (line) => console.log(line) });
  const withDemo = database.embedded || mode === "dev";
  if (withDemo) await seedDemo(database.appUrl);

  const { PORT, AWMS_DATA_DIR, NEXTAUTH_SECRET, APP_URL, SHUTDOWN_GRACE_SECONDS, NEXT_SERVER_ACTIONS_ENCRYPTION_KEY } = parseServerEnv(process.env);
  const publicUrl = APP_URL ?? `http://localhost:${PORT}`;
  console.log(`\nAWMS is starting at ${publicUrl}`);
  if (withDemo) {
    console.log(`Demo logins (password ${DEMO_PASSWORD}):`);
    for (const staff of DEMO_STAFF) console.log(`  ${staff.role.padEnd(16)} ${staff.email}`);
  }
  if (mode === "start" && !database.embedded && !NEXT_SERVER_ACTIONS_ENCRYPTION_KEY) {
    console.log("NEXT_SERVER_ACTIONS_ENCRYPTION_KEY is not set: instances of this build agree; set it on every instance before mixing builds");
  }
  console.log("");

  if (prepareOnly) {
    await database.stop();
    return;
  }

  const child = spawn(process.execPath, serverCommand(PORT), {
    stdio: "inherit",
    env: {
      ...process.env,
      ...(mode === "start" ? { NODE_ENV: "production" } : {}),
      PORT: String(PORT),
      SHUTDOWN_GRACE_SECONDS: String(SHUTDOWN_GRACE_SECONDS),
      DATABASE_URL: database.appUrl,
      NEXTAUTH_SECRET: NEXTAUTH_SECRET ?? localSessionSecret(AWMS_DATA_DIR),
      APP_URL: publicUrl,
      NEXTAUTH_URL: process.env.NEXTAUTH_URL || publicUrl,
      NEXT_TELEMETRY_DISABLED: "1",
    },
  });
  // The server drains and closes on the signal; this process waits for it, then stops the embedded database.
  const forward = (signal: NodeJS.Signals) => child.kill(signal);
  process.on("SIGINT", forward);
  process.on("SIGTERM", forward);
  child.on("exit", async (code, signal) => {
    await database.stop();
    process.exit(code ?? (signal ? 1 : 0));
  });
}

main().catch((error: unknown) => {
  const message = error instanceof LaunchError ? error.message : `AWMS did not start: ${(error as Error).message}`;
  console.error(message.split("\n")[0]);
  process.exit(1);
});
