// `npm run bench:workshop`: the workshop's busiest reads at scale. One workshop
// with 100,000 vehicles and 500,000 repair orders among 10 workshops; p50/p95/p99
// of the job board, the repair order page and search through the lib functions
// the pages call (Prisma, app role, RLS), each against the same rows read by
// hand-written SQL through `pg` (app role, app.org_id set in a transaction).
// Targets: p95 under 100 ms, and lib p95 within 2x of the raw SQL's.
//
// BENCH_ITERATIONS (200), BENCH_BIG_VEHICLES / BENCH_BIG_ORDERS scale the run;
// BENCH_EXPLAIN=1 prints the raw queries' plans; BENCH_CANDIDATE_SQL="CREATE INDEX ...;..."
// measures again after running those statements as the table owner;
// BENCH_KEEP_DATABASE=1 leaves the database (and prints its name) for a closer look.
import pg from "pg";
import { loadOrgContext, type OrgContext } from "@/lib/org/context";
import { BOARD_COLUMNS, jobBoard } from "@/lib/repair-orders/job-board";
import { repairOrderView } from "@/lib/repair-orders/repair-order-view";
import { searchWorkshop } from "@/lib/search/search-workshop";
import { isValidVin } from "@/lib/vehicles/vin";
import {
  BOARD_SQL, JOBS_SQL, ORDER_SQL, TECHNICIAN_BOARD_SQL, customerSearchSql, jobBoardRaw, repairOrderRaw, searchRaw, textSearchParams, vehicleSearchSql,
} from "./bench/workshop-raw-sql";
import { seedTenant, type SeededTenant, type TenantSize } from "./bench/workshop-seed";
import { measurePair, type PairResult, type Percentiles, type TaggedInput } from "./bench/timing";
import { dropDatabase, provisionDatabase, withCredentials, migrateDatabase } from "./db/provision";
import { startScratchServer } from "./db/scratch-server";
import { prng } from "./bench/prng";

const env = (name: string, fallback: number) => Number(process.env[name] || fallback);
const TENANTS = 10;
const BIG_VEHICLES = env("BENCH_BIG_VEHICLES", 100_000);
const BIG_ORDERS = env("BENCH_BIG_ORDERS", 500_000);
const BIG: TenantSize = { customers: Math.floor(BIG_VEHICLES / 2), vehicles: BIG_VEHICLES, repairOrders: BIG_ORDERS, openOrders: Math.ceil(BIG_ORDERS * 0.003) };
const SMALL: TenantSize = { customers: Math.floor(BIG_VEHICLES / 20), vehicles: Math.floor(BIG_VEHICLES / 10), repairOrders: Math.floor(BIG_ORDERS / 25), openOrders: Math.ceil(BIG_ORDERS * 0.0003) };
const ITERATIONS = env("BENCH_ITERATIONS", 200);
const WARMUP = 20;
const TARGET_P95_MS = 100;
const TARGET_RATIO = 2;

const random = prng(20261126);

const seconds = (since: number) => `${((performance.now() - since) / 1000).toFixed(1)} s`;
const fmt = (n: number) => n.toLocaleString("en-GB");

async function seed(ownerUrl: string) {
  const client = new pg.Client({ connectionString: ownerUrl });
  await client.connect();
  try {
    const now = Date.now();
    const tenants: SeededTenant[] = [];
    for (let t = 0; t < TENANTS; t += 1) {
      const started = performance.now();
      tenants.push(await seedTenant(client, t, t === 0 ? BIG : SMALL, now));
      if (t === 0) console.log(`  big workshop seeded in ${seconds(started)}`);
    }
    const started = performance.now();
    await client.query(`VACUUM (ANALYZE) "Organization", "User", "Membership", "Location", "Customer", "Vehicle", "RepairOrder", "Job", "JobLine"`);
    console.log(`  VACUUM ANALYZE in ${seconds(started)}`);
    return tenants;
  } finally {
    await client.end();
  }
}

async function describeSeed(superuser: pg.Pool, big: SeededTenant) {
  for (const table of ["Customer", "Vehicle", "RepairOrder", "Job", "JobLine"]) {
    const { rows } = await superuser.query<{ all: string; big: string }>(
      `SELECT count(*) AS all, count(*) FILTER (WHERE "organizationId" = $1) AS big FROM "${table}"`,
      [big.orgId],
    );
    console.log(`  ${table.padEnd(12)} ${fmt(Number(rows[0]!.big)).padStart(10)} in the big workshop, ${fmt(Number(rows[0]!.all)).padStart(10)} in all`);
  }
  const open = await superuser.query<{ count: string }>(`SELECT count(*) FROM "RepairOrder" WHERE "organizationId" = $1 AND status = ANY($2::"RepairOrderStatus"[])`, [
    big.orgId,
    BOARD_COLUMNS,
  ]);
  console.log(`  open repair orders (job board) in the big workshop: ${fmt(Number(open.rows[0]!.count))}`);
  const vins = await superuser.query<{ vin: string }>(`SELECT vin FROM "Vehicle" TABLESAMPLE SYSTEM (5) LIMIT 2000`);
  const invalid = vins.rows.filter((row) => !isValidVin(row.vin));
  if (invalid.length > 0) throw new Error(`seeded VINs fail the check digit, e.g. ${invalid[0]!.vin}`);
}

