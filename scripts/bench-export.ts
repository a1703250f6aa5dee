// `npm run bench:export`: the whole-workshop GDPR export of a large workshop
// (100,000 vehicles and 500,000 repair orders with their jobs and lines, seeded
// as in bench:workshop), run in this process through the job's own function.
// Reports records written per second and the process's peak RSS, sampled every
// 100 ms while the export runs. Targets: at least 20,000 rows/s, under 300 MB.
//
// BENCH_BIG_VEHICLES / BENCH_BIG_ORDERS scale the workshop; the database is
// created for the run and dropped after it.
import { mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { withTenant } from "@/lib/db";
import { reloadServerEnv } from "@/lib/env";
import { runPrivacyExport } from "@/lib/gdpr/export/run-export";
import type { ArchiveSummary } from "@/lib/gdpr/export/write-export-archive";
import { seedTenant, type TenantSize } from "./bench/workshop-seed";
import { dropDatabase, migrateDatabase, provisionDatabase, withCredentials } from "./db/provision";
import { startScratchServer } from "./db/scratch-server";

const env = (name: string, fallback: number) => Number(process.env[name] || fallback);
const VEHICLES = env("BENCH_BIG_VEHICLES", 100_000);
const ORDERS = env("BENCH_BIG_ORDERS", 500_000);
const SIZE: TenantSize = { customers: Math.floor(VEHICLES / 2), vehicles: VEHICLES, repairOrders: ORDERS, openOrders: Math.ceil(ORDERS * 0.003) };
const TARGET_ROWS_PER_SECOND = 20_000;
const TARGET_RSS_MB = 300;
const SAMPLE_MS = 100;

const fmt = (n: number) => Math.round(n).toLocaleString("en-GB");
const mb = (bytes: number) => bytes / 1024 / 1024;

async function seed(ownerUrl: string) {
  const client = new pg.Client({ connectionString: ownerUrl });
  await client.connect();
  try {
    const tenant = await seedTenant(client, 0, SIZE, Date.now());
    // a second, small workshop: its rows sit in the same tables and must not slow or join the export
    await seedTenant(client, 1, { customers: 500, vehicles: 1_000, repairOrders: 5_000, openOrders: 10 }, Date.now());
    await client.query(`VACUUM (ANALYZE) "Customer", "Vehicle", "RepairOrder", "Job", "JobLine"`);
    return tenant;
  } finally {
    await client.end();
  }
}

async function main() {
  const server = await startScratchServer();
  const name = `awms_bench_export_${process.pid}`;
  const files = await mkdtemp(path.join(tmpdir(), "awms-bench-export-"));
  let superuser: pg.Pool | undefined;
  try {
    const database = await provisionDatabase(server.adminUrl, name, server.passwords);
    await migrateDatabase(server.adminUrl, database.ownerUrl);
    process.env.DATABASE_URL = database.appUrl;
    process.env.ATTACHMENTS_DIR = files;
    reloadServerEnv();
    const admin = new URL(server.adminUrl);
    superuser = new pg.Pool({ connectionString: withCredentials(server.adminUrl, decodeURIComponent(admin.username), decodeURIComponent(admin.password) || null, name), max: 2 });
    superuser.on("error", () => {});
    const version = (await superuser.query<{ server_version: string }>("SHOW server_version")).rows[0]!.server_version;
    console.log(`bench:export on ${server.kind} PostgreSQL ${version}, database ${name}, Node ${process.version}`);
    console.log(`Seeding a workshop with ${fmt(SIZE.customers)} customers, ${fmt(SIZE.vehicles)} vehicles and ${fmt(SIZE.repairOrders)} repair orders (1-3 jobs each, 1-3 lines per job)...`);
    const seeding = performance.now();
    const tenant = await seed(database.ownerUrl);
    console.log(`  seeded in ${((performance.now() - seeding) / 1000).toFixed(1)} s`);
    for (const table of ["Customer", "Vehicle", "RepairOrder", "Job", "JobLine"]) {
      const { rows } = await superuser.query<{ count: string }>(`SELECT count(*) FROM "${table}" WHERE "organizationId" = $1`, [tenant.orgId]);
      console.log(`  ${table.padEnd(12)} ${fmt(Number(rows[0]!.count)).padStart(10)}`);
    }

    const request = await withTenant(tenant.orgId, (tx) =>
      tx.privacyRequest.create({
        data: { organizationId: tenant.orgId, kind: "EXPORT", scope: "ORGANIZATION", status: "QUEUED", requestedByUserId: tenant.ownerUserId, dueAt: new Date(Date.now() + 30 * 86_400_000) },
      }),
    );

    global.gc?.();
    const heapBefore = process.memoryUsage();
    const rssBefore = heapBefore.rss;
    let peakRss = rssBefore;
    let atPeak = process.memoryUsage();
    const sampler = setInterval(() => {
      const usage = process.memoryUsage();
      if (usage.rss > peakRss) {
        peakRss = usage.rss;
        atPeak = usage;
      }
    }, SAMPLE_MS);
    let summary: ArchiveSummary | undefined;
    const started = performance.now();
    try {
      await runPrivacyExport({ orgId: tenant.orgId, requestId: request.id }, { onFinished: (result) => (summary = result) });
    } finally {
      clearInterval(sampler);
    }
    const seconds = (performance.now() - started) / 1000;
    peakRss = Math.max(peakRss, process.memoryUsage().rss);

    const done = await withTenant(tenant.orgId, (tx) => tx.privacyRequest.findFirstOrThrow({ where: { id: request.id } }));
    if (done.status !== "READY" || !summary || !done.fileKey) throw new Error(`the export did not finish: ${done.status} ${done.error ?? ""}`);
    const zipBytes = (await stat(path.join(files, ...done.fileKey.split("/")))).size;
    const rowsPerSecond = summary.records / seconds;

    console.log("\nExport of the whole workshop (in-process, the privacy-export job's function):");
    for (const file of summary.files.filter((f) => f.rows)) {
      const nested = file.nestedRows ? ` (+ ${Object.entries(file.nestedRows).map(([list, n]) => `${fmt(n)} ${list}`).join(", ")})` : "";
      console.log(`  ${file.file.padEnd(24)} ${fmt(file.rows!).padStart(10)} rows${nested}, ${(mb(file.byteSize)).toFixed(1)} MB of JSON`);
    }
    console.log(`  records written      ${fmt(summary.records)}`);
    console.log(`  time                 ${seconds.toFixed(1)} s`);
    console.log(`  ZIP                  ${mb(zipBytes).toFixed(1)} MB (sha256 ${done.sha256})`);
    console.log(`  V8 heap before      ${mb(heapBefore.heapUsed).toFixed(0)} MB used of ${mb(heapBefore.heapTotal).toFixed(0)} MB`);
    console.log(`  RSS before / peak    ${mb(rssBefore).toFixed(0)} MB / ${mb(peakRss).toFixed(0)} MB (sampled every ${SAMPLE_MS} ms)`);
    console.log(`  at the peak          V8 heap ${mb(atPeak.heapUsed).toFixed(0)} MB used of ${mb(atPeak.heapTotal).toFixed(0)} MB, external ${mb(atPeak.external).toFixed(0)} MB (buffers ${mb(atPeak.arrayBuffers).toFixed(0)} MB)`);
    console.log("");
    const okRate = rowsPerSecond >= TARGET_ROWS_PER_SECOND;
    const okRss = mb(peakRss) < TARGET_RSS_MB;
    console.log(`${okRate ? "PASS" : "FAIL"} throughput: ${fmt(rowsPerSecond)} rows/s (target >= ${fmt(TARGET_ROWS_PER_SECOND)})`);
    console.log(`${okRss ? "PASS" : "FAIL"} peak RSS: ${mb(peakRss).toFixed(0)} MB (target < ${TARGET_RSS_MB} MB)`);
    process.exitCode = okRate && okRss ? 0 : 1;
  } finally {
    await superuser?.end();
    const cache = globalThis as unknown as { awmsDb?: { $disconnect(): Promise<void> } };
    await cache.awmsDb?.$disconnect();
    await dropDatabase(server.adminUrl, name);
    await server.stop();
    await rm(files, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(process.exitCode ?? 0),
  (error: unknown) => {
    console.error(`bench:export failed: ${(error as Error).stack ?? String(error)}`);
    process.exit(1);
  },
);
