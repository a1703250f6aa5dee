// Tamper evidence: the verifier against a database owner who edits, removes,
// reorders or rolls back audit entries (the append-only trigger switched off
// for the purpose), and the daily anchors written outside the database.
import { spawnSync } from "node:child_process";
import { readFileSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { anchorAuditHeads } from "@/lib/audit/anchor-audit-heads";
import { readAnchors } from "@/lib/audit/anchors";
import { audit } from "@/lib/audit/audit";
import { describeChain } from "@/lib/audit/describe-chain";
import { verifyOrganizationChain } from "@/lib/audit/verify-chain";
import { withTenant } from "@/lib/db";
import { reloadServerEnv } from "@/lib/env";
import { sendJob, stopJobProducer } from "@/lib/jobs/send-job";
import { startJobWorkers } from "@/lib/jobs/workers";
import { removeScratchDirs, scratchDir } from "../support/scratch-dir";
import { createTestDatabase, type TestDatabase } from "../support/test-database";
import { seedWorkshop, type SeededWorkshop } from "../support/workshops";

let database: TestDatabase;
const workshops: Record<"clean" | "edited" | "deleted" | "swapped" | "rolledBack" | "forged", SeededWorkshop> = {} as never;
// Anchors for the tamper tests; the file tests use folders of their own.
const anchors = scratchDir("anchors");
const DAY = new Date("2026-11-28T00:15:00Z");

beforeAll(async () => {
  database = await createTestDatabase({ poolSize: 6 });
  for (const label of Object.keys({ clean: 1, edited: 1, deleted: 1, swapped: 1, rolledBack: 1, forged: 1 }) as Array<keyof typeof workshops>) {
    workshops[label] = await seedWorkshop(database.app, label, 4);
  }
  await anchorAuditHeads({ dir: anchors, now: DAY });
});

afterAll(async () => {
  await stopJobProducer();
  delete process.env.AUDIT_ANCHOR_DIR;
  reloadServerEnv();
  removeScratchDirs();
  await database.drop();
});

/** What a database owner with bad intent can do: switch the trigger off, change the log, switch it on. */
async function tamper(orgId: string, ...statements: string[]) {
  const client = await database.owner.connect();
  try {
    await client.query("BEGIN");
    await client.query("SELECT set_config('app.org_id', $1, true)", [orgId]);
    await client.query('ALTER TABLE "AuditLog" DISABLE TRIGGER audit_log_append_only');
    for (const sql of statements) await client.query(sql, [orgId]);
    await client.query('ALTER TABLE "AuditLog" ENABLE TRIGGER audit_log_append_only');
    await client.query("COMMIT");
  } catch (error) {
    await client.query("ROLLBACK");
    throw error;
  } finally {
    client.release();
  }
}

const verify = (orgId: string, options: { anchors?: [] } = {}) => verifyOrganizationChain(orgId, database.app, { anchorDir: anchors, ...options });
const seqs = (orgId: string) => withTenant(orgId, (tx) => tx.auditLog.findMany({ orderBy: { seq: "asc" }, select: { seq: true } }), { client: database.app });

test("a clean chain with its anchor passes, and still does after more entries", async () => {
  const { orgId, userId } = workshops.clean;
  const anchored = await verify(orgId);
  expect(anchored).toMatchObject({ ok: true, entries: 4, headSeq: 4, anchorsChecked: 1, anchorFailures: [], matchedAnchor: { day: "2026-11-28", seq: 4 } });
  for (const i of [1, 2]) await withTenant(orgId, (tx) => audit(tx, { orgId, userId }, "vehicle.update", { type: "Vehicle", id: `v${i}` }), { client: database.app });
  const report = await verify(orgId);
  expect(report.ok).toBe(true);
  expect(describeChain(report)).toBe(`Intact: 6 entries, head ${report.headHash}, matches the anchor of 2026-11-28 (entry 4)`);
});

test("an edited entry breaks the chain at that entry", async () => {
  const { orgId } = workshops.edited;
  await tamper(orgId, `UPDATE "AuditLog" SET "targetId" = 'someone-else' WHERE "organizationId" = $1 AND seq = 2`);
  const report = await verify(orgId);
  expect(report).toMatchObject({ ok: false, brokenAtSeq: 2, reason: "entry content does not match its hash" });
  expect(describeChain(report)).toBe("Broken at entry 2: entry content does not match its hash");
});

test("a deleted entry in the middle is named as missing", async () => {
  const { orgId } = workshops.deleted;
  await tamper(orgId, `DELETE FROM "AuditLog" WHERE "organizationId" = $1 AND seq = 2`);
  expect(await verify(orgId)).toMatchObject({ ok: false, brokenAtSeq: 3, reason: "entry 2 is missing" });
});

test("two entries swapped (their seq exchanged) break the chain where the swap starts", async () => {
  const { orgId } = workshops.swapped;
  await tamper(
    orgId,
    `UPDATE "AuditLog" SET seq = 1000 WHERE "organizationId" = $1 AND seq = 2`,
    `UPDATE "AuditLog" SET seq = 2 WHERE "organizationId" = $1 AND seq = 3`,
    `UPDATE "AuditLog" SET seq = 3 WHERE "organizationId" = $1 AND seq = 1000`,
  );
  expect((await seqs(orgId)).map((row) => row.seq)).toEqual([1, 2, 3, 4]);
  expect(await verify(orgId)).toMatchObject({ ok: false, brokenAtSeq: 2 });
});

test("a rolled-back head (the newest entries deleted after the anchor) is caught only by the anchor", async () => {
  const { orgId } = workshops.rolledBack;
  await tamper(orgId, `DELETE FROM "AuditLog" WHERE "organizationId" = $1 AND seq > 2`);
  // The remaining chain links hold: without the anchor nothing would show.
  expect(await verify(orgId, { anchors: [] })).toMatchObject({ ok: true, entries: 2 });
  const report = await verify(orgId);
  expect(report).toMatchObject({
    ok: false, entries: 2, headSeq: 2, brokenAtSeq: 3,
    reason: "rolled back: anchor of 2026-11-28 has seq 4, the log ends at 2",
    anchorFailures: [{ problem: "rolled-back", seq: 4, day: "2026-11-28" }],
  });
  expect(describeChain(report)).toBe("Broken rolled back: anchor of 2026-11-28 has seq 4, the log ends at 2");
});

test("a rewritten tail (the newest entry replaced by a properly chained one) differs from the anchored hash", async () => {
  const { orgId, userId } = workshops.forged;
  await tamper(orgId, `DELETE FROM "AuditLog" WHERE "organizationId" = $1 AND seq = 4`);
  await withTenant(orgId, (tx) => audit(tx, { orgId, userId }, "customer.create", { type: "Customer", id: "a-harmless-one" }), { client: database.app });
  expect(await verify(orgId, { anchors: [] })).toMatchObject({ ok: true, entries: 4 });
  expect(await verify(orgId)).toMatchObject({
    ok: false, brokenAtSeq: 4, reason: "anchor of 2026-11-28: entry 4 no longer has the anchored hash", anchorFailures: [{ problem: "differs" }],
  });
});

test("npm run audit:verify exits 1, names the rolled-back and broken workshops and passes the clean one", () => {
  const result = spawnSync(process.execPath, ["node_modules/tsx/dist/cli.mjs", "scripts/audit-verify.ts"], {
    env: { ...process.env, DATABASE_URL: database.appUrl, AUDIT_ANCHOR_DIR: anchors },
    encoding: "utf8",
  });
  expect(result.status).toBe(1);
  expect(result.stdout).toContain(`ok      ${workshops.clean.orgId}  Intact: 6 entries`);
  expect(result.stdout).toContain(`BROKEN  ${workshops.rolledBack.orgId}  rolled back: anchor of 2026-11-28 has seq 4, the log ends at 2`);
  expect(result.stdout).toContain(`BROKEN  ${workshops.edited.orgId}  at entry 2: entry content does not match its hash`);
  expect(result.stdout).toContain(`BROKEN  ${workshops.forged.orgId}  anchor of 2026-11-28: entry 4 no longer has the anchored hash`);
  expect(result.stdout).toContain("6 organizations checked, 5 broken");
});

describe("the anchor file", () => {
  test("each run appends one line per workshop to the day's file, never rewriting a line, and leaves it read-only", async () => {
    const dir = scratchDir("anchor-file");
    const first = await anchorAuditHeads({ dir, now: new Date("2026-11-29T00:15:00Z") });
    expect(path.basename(first.file)).toBe("2026-11-29.jsonl");
    const before = readFileSync(first.file, "utf8");
    const inode = statSync(first.file).ino;
    expect(before.trim().split("\n")).toHaveLength(6);

    const { orgId, userId } = workshops.clean;
    await withTenant(orgId, (tx) => audit(tx, { orgId, userId }, "vehicle.update", { type: "Vehicle", id: "v3" }), { client: database.app });
    const second = await anchorAuditHeads({ dir, now: new Date("2026-11-29T13:00:00Z") });
    expect(second.file).toBe(first.file);
    const after = readFileSync(first.file, "utf8");
    expect(after.startsWith(before)).toBe(true);
    expect(statSync(first.file).ino).toBe(inode);
    const lines = after.trim().split("\n").map((line) => JSON.parse(line) as { organizationId: string; seq: number; anchoredAt: string });
    expect(lines).toHaveLength(12);
    const runs = [lines.slice(0, 6), lines.slice(6)];
    for (const run of runs) expect(new Set(run.map((l) => l.organizationId))).toEqual(new Set(Object.values(workshops).map((w) => w.orgId)));
    expect(runs[1]!.find((l) => l.organizationId === orgId)).toMatchObject({ seq: 7, anchoredAt: "2026-11-29T13:00:00.000Z" });
    expect(statSync(first.file).mode & 0o777).toBe(0o444);

    await anchorAuditHeads({ dir, now: new Date("2026-11-30T00:15:00Z") });
    expect(readdirSync(dir).sort()).toEqual(["2026-11-29.jsonl", "2026-11-30.jsonl"]);
    expect(readFileSync(first.file, "utf8")).toBe(after);
    expect((await readAnchors({ dir, organizationId: orgId })).anchors.map((a) => a.seq)).toEqual([6, 7, 7]);
  });

  test("a damaged line is reported as unreadable, not taken for an anchor", async () => {
    const dir = scratchDir("anchor-damaged");
    await anchorAuditHeads({ dir, now: DAY });
    const file = path.join(dir, "2026-11-28.jsonl");
    const { chmodSync, appendFileSync } = await import("node:fs");
    chmodSync(file, 0o644);
    appendFileSync(file, '{"organizationId":"not-a-uuid","seq":1}\n');
    const read = await readAnchors({ dir });
    expect(read.unreadable).toEqual(["2026-11-28.jsonl:7"]);
    expect(read.anchors).toHaveLength(6);
  });

  test("the audit-anchors background job writes today's file in AUDIT_ANCHOR_DIR", async () => {
    const dir = scratchDir("anchor-job");
    process.env.AUDIT_ANCHOR_DIR = dir;
    reloadServerEnv();
    const workers = await startJobWorkers({ connectionString: database.appUrl, pollingIntervalSeconds: 0.5, jobs: ["audit-anchors"] });
    try {
      const jobId = await sendJob("audit-anchors");
      const deadline = Date.now() + 20_000;
      while ((await workers.boss.getJobById("audit-anchors", jobId!))?.state !== "completed") {
        if (Date.now() > deadline) throw new Error("the audit-anchors job did not complete");
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    } finally {
      await workers.stop({ timeoutMs: 5_000 });
    }
    const today = `${new Date().toISOString().slice(0, 10)}.jsonl`;
    expect(readdirSync(dir)).toEqual([today]);
    expect(readFileSync(path.join(dir, today), "utf8").trim().split("\n")).toHaveLength(6);
  });
});