/** A typo a person makes: two neighbouring letters swapped, or one left out. */
function typo(name: string): string {
  const i = 1 + Math.floor(random() * (name.length - 3));
  if (name[i] === " " || name[i + 1] === " " || random() < 0.3) return name.slice(0, i) + name.slice(i + 1);
  return name.slice(0, i) + name[i + 1] + name[i] + name.slice(i + 2);
}

async function searchInputs(superuser: pg.Pool, orgId: string, count: number): Promise<TaggedInput<string>[]> {
  const pick = async <T extends pg.QueryResultRow>(sql: string) => {
    const { rows } = await superuser.query<T>(sql, [orgId]);
    return Array.from({ length: count }, () => rows[Math.floor(random() * rows.length)]!);
  };
  const people = await pick<{ displayName: string; phone: string }>(
    `SELECT "displayName", phone FROM "Customer" WHERE "organizationId" = $1 AND kind = 'PERSON' ORDER BY id LIMIT 5000`,
  );
  const vehicles = await pick<{ registration: string; vin: string }>(`SELECT registration, vin FROM "Vehicle" WHERE "organizationId" = $1 ORDER BY id LIMIT 5000`);
  return Array.from({ length: count }, (_, i) => [
    { tag: "name with a typo", input: typo(people[i]!.displayName) },
    { tag: "plate", input: random() < 0.5 ? vehicles[i]!.registration : vehicles[i]!.registration.replace(" ", "") },
    { tag: "last 6 of VIN", input: vehicles[i]!.vin.slice(-6) },
    { tag: "phone fragment", input: people[i]!.phone.replace(/\D/g, "").slice(-6) },
  ]).flat();
}

async function repairOrderInputs(superuser: pg.Pool, orgId: string, count: number): Promise<TaggedInput<string>[]> {
  const numbers = new Set<number>();
  while (numbers.size < Math.min(count, BIG.repairOrders)) numbers.add(1 + Math.floor(random() * BIG.repairOrders));
  const { rows } = await superuser.query<{ id: string; status: string }>(
    `SELECT id, status FROM "RepairOrder" WHERE "organizationId" = $1 AND number = ANY($2::int[]) ORDER BY md5(id::text)`,
    [orgId, [...numbers]],
  );
  return rows.map((row) => ({ input: row.id, tag: BOARD_COLUMNS.includes(row.status as never) ? "open" : "closed" }));
}

type Board = { status: string; orders: { id: string }[] }[];
const boardIds = (board: Board) => board.flatMap((column) => column.orders.map((order) => order.id)).join(",");

interface Operation {
  name: string;
  inputs: TaggedInput<string>[];
  lib: (input: string) => Promise<unknown>;
  raw: (input: string) => Promise<unknown>;
  rows: (result: unknown) => number;
  /** lib and raw agree on one input, or the reason they don't */
  same: (lib: unknown, raw: unknown) => string | null;
  /** informational: not held to the targets */
  extra?: boolean;
}

function operations(ctx: OrgContext, technician: OrgContext, pool: pg.Pool, inputs: { orders: TaggedInput<string>[]; searches: TaggedInput<string>[] }): Operation[] {
  const boardRows = (result: unknown) => (result as Board).reduce((sum, column) => sum + column.orders.length, 0);
  const sameBoard = (lib: unknown, raw: unknown) => (boardIds(lib as Board) === boardIds(raw as Board) ? null : "different repair orders or order");
  return [
    {
      name: "job board",
      inputs: [{ input: "", tag: "all" }],
      lib: () => jobBoard(ctx),
      raw: () => jobBoardRaw(pool, ctx.orgId),
      rows: boardRows,
      same: sameBoard,
    },
    {
      name: "repair order page",
      inputs: inputs.orders,
      lib: (id) => repairOrderView(ctx, id),
      raw: (id) => repairOrderRaw(pool, ctx.orgId, id),
      rows: (result) => (result as Awaited<ReturnType<typeof repairOrderView>>).order.jobs.reduce((sum, job) => sum + 1 + job.lines.length, 0),
      same: (lib, raw) => {
        const shape = (view: { order: { jobs: { id: string; lines: { id: string | null }[] }[] }; totals: unknown }) =>
          JSON.stringify([view.order.jobs.map((job) => [job.id, job.lines.map((line) => line.id)]), view.totals]);
        return shape(lib as Parameters<typeof shape>[0]) === shape(raw as Parameters<typeof shape>[0]) ? null : "different jobs, lines or totals";
      },
    },
    {
      name: "search",
      inputs: inputs.searches,
      lib: (q) => searchWorkshop(ctx, q),
      raw: (q) => searchRaw(pool, ctx.orgId, q),
      rows: (result) => (result as unknown[]).length,
      same: (lib, raw) => {
        // Hits tied on score and title come back in any order (parallel scans): compare what the list shows.
        type Hit = { title: string; score: number };
        const shown = (hits: Hit[]) => hits.map((hit) => `${hit.title}:${hit.score.toFixed(6)}`).join(",");
        return shown(lib as Hit[]) === shown(raw as Hit[]) ? null : "different hits";
      },
    },
    {
      name: "job board (technician)",
      inputs: [{ input: "", tag: "all" }],
      lib: () => jobBoard(technician),
      raw: () => jobBoardRaw(pool, technician.orgId, technician.userId),
      rows: boardRows,
      same: sameBoard,
      extra: true,
    },
  ];
}

