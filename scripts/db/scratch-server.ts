// A Postgres server we may create and drop databases on, for tests, the drift
// check and migration authoring: TEST_DATABASE_ADMIN_URL, else the local
// server on 127.0.0.1:5432, else an embedded one in a temporary folder.
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { freePort } from "../free-port";
import { startEmbeddedPostgres } from "./embedded";

export interface ScratchServer {
  adminUrl: string;
  passwords: { owner: string | null; app: string | null };
  kind: "system" | "embedded";
  stop(): Promise<void>;
}

const DEFAULT_ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/postgres";

async function reachable(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3_000 });
  try {
    await client.connect();
    await client.query("SELECT 1");
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

export async function startScratchServer(): Promise<ScratchServer> {
  const forceEmbedded = process.env.AWMS_TEST_EMBEDDED === "1";
  const adminUrl = process.env.TEST_DATABASE_ADMIN_URL || DEFAULT_ADMIN_URL;
  if (!forceEmbedded && (await reachable(adminUrl))) {
    return { adminUrl, passwords: { owner: null, app: null }, kind: "system", stop: async () => {} };
  }
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "awms-scratch-pg-"));
  const port = await freePort();
  const server = await startEmbeddedPostgres(dataDir, port);
  return {
    adminUrl: server.adminUrl,
    passwords: server.passwords,
    kind: "embedded",
    stop: async () => {
      await server.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
