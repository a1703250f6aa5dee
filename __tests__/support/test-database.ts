// One fresh database per test file, copied from the migrated template.
import { randomBytes } from "node:crypto";
import pg from "pg";
import { createAppClient, type AppPrismaClient } from "@/lib/db";
import { dropDatabase, provisionDatabase, withCredentials } from "@/scripts/db/provision";

export interface TestDatabase {
  name: string;
  adminUrl: string;
  /** the app role: what AWMS connects as */
  appUrl: string;
  /** the table owner: for setting up and tampering in tests (RLS is forced, so it binds the owner too) */
  ownerUrl: string;
  app: AppPrismaClient;
  owner: pg.Pool;
  /** a superuser on this database: the referee that sees every workshop's rows */
  superuser: pg.Pool;
  drop(): Promise<void>;
}

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is missing: run integration tests through jest (globalSetup)`);
  return value;
}

export async function createTestDatabase(options: { poolSize?: number } = {}): Promise<TestDatabase> {
  const adminUrl = required("AWMS_TEST_ADMIN_URL");
  const name = `${required("AWMS_TEST_RUN")}_${randomBytes(4).toString("hex")}`;
  const passwords = JSON.parse(required("AWMS_TEST_PASSWORDS")) as { owner: string | null; app: string | null };
  const { appUrl, ownerUrl } = await provisionDatabase(adminUrl, name, passwords, {
    template: required("AWMS_TEST_TEMPLATE"),
  });
  // lib/db's default client reads DATABASE_URL on first use.
  process.env.DATABASE_URL = appUrl;
  const app = createAppClient(appUrl, options.poolSize ?? 5);
  const owner = new pg.Pool({ connectionString: ownerUrl, max: 2 });
  const admin = new URL(adminUrl);
  const superuser = new pg.Pool({
    connectionString: withCredentials(adminUrl, decodeURIComponent(admin.username), decodeURIComponent(admin.password) || null, name),
    max: 2,
  });
  // DROP DATABASE ... WITH (FORCE) ends any connection still open; an idle pooled
  // client then reports it, which must not surface as an unhandled error.
  owner.on("error", () => {});
  superuser.on("error", () => {});
  return {
    name,
    adminUrl,
    appUrl,
    ownerUrl,
    app,
    owner,
    superuser,
    async drop() {
      // The shared db() client of this test file points at this database too.
      const cache = globalThis as unknown as { awmsDb?: AppPrismaClient };
      if (cache.awmsDb) {
        await cache.awmsDb.$disconnect();
        delete cache.awmsDb;
      }
      await app.$disconnect();
      await owner.end();
      await superuser.end();
      await dropDatabase(adminUrl, name);
    },
  };
}
