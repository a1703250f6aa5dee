import { spawnSync } from "node:child_process";
import { audit } from "@/lib/audit/audit";
import { verifyAllChains, verifyOrganizationChain } from "@/lib/audit/verify-chain";
import { withTenant } from "@/lib/db";
import { createTestDatabase, type TestDatabase } from "../support/test-database";
import { seedWorkshop, type SeededWorkshop } from "../support/workshops";

let database: TestDatabase;
let a: SeededWorkshop;
let b: SeededWorkshop;

beforeAll(async () => {
  database = await createTestDatabase({ poolSize: 8 });
  a = await seedWorkshop(database.app, "A");
  b = await seedWorkshop(database.app, "B");
});

afterAll(() => database.drop());

async function entries(orgId: string) {
  return withTenant(orgId, (tx) => tx.auditLog.findMany({ orderBy: { seq: "asc" } }), { client: database.app });
}

/** What a database owner with bad intent can do: switch the trigger off, edit, switch it on. */
async function tamper(orgId: string, sql: string, params: unknown[]) {
  const client = await database.owner.connect();
  try {
    await client.query("BEGIN");
    await client.query("SELECT set_config('app.org_id', $1, true)", [orgId]);
    await client.query('ALTER TABLE "AuditLog" DISABLE TRIGGER audit_log_append_only');
    await client.query(sql, params);
    await client.query('ALTER TABLE "AuditLog" ENABLE TRIGGER audit_log_append_only');
    await client.query("COMMIT");
  } finally {
    client.release();
  }
}

test("each workshop has its own chain, numbered from 1, that verifies", async () => {
  const rows = await entries(a.orgId);
  expect(rows.map((row) => row.seq)).toEqual([1, 2, 3]);
  expect(rows[0]!.prevHash).toBe("0".repeat(64));
  expect(rows[1]!.prevHash).toBe(rows[0]!.hash);
  const reports = await verifyAllChains(database.app);
  expect(reports.map((r) => [r.organizationId, r.ok, r.entries]).sort()).toEqual(
    [[a.orgId, true, 3], [b.orgId, true, 3]].sort(),
  );
});

test("concurrent writers in one workshop still produce one unbroken chain", async () => {
  await Promise.all(
    Array.from({ length: 20 }, (_, i) =>
      withTenant(b.orgId, (tx) => audit(tx, { orgId: b.orgId, userId: b.userId }, "vehicle.update", { type: "Vehicle", id: `v${i}` }, { i }), {
        client: database.app,
      }),
    ),
  );
  const rows = await entries(b.orgId);
  expect(rows.map((row) => row.seq)).toEqual(Array.from({ length: 23 }, (_, i) => i + 1));
  expect((await verifyOrganizationChain(b.orgId, database.app)).ok).toBe(true);
});

test("the app role cannot update, delete or truncate audit entries", async () => {
  const attempt = (sql: string) =>
    withTenant(a.orgId, (tx) => tx.$executeRawUnsafe(sql), { client: database.app });
  await expect(attempt(`UPDATE "AuditLog" SET action = 'nothing.happened'`)).rejects.toThrow(/permission denied/);
  await expect(attempt(`DELETE FROM "AuditLog"`)).rejects.toThrow(/permission denied/);
  await expect(attempt(`TRUNCATE "AuditLog"`)).rejects.toThrow(/permission denied/);
  expect((await entries(a.orgId)).length).toBe(3);
});

test("even the table owner's UPDATE, DELETE and TRUNCATE are rejected by the trigger", async () => {
  const asOwner = async (sql: string) => {
    const client = await database.owner.connect();
    try {
      await client.query("BEGIN");
      await client.query("SELECT set_config('app.org_id', $1, true)", [a.orgId]);
      await client.query(sql);
    } finally {
      await client.query("ROLLBACK");
      client.release();
    }
  };
  await expect(asOwner(`UPDATE "AuditLog" SET action = 'nothing.happened'`)).rejects.toThrow(/append-only/);
  await expect(asOwner(`DELETE FROM "AuditLog"`)).rejects.toThrow(/append-only/);
  await expect(asOwner(`TRUNCATE "AuditLog"`)).rejects.toThrow(/append-only/);
});

test("the verifier finds an entry the owner altered, and names it", async () => {
  const target = (await entries(a.orgId))[1]!;
  await tamper(a.orgId, `UPDATE "AuditLog" SET metadata = '{"displayName":"someone else"}' WHERE "organizationId" = $1 AND seq = 2`, [a.orgId]);
  const report = await verifyOrganizationChain(a.orgId, database.app);
  expect(report).toMatchObject({ ok: false, brokenAtSeq: target.seq, reason: expect.stringContaining("hash") });
  // B's chain is untouched.
  expect((await verifyOrganizationChain(b.orgId, database.app)).ok).toBe(true);
});

test("the verifier finds a removed entry", async () => {
  await tamper(b.orgId, `DELETE FROM "AuditLog" WHERE "organizationId" = $1 AND seq = 5`, [b.orgId]);
  expect(await verifyOrganizationChain(b.orgId, database.app)).toMatchObject({
    ok: false,
    brokenAtSeq: 6,
    reason: "entry 5 is missing",
  });
});

test("npm run audit:verify exits 1 and names the broken chains", () => {
  const result = spawnSync(process.execPath, ["node_modules/tsx/dist/cli.mjs", "scripts/audit-verify.ts"], {
    env: { ...process.env, DATABASE_URL: database.appUrl },
    encoding: "utf8",
  });
  expect(result.status).toBe(1);
  expect(result.stdout).toContain(`BROKEN  ${a.orgId}  at entry 2`);
  expect(result.stdout).toContain(`BROKEN  ${b.orgId}  at entry 6`);
  expect(result.stdout).toContain("2 organizations checked, 2 broken");
});
