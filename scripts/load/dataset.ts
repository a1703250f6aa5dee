// The load test's workshops: the benchmark's seeded tenants (scripts/bench/workshop-seed.ts),
// made usable over HTTP. Every member gets a password so they can sign in as a browser does,
// every workshop an API key, and the load picks its inputs (repair orders to open, jobs to
// add lines to, searches to type) from each workshop's own rows.
import { randomUUID } from "node:crypto";
import pg from "pg";
import { generateApiKey } from "@/lib/api-keys/api-key-format";
import { hashPassword } from "@/lib/auth/password";
import { seedTenant, type SeededTenant, type TenantSize } from "../bench/workshop-seed";

export const LOAD_PASSWORD = "load test password 1";

export interface LoadTenant {
  index: number;
  orgId: string;
  slug: string;
  advisorEmails: string[];
  technicianEmails: string[];
  apiKey: string;
  /** repair orders an advisor opens (any status) */
  orderIds: string[];
  /** [repair order, job] whose lines can still change (the order open, the customer not yet asked about the job): where advisors add lines */
  editableJobs: { orderId: string; jobId: string }[];
  /** what an advisor types into search: plates, surnames, VIN endings */
  searches: string[];
}

/** Sizes as bench:workshop derives them: one big workshop and the rest a tenth of it. */
export function benchSizes(bigVehicles: number, bigOrders: number): { big: TenantSize; small: TenantSize } {
  return {
    big: { customers: Math.floor(bigVehicles / 2), vehicles: bigVehicles, repairOrders: bigOrders, openOrders: Math.ceil(bigOrders * 0.003) },
    small: {
      customers: Math.floor(bigVehicles / 20), vehicles: Math.floor(bigVehicles / 10), repairOrders: Math.floor(bigOrders / 25),
      openOrders: Math.max(20, Math.ceil(bigOrders * 0.0003)),
    },
  };
}

async function inTenant<T>(client: pg.Client, orgId: string, run: () => Promise<T>): Promise<T> {
  await client.query("BEGIN");
  try {
    await client.query("SELECT set_config('app.org_id', $1, true)", [orgId]);
    const result = await run();
    await client.query("COMMIT");
    return result;
  } catch (error) {
    await client.query("ROLLBACK");
    throw error;
  }
}

async function prepare(client: pg.Client, seeded: SeededTenant, index: number, passwordHash: string): Promise<LoadTenant> {
  return inTenant(client, seeded.orgId, async () => {
    const members = await client.query<{ id: string; email: string; role: string }>(
      `SELECT u.id, u.email, m.role FROM "Membership" m JOIN "User" u ON u.id = m."userId" WHERE m."organizationId" = $1 ORDER BY u.email`,
      [seeded.orgId],
    );
    await client.query(`UPDATE "User" SET "passwordHash" = $1 WHERE id = ANY($2::uuid[])`, [passwordHash, members.rows.map((m) => m.id)]);
    const { key, keyHash, lastFour } = generateApiKey(seeded.orgId);
    await client.query(
      `INSERT INTO "ApiKey" ("organizationId", id, name, scope, "keyHash", "lastFour", "createdByUserId", "updatedAt")
       VALUES ($1, $2, 'load test', 'READ', $3, $4, $5, now())`,
      [seeded.orgId, randomUUID(), keyHash, lastFour, seeded.ownerUserId],
    );
    const orders = await client.query<{ id: string }>(
      `SELECT id FROM "RepairOrder" WHERE "organizationId" = $1 ORDER BY md5(id::text) LIMIT 200`,
      [seeded.orgId],
    );
    const jobs = await client.query<{ orderId: string; jobId: string }>(
      `SELECT r.id AS "orderId", j.id AS "jobId" FROM "RepairOrder" r JOIN "Job" j ON j."organizationId" = r."organizationId" AND j."repairOrderId" = r.id
        WHERE r."organizationId" = $1 AND r.status IN ('ESTIMATE', 'AWAITING_APPROVAL', 'APPROVED', 'IN_PROGRESS', 'WAITING_PARTS')
          AND j.approval = 'PENDING'
        ORDER BY md5(j.id::text) LIMIT 100`,
      [seeded.orgId],
    );
    const vehicles = await client.query<{ registration: string; vin: string }>(
      `SELECT registration, vin FROM "Vehicle" WHERE "organizationId" = $1 ORDER BY md5(id::text) LIMIT 40`,
      [seeded.orgId],
    );
    const people = await client.query<{ displayName: string }>(
      `SELECT "displayName" FROM "Customer" WHERE "organizationId" = $1 AND kind = 'PERSON' ORDER BY md5(id::text) LIMIT 40`,
      [seeded.orgId],
    );
    if (orders.rows.length === 0 || jobs.rows.length === 0) throw new Error(`${seeded.slug} has no repair orders to work on`);
    return {
      index,
      orgId: seeded.orgId,
      slug: seeded.slug,
      advisorEmails: members.rows.filter((m) => m.role === "OWNER" || m.role === "SERVICE_ADVISOR").map((m) => m.email),
      technicianEmails: members.rows.filter((m) => m.role === "TECHNICIAN").map((m) => m.email),
      apiKey: key,
      orderIds: orders.rows.map((row) => row.id),
      editableJobs: jobs.rows,
      searches: [
        ...vehicles.rows.map((v) => v.registration),
        ...vehicles.rows.slice(0, 10).map((v) => v.vin.slice(-6)),
        ...people.rows.map((p) => p.displayName.split(" ").pop()!),
      ],
    };
  });
}

/**
 * Seeds `tenants` workshops into an empty migrated database (as its table owner): the first
 * `big`, the rest `small`, exactly as bench:workshop does, then readies them for the load.
 */
export async function seedLoadDataset(ownerUrl: string, tenants: number, sizes: { big: TenantSize; small: TenantSize }, log = (_: string) => {}): Promise<LoadTenant[]> {
  const client = new pg.Client({ connectionString: ownerUrl });
  await client.connect();
  try {
    const now = Date.now();
    const passwordHash = await hashPassword(LOAD_PASSWORD);
    const ready: LoadTenant[] = [];
    for (let t = 0; t < tenants; t += 1) {
      const started = performance.now();
      const seeded = await seedTenant(client, t, t === 0 ? sizes.big : sizes.small, now);
      ready.push(await prepare(client, seeded, t, passwordHash));
      log(`  ${seeded.slug} seeded in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    }
    await client.query(`VACUUM (ANALYZE) "Organization", "User", "Membership", "Customer", "Vehicle", "RepairOrder", "Job", "JobLine", "ApiKey"`);
    return ready;
  } finally {
    await client.end();
  }
}