async function explain(pool: pg.Pool, orgId: string, technicianUserId: string, inputs: { orders: TaggedInput<string>[]; searches: TaggedInput<string>[] }) {
  const plans: [string, string, unknown[]][] = [
    ["job board", BOARD_SQL, [orgId, BOARD_COLUMNS]],
    ["job board (technician)", TECHNICIAN_BOARD_SQL, [orgId, BOARD_COLUMNS, technicianUserId]],
    ["repair order page: order", ORDER_SQL, [orgId, inputs.orders[0]!.input]],
    ["repair order page: jobs and lines", JOBS_SQL, [orgId, inputs.orders[0]!.input]],
    ...inputs.searches.slice(0, 4).flatMap((s): [string, string, unknown[]][] => {
      const p = textSearchParams(s.input);
      return [
        [`search customers (${s.tag}: ${s.input})`, customerSearchSql(!/\d/.test(p.q)), [p.q, p.like]],
        [`search vehicles (${s.tag}: ${s.input})`, vehicleSearchSql(true), [p.q, p.compact, p.compactLike]],
      ];
    }),
  ];
  const client = await pool.connect();
  try {
    for (const [name, sql, params] of plans) {
      await client.query("BEGIN");
      await client.query("SELECT set_config('app.org_id', $1, true)", [orgId]);
      const { rows } = await client.query<{ "QUERY PLAN": string }>(`EXPLAIN (ANALYZE, BUFFERS) ${sql}`, params);
      await client.query("ROLLBACK");
      console.log(`\n-- ${name}\n${rows.map((row) => row["QUERY PLAN"]).join("\n")}`);
    }
  } finally {
    client.release();
  }
}

const ms = (n: number) => n.toFixed(1).padStart(6);
const triple = (p: Percentiles) => `${ms(p.p50)} ${ms(p.p95)} ${ms(p.p99)}`;

function printTable(title: string, results: { operation: Operation; result: PairResult }[]) {
  console.log(`\n${title} (ms; n iterations each after up to ${WARMUP} warm-up calls; lib = Prisma through the lib function, raw = pg)`);
  const header = `${"operation".padEnd(24)} ${"n".padStart(4)} ${"rows".padStart(6)} | ${"lib p50".padStart(6)} ${"p95".padStart(6)} ${"p99".padStart(6)} | ${"raw p50".padStart(6)} ${"p95".padStart(6)} ${"p99".padStart(6)} | p95 ratio | p95<${TARGET_P95_MS}ms | lib<=${TARGET_RATIO}x raw`;
  console.log(header);
  console.log("-".repeat(header.length));
  for (const { operation, result } of results) {
    const ratio = result.lib.p95 / result.raw.p95;
    const verdict = (ok: boolean) => (operation.extra ? "(info)" : ok ? "PASS" : "FAIL");
    console.log(
      `${operation.name.padEnd(24)} ${String(result.iterations).padStart(4)} ${result.meanRows.toFixed(1).padStart(6)} | ${triple(result.lib)} | ${triple(result.raw)} | ${`${ratio.toFixed(2)}x`.padStart(9)} | ${verdict(result.lib.p95 < TARGET_P95_MS).padEnd(9)} | ${verdict(ratio <= TARGET_RATIO)}`,
    );
  }
  for (const { operation, result } of results) {
    if (result.byTag.size < 2) continue;
    console.log(`  ${operation.name} by input:`);
    for (const [tag, p] of result.byTag) console.log(`    ${tag.padEnd(20)} lib ${triple(p.lib)} | raw ${triple(p.raw)}`);
  }
}

