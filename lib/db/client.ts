import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { serverEnv } from "@/lib/env";
import { onShutdown } from "@/lib/lifecycle/shutdown";

export type AppPrismaClient = PrismaClient;

export function createAppClient(connectionString: string, poolSize = 10): AppPrismaClient {
  const adapter = new PrismaPg({ connectionString, max: poolSize, connectionTimeoutMillis: 5_000 });
  return new PrismaClient({ adapter });
}

const globalForDb = globalThis as unknown as { awmsDb?: AppPrismaClient };

/**
 * The app role's client. Use it directly only for global tables (users,
 * organizations, auth, Stripe events, jobs); tenant tables go through
 * tenantDb / withTenant, and Postgres rejects anything else through RLS.
 */
export function db(): AppPrismaClient {
  if (!globalForDb.awmsDb) {
    const env = serverEnv();
    if (!env.DATABASE_URL) {
      throw new Error("DATABASE_URL is not set: start AWMS with `npm run dev` (embedded Postgres) or set it");
    }
    // Cached on globalThis so Next's dev reloads don't open a pool per edit.
    const client = createAppClient(env.DATABASE_URL, env.DATABASE_POOL_SIZE);
    globalForDb.awmsDb = client;
    onShutdown("connections", "database pool", () => client.$disconnect());
  }
  return globalForDb.awmsDb;
}
