// `npm run load`: the workshop at scale under a mixed load, on loopback. bench:workshop's
// 10 workshops (one with 100,000 vehicles and 500,000 repair orders), `next start` on the
// production build with the Redis limiter, and for LOAD_SECONDS (300): advisors searching,
// opening and adding lines to repair orders, technicians clocking on and off, API clients
// reading, and one workshop's integration flooding its API limit in every other phase.
// Prints per-route count, req/s, p50/p95/p99 and errors, and whether the flood raised the
// other workshops' p95 by more than 20% (exit 1 when it did, or on any error).
//
// BENCH_BIG_VEHICLES / BENCH_BIG_ORDERS size the data as for bench:workshop; LOAD_SECONDS,
// LOAD_PHASE_SECONDS (30), LOAD_WARMUP_SECONDS (20), LOAD_FLOOD_RPS (100), LOAD_FLOOD_PATH
// (/repair-orders?limit=25; /me floods with the cheapest call), LOAD_NOISY_PLAN
// (PROFESSIONAL: 300 API requests a minute), LOAD_THINK_MS (3000), LOAD_ADVISORS,
// LOAD_TECHNICIANS and LOAD_API_CLIENTS (per workshop: 1 each), REDIS_URL (local).
// The load generator shares the machine's cores with the server and Postgres: run it quiet.
import pg from "pg";
import { dropDatabase, migrateDatabase, provisionDatabase } from "./db/provision";
import { startScratchServer } from "./db/scratch-server";
import { ensureBuild } from "./ensure-build";
import { benchSizes, seedLoadDataset } from "./load/dataset";
import { startApp } from "./load/next-start";
import { analyse, printReport } from "./load/report";
import { runLoad } from "./load/run-load";
import { removeRedisKeys } from "./redis-keys";

const env = (name: string, fallback: number) => Number(process.env[name] || fallback);
const TENANTS = 10;
const SECONDS = env("LOAD_SECONDS", 300);
const PHASE_SECONDS = env("LOAD_PHASE_SECONDS", 30);
const REDIS_URL = process.env.REDIS_URL || "redis://127.0.0.1:6379";

/** The noisy workshop's plan: its API limit is what the flood runs into. */
async function setPlan(ownerUrl: string, orgId: string, plan: string) {
  const client = new pg.Client({ connectionString: ownerUrl });
  await client.connect();
  try {
    await client.query(`UPDATE "Organization" SET plan = $2::"Plan" WHERE id = $1`, [orgId, plan]);
  } finally {
    await client.end();
  }
}

async function main() {
  ensureBuild("the load test");
  const server = await startScratchServer();
  const name = `awms_load_${process.pid}`;
  try {
    const database = await provisionDatabase(server.adminUrl, name, server.passwords);
    await migrateDatabase(server.adminUrl, database.ownerUrl);
    const sizes = benchSizes(env("BENCH_BIG_VEHICLES", 100_000), env("BENCH_BIG_ORDERS", 500_000));
    console.log(`load: seeding ${TENANTS} workshops as bench:workshop does (the big one: ${sizes.big.vehicles} vehicles, ${sizes.big.repairOrders} repair orders)`);
    const tenants = await seedLoadDataset(database.ownerUrl, TENANTS, sizes, console.log);
    const noisy = TENANTS - 1;
    const noisyPlan = process.env.LOAD_NOISY_PLAN || "PROFESSIONAL";
    await setPlan(database.ownerUrl, tenants[noisy]!.orgId, noisyPlan);
    const redisPrefix = `awms-load-${process.pid}-${Date.now()}`;
    const app = await startApp(database.appUrl, { REDIS_URL, AWMS_REDIS_PREFIX: redisPrefix }, "production");
    try {
      const result = await runLoad({
        url: app.url,
        tenants,
        noisy,
        warmupSeconds: env("LOAD_WARMUP_SECONDS", 20),
        phaseSeconds: PHASE_SECONDS,
        pairs: Math.max(1, Math.round(SECONDS / PHASE_SECONDS / 2)),
        floodRps: env("LOAD_FLOOD_RPS", 100),
        floodPath: process.env.LOAD_FLOOD_PATH || "/repair-orders?limit=25",
        thinkMs: env("LOAD_THINK_MS", 3000),
        advisorsPerTenant: env("LOAD_ADVISORS", 1),
        techniciansPerTenant: env("LOAD_TECHNICIANS", 1),
        apiClientsPerTenant: env("LOAD_API_CLIENTS", 1),
        log: console.log,
      });
      const report = analyse(result);
      printReport(result, report);
      console.log(`(noisy workshop on the ${noisyPlan} plan; the others on ENTERPRISE)`);
      process.exitCode = report.noisy.pass && report.errors === 0 ? 0 : 1;
    } finally {
      await app.stop();
      await removeRedisKeys(REDIS_URL, redisPrefix);
    }
  } finally {
    await dropDatabase(server.adminUrl, name);
    await server.stop();
  }
}

main().then(
  () => process.exit(process.exitCode ?? 0),
  (error: unknown) => {
    console.error(`load failed: ${(error as Error).stack ?? String(error)}`);
    process.exit(2);
  },
);
