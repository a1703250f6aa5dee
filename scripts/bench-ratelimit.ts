// `npm run bench:ratelimit`: what the request limiter costs. Starts the production build
// three times against one seeded database: limits off (RATE_LIMITS=off), counted in memory
// (no REDIS_URL) and counted in Redis (REDIS_URL), and drives GET /api/v1/me (authenticate
// the key, count the request, answer the workshop) with autocannon on loopback, twice per mode:
// one connection at a time for latency (p50/p95/p99: what a request costs, without queueing)
// and BENCH_CONNECTIONS at once for throughput (requests per second at saturation, where any
// extra cost is multiplied by the queue). Target: Redis adds under 1 ms at p95 of the latency run.
//
// Every request is allowed: the load is spread over BENCH_WORKSHOPS Enterprise workshops'
// keys, so each stays far below its per-minute limit and no run measures cheap 429s.
// BENCH_SECONDS (15), BENCH_CONNECTIONS (16), BENCH_WORKSHOPS (100), REDIS_URL (local).
// Run it on a quiet machine: the load generator and the server share its cores.
import { randomUUID } from "node:crypto";
import autocannon from "autocannon";
import pg from "pg";
import { generateApiKey } from "@/lib/api-keys/api-key-format";
import { PLANS } from "@/lib/billing/plans";
import { dropDatabase, migrateDatabase, provisionDatabase } from "./db/provision";
import { startScratchServer } from "./db/scratch-server";
import { ensureBuild } from "./ensure-build";
import { startApp } from "./load/next-start";

const env = (name: string, fallback: number) => Number(process.env[name] || fallback);
const SECONDS = env("BENCH_SECONDS", 15);
const CONNECTIONS = env("BENCH_CONNECTIONS", 16);
const WORKSHOPS = env("BENCH_WORKSHOPS", 100);
const WARMUP_SECONDS = 3;
const REDIS_URL = process.env.REDIS_URL || "redis://127.0.0.1:6379";
const TARGET_ADDED_P95_MS = 1;

/** Enterprise workshops, each with an owner and a read key, written as the table owner under each workshop's RLS context. */
async function seedWorkshops(ownerUrl: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: ownerUrl });
  await client.connect();
  const keys: string[] = [];
  try {
    for (let i = 0; i < WORKSHOPS; i += 1) {
      const orgId = randomUUID();
      const userId = randomUUID();
      const { key, keyHash, lastFour } = generateApiKey(orgId);
      await client.query("BEGIN");
      await client.query(
        `INSERT INTO "Organization" (id, slug, name, country, currency, timezone, plan, "updatedAt")
         VALUES ($1, $2, $3, 'GB', 'GBP', 'Europe/London', 'ENTERPRISE', now())`,
        [orgId, `bench-${i}-${orgId.slice(0, 8)}`, `Bench workshop ${i}`],
      );
      await client.query(`INSERT INTO "User" (id, email, name, "updatedAt") VALUES ($1, $2, 'Bench owner', now())`, [userId, `bench-${orgId}@example.test`]);
      await client.query("SELECT set_config('app.org_id', $1, true)", [orgId]);
      await client.query(`INSERT INTO "Membership" ("organizationId", id, "userId", role, "updatedAt") VALUES ($1, $2, $3, 'OWNER', now())`, [orgId, randomUUID(), userId]);
      await client.query(
        `INSERT INTO "ApiKey" ("organizationId", id, name, scope, "keyHash", "lastFour", "createdByUserId", "updatedAt")
         VALUES ($1, $2, 'bench', 'READ', $3, $4, $5, now())`,
        [orgId, randomUUID(), keyHash, lastFour, userId],
      );
      await client.query("COMMIT");
      keys.push(key);
    }
  } finally {
    await client.end();
  }
  return keys;
}

interface Run {
  mode: string;
  requests: number;
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  non2xx: number;
  errors: number;
}

const ms = (value: number) => value.toFixed(2);
const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;