async function measureAll(list: Operation[]) {
  const results: { operation: Operation; result: PairResult }[] = [];
  for (const operation of list) {
    const first = operation.inputs[0]!.input;
    const difference = operation.same(await operation.lib(first), await operation.raw(first));
    if (difference && !operation.extra) throw new Error(`${operation.name}: lib and raw SQL disagree: ${difference}`);
    if (difference) console.log(`  note: ${operation.name}: ${difference}`);
    const result = await measurePair(operation.inputs, operation.lib, operation.raw, { warmup: WARMUP, iterations: ITERATIONS, rows: operation.rows });
    results.push({ operation, result });
  }
  return results;
}

async function main() {
  const server = await startScratchServer();
  const name = `awms_bench_workshop_${process.pid}`;
  let pool: pg.Pool | undefined;
  let superuser: pg.Pool | undefined;
  try {
    const database = await provisionDatabase(server.adminUrl, name, server.passwords);
    await migrateDatabase(server.adminUrl, database.ownerUrl);
    // lib/db's client reads DATABASE_URL on first use: the app role, which RLS binds.
    process.env.DATABASE_URL = database.appUrl;
    const admin = new URL(server.adminUrl);
    superuser = new pg.Pool({ connectionString: withCredentials(server.adminUrl, decodeURIComponent(admin.username), decodeURIComponent(admin.password) || null, name), max: 2 });
    superuser.on("error", () => {});
    const version = (await superuser.query<{ server_version: string }>("SHOW server_version")).rows[0]!.server_version;
    console.log(`bench:workshop on ${server.kind} PostgreSQL ${version}, database ${name}`);
    console.log(
      `Seeding ${TENANTS} workshops (set-based SQL as the table owner): one with ${fmt(BIG.customers)} customers, ${fmt(BIG.vehicles)} vehicles, ` +
        `${fmt(BIG.repairOrders)} repair orders (1-3 jobs each, 1-3 lines per job); ${TENANTS - 1} with ${fmt(SMALL.customers)} customers, ` +
        `${fmt(SMALL.vehicles)} vehicles, ${fmt(SMALL.repairOrders)} repair orders`,
    );
    const seeding = performance.now();
    const tenants = await seed(database.ownerUrl);
    console.log(`Seeded in ${seconds(seeding)}`);
    const big = tenants[0]!;
    await describeSeed(superuser, big);

    const meta = { ip: "198.51.100.7", userAgent: "bench:workshop", requestId: "bench" };
    const ctx = await loadOrgContext(big.ownerUserId, big.slug, meta);
    const technician = await loadOrgContext(big.technicianUserIds[0]!, big.slug, meta);
    if (!ctx || ctx.role !== "OWNER" || !technician) throw new Error("the bench members have no membership context");
    pool = new pg.Pool({ connectionString: database.appUrl, max: 10 });
    const inputs = {
      orders: await repairOrderInputs(superuser, big.orgId, WARMUP + ITERATIONS),
      searches: await searchInputs(superuser, big.orgId, Math.ceil((WARMUP + ITERATIONS) / 4)),
    };
    console.log(`Inputs: ${inputs.orders.length} random repair orders (${inputs.orders.filter((o) => o.tag === "open").length} open); ` +
      `${inputs.searches.length} searches, e.g. ${inputs.searches.slice(0, 4).map((s) => JSON.stringify(s.input)).join(", ")}`);
    if (process.env.BENCH_EXPLAIN === "1") await explain(pool, big.orgId, technician.userId, inputs);

    const list = operations(ctx, technician, pool, inputs);
    printTable("Results", await measureAll(list));

    const candidate = process.env.BENCH_CANDIDATE_SQL;
    if (candidate) {
      const owner = new pg.Client({ connectionString: database.ownerUrl });
      await owner.connect();
      try {
        for (const statement of candidate.split(";").map((s) => s.trim()).filter(Boolean)) {
          const started = performance.now();
          await owner.query(statement);
          console.log(`\nCandidate: ${statement} (${seconds(started)})`);
        }
        await owner.query(`ANALYZE "Customer", "Vehicle", "RepairOrder", "Job", "JobLine"`);
      } finally {
        await owner.end();
      }
      if (process.env.BENCH_EXPLAIN === "1") await explain(pool, big.orgId, technician.userId, inputs);
      printTable("Results with the candidate", await measureAll(list));
    }
  } finally {
    await pool?.end();
    await superuser?.end();
    const cache = globalThis as unknown as { awmsDb?: { $disconnect(): Promise<void> } };
    await cache.awmsDb?.$disconnect();
    if (process.env.BENCH_KEEP_DATABASE === "1" && server.kind === "system") console.log(`Kept database ${name}: drop it when done.`);
    else await dropDatabase(server.adminUrl, name);
    await server.stop();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(`bench:workshop failed: ${(error as Error).stack ?? String(error)}`);
    process.exit(1);
  },
);
