// `npm run bench:tenancy`: what tenant scoping costs. 10 workshops x 10,000
// customers with one vehicle each; list 50 customers with their vehicles for
// one workshop, through tenantDb (a transaction per query), withTenant (one
// transaction for the request) and a plain unscoped Prisma query (a role that
// RLS does not bind: the baseline without any tenancy machinery).
import pg from "pg";
import { createAppClient, tenantDb, withTenant, type AppPrismaClient } from "@/lib/db";
import { dropDatabase, provisionDatabase, withCredentials, migrateDatabase } from "./db/provision";
import { startScratchServer } from "./db/scratch-server";

const TENANTS = Number(process.env.BENCH_TENANTS ?? 10);
const CUSTOMERS = Number(process.env.BENCH_CUSTOMERS ?? 10_000);
const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 400);
const WARMUP = 50;

async function seed(ownerUrl: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: ownerUrl });
  await client.connect();
  const orgIds: string[] = [];
  for (let t = 0; t < TENANTS; t += 1) {
    const { rows } = await client.query<{ id: string }>(
      `INSERT INTO "Organization" (id, slug, name, country, currency, timezone, "updatedAt")
       VALUES (gen_random_uuid(), $1, $2, 'GB', 'GBP', 'Europe/London', now()) RETURNING id`,
      [`bench-${t}`, `Bench Workshop ${t}`],
    );
    const orgId = rows[0]!.id;
    orgIds.push(orgId);
    await client.query("BEGIN");
    await client.query("SELECT set_config('app.org_id', $1, true)", [orgId]);
    await client.query(
      `INSERT INTO "Customer" ("organizationId", id, "displayName", email, "updatedAt")
       SELECT $1, gen_random_uuid(), 'Customer ' || lpad(i::text, 6, '0'), 'c' || i || '@example.test', now()
         FROM generate_series(1, $2) AS i`,
      [orgId, CUSTOMERS],
    );
    await client.query(
      `INSERT INTO "Vehicle" ("organizationId", id, "customerId", registration, "updatedAt")
       SELECT "organizationId", gen_random_uuid(), id, 'REG ' || substr(id::text, 1, 6), now() FROM "Customer"`,
    );
    await client.query("COMMIT");
  }
  await client.query("ANALYZE");
  await client.end();
  return orgIds;
}

function percentile(sorted: number[], p: number) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function measure(name: string, run: () => Promise<unknown[]>) {
  for (let i = 0; i < WARMUP; i += 1) await run();
  const times: number[] = [];
  let rows = 0;
  for (let i = 0; i < ITERATIONS; i += 1) {
    const started = performance.now();
    const result = await run();
    times.push(performance.now() - started);
    rows = result.length;
  }
  times.sort((x, y) => x - y);
  const stats = { name, rows, p50: percentile(times, 50), p95: percentile(times, 95) };
  console.log(`${name.padEnd(38)} rows ${rows}  p50 ${stats.p50.toFixed(2)} ms  p95 ${stats.p95.toFixed(2)} ms`);
  return stats;
}

async function main() {
  const server = await startScratchServer();
  const name = `awms_bench_${process.pid}`;
  let app: AppPrismaClient | undefined;
  let unscoped: AppPrismaClient | undefined;
  try {
    const database = await provisionDatabase(server.adminUrl, name, server.passwords);
    await migrateDatabase(server.adminUrl, database.ownerUrl);
    const seeding = performance.now();
    const orgIds = await seed(database.ownerUrl);
    console.log(`Seeded ${TENANTS} workshops x ${CUSTOMERS} customers (one vehicle each) in ${((performance.now() - seeding) / 1000).toFixed(1)} s`);

    const admin = new URL(server.adminUrl);
    const superuserUrl = withCredentials(server.adminUrl, decodeURIComponent(admin.username), decodeURIComponent(admin.password) || null, name);
    app = createAppClient(database.appUrl, 4);
    unscoped = createAppClient(superuserUrl, 4);
    const orgId = orgIds[Math.floor(TENANTS / 2)]!;
    const query = { orderBy: { displayName: "asc" as const }, take: 50, include: { vehicles: true } };
    const scoped = tenantDb(orgId, app);
    const plainClient = unscoped;

    const plain = await measure("unscoped Prisma (baseline)", () =>
      plainClient.customer.findMany({ where: { organizationId: orgId }, ...query }));
    const perQuery = await measure("tenantDb (transaction per query)", () => scoped.customer.findMany(query));
    const perRequest = await measure("withTenant (transaction per request)", () =>
      withTenant(orgId, (tx) => tx.customer.findMany(query), { client: app }));

    for (const variant of [perQuery, perRequest]) {
      console.log(`${variant.name}: scoped/unscoped p50 ratio ${(variant.p50 / plain.p50).toFixed(2)}, p95 ratio ${(variant.p95 / plain.p95).toFixed(2)}`);
    }
  } finally {
    await app?.$disconnect();
    await unscoped?.$disconnect();
    await dropDatabase(server.adminUrl, name);
    await server.stop();
  }
}

main().catch((error: unknown) => {
  console.error(`bench:tenancy failed: ${(error as Error).message}`);
  process.exit(1);
});