async function load(url: string, keys: string[], seconds: number, mode: string, connections: number): Promise<Run> {
  let next = 0;
  const latencies: number[] = [];
  const options: autocannon.Options = {
    url,
    connections,
    duration: seconds,
    requests: [
      {
        method: "GET",
        path: "/api/v1/me",
        // Round-robin over the workshops: each key stays well inside its workshop's limit.
        setupRequest: (request) => ({ ...request, headers: { ...request.headers, authorization: `Bearer ${keys[(next += 1) % keys.length]}` } }),
      },
    ],
  };
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(options, (error, done) => (error ? reject(error) : resolve(done)));
    instance.on("response", (_client, _status, _bytes, responseTime) => latencies.push(responseTime));
  });
  latencies.sort((a, b) => a - b);
  return {
    mode,
    requests: result.requests.total,
    rps: result.requests.total / seconds,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
  };
}

async function main() {
  ensureBuild("the rate-limit benchmark");
  const server = await startScratchServer();
  const name = `awms_bench_rl_${process.pid}`;
  const runs: Run[] = [];
  const saturated: Run[] = [];
  try {
    const database = await provisionDatabase(server.adminUrl, name, server.passwords);
    await migrateDatabase(server.adminUrl, database.ownerUrl);
    const keys = await seedWorkshops(database.ownerUrl);
    console.log(`${keys.length} Enterprise workshops (limit ${PLANS.ENTERPRISE.apiRequestsPerMinute}/min each); ${CONNECTIONS} connections, ${SECONDS} s per mode after ${WARMUP_SECONDS} s warm-up`);
    const modes: Array<[string, Record<string, string>]> = [
      ["no limiter (RATE_LIMITS=off)", { RATE_LIMITS: "off" }],
      ["memory limiter", {}],
      ["Redis limiter", { REDIS_URL, AWMS_REDIS_PREFIX: `awms-bench-${process.pid}-${Date.now()}` }],
    ];
    for (const [mode, settings] of modes) {
      const app = await startApp(database.appUrl, settings);
      try {
        await load(app.url, keys, WARMUP_SECONDS, `${mode} warm-up`, CONNECTIONS);
        for (const [connections, list] of [[1, runs], [CONNECTIONS, saturated]] as const) {
          const run = await load(app.url, keys, SECONDS, mode, connections);
          list.push(run);
          const perKeyPerMinute = Math.ceil(run.requests / keys.length / (SECONDS / 60));
          console.log(`${mode}, ${connections} connection(s): ${run.rps.toFixed(0)} req/s, p50 ${ms(run.p50)}, p95 ${ms(run.p95)}, p99 ${ms(run.p99)} ms, non-2xx ${run.non2xx}, errors ${run.errors} (${perKeyPerMinute} requests/min per key)`);
        }
      } finally {
        await app.stop();
      }
    }
  } finally {
    await dropDatabase(server.adminUrl, name);
    await server.stop();
  }

  console.log(`\n| mode | latency run (1 connection): req/s | p50 ms | p95 ms | p99 ms | throughput run (${CONNECTIONS} connections): req/s | p95 ms |`);
  console.log("|---|---|---|---|---|---|---|");
  runs.forEach((run, i) => {
    const busy = saturated[i]!;
    console.log(`| ${run.mode} | ${run.rps.toFixed(0)} | ${ms(run.p50)} | ${ms(run.p95)} | ${ms(run.p99)} | ${busy.rps.toFixed(0)} | ${ms(busy.p95)} |`);
  });
  const [off, , shared] = runs;
  if (!off || !shared) return;
  const added = shared.p95 - off.p95;
  const clean = [...runs, ...saturated].every((run) => run.non2xx === 0 && run.errors === 0);
  console.log(`\nRedis limiter adds ${added.toFixed(2)} ms at p95 (target < ${TARGET_ADDED_P95_MS} ms): ${added < TARGET_ADDED_P95_MS ? "PASS" : "FAIL"}`);
  if (!clean) console.log("Some requests were refused or failed: the figures above are not comparable.");
  process.exitCode = added < TARGET_ADDED_P95_MS && clean ? 0 : 1;
}

main().catch((error: unknown) => {
  console.error(`bench:ratelimit failed: ${(error as Error).stack ?? String(error)}`);
  process.exit(2);
});
