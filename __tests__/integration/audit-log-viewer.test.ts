// The audit log as an admin reads it: filters that return exactly the matching
// entries, pages by seq, an entry's before/after, the CSV and JSON exports
// (streamed, formula-safe, audited, refused while the limit store is down),
// the "Verify the chain" check, and no secrets in account events.
// Workshop B is the attacker.
import { createApiKey } from "@/lib/api-keys/create-api-key";
import { changePassword, confirmMfaEnrolment, startMfaEnrolment } from "@/lib/auth/account-security";
import { authenticate } from "@/lib/auth/authenticate";
import { requestPasswordReset } from "@/lib/auth/password-reset";
import { stepAt, totpAt } from "@/lib/auth/totp";
import { audit } from "@/lib/audit/audit";
import { parseAuditFilters, type AuditFilters } from "@/lib/audit/audit-filters";
import { entryDetails, renderableMetadata } from "@/lib/audit/entry-changes";
import { AUDIT_EXPORTS_PER_MEMBER, exportAuditLog } from "@/lib/audit/export-audit-log";
import { getAuditEntry } from "@/lib/audit/get-audit-entry";
import { auditFilterChoices, listAuditEntries } from "@/lib/audit/list-audit-entries";
import { verifyWorkshopChain } from "@/lib/audit/verify-workshop-chain";
import { createCustomer } from "@/lib/customers/create-customer";
import { ZCustomer } from "@/lib/customers/customer-input";
import { updateCustomer } from "@/lib/customers/update-customer";
import { db, withTenant } from "@/lib/db";
import { reloadServerEnv } from "@/lib/env";
import type { OrgContext } from "@/lib/org/context";
import { contextFor, joinWorkshop, origin, PASSWORD, resetLimiters, signUp } from "../support/accounts";
import { removeScratchDirs, scratchDir } from "../support/scratch-dir";
import { createTestDatabase, type TestDatabase } from "../support/test-database";

let database: TestDatabase;
let a: OrgContext;
let admin: OrgContext;
let tech: OrgContext;
let b: OrgContext;
let customerId = "";
let bCustomerId = "";
let apiKeyId = "";
const FORMULA_NAME = "=cmd|' /C calc'!A0";
const FORMULA_AGENT = '=HYPERLINK("http://evil.test","click")';
const DATED = ["2027-01-10T23:59:59.999Z", "2027-01-11T00:00:00.000Z", "2027-01-12T23:59:59.999Z", "2027-01-13T00:00:00.000Z"];

/** Runs `work` with the clock (Date only) at `iso`: audit entries take their time from it. */
async function at<T>(iso: string, work: () => Promise<T>): Promise<T> {
  jest.useFakeTimers({ now: new Date(iso), doNotFake: ["hrtime", "nextTick", "performance", "queueMicrotask", "requestAnimationFrame", "cancelAnimationFrame", "requestIdleCallback", "cancelIdleCallback", "setImmediate", "clearImmediate", "setInterval", "clearInterval", "setTimeout", "clearTimeout"] });
  try {
    return await work();
  } finally {
    jest.useRealTimers();
  }
}

const allOf = (orgId: string) => withTenant(orgId, (tx) => tx.auditLog.findMany({ orderBy: { seq: "desc" } }));
const listed = async (ctx: OrgContext, filters: AuditFilters) => (await listAuditEntries(ctx, filters, { limit: 500 })).entries.map((e) => e.seq);
const read = (stream: ReadableStream<Uint8Array>) => new Response(stream).text();

beforeAll(async () => {
  database = await createTestDatabase({ poolSize: 6 });
  process.env.AUDIT_ANCHOR_DIR = scratchDir("viewer-anchors");
  reloadServerEnv();
  const first = await signUp("alv-a");
  const second = await signUp("alv-b");
  await db().organization.update({ where: { slug: first.orgSlug }, data: { plan: "PROFESSIONAL" } });
  a = await contextFor(first.userId, first.orgSlug);
  b = await contextFor(second.userId, second.orgSlug);
  admin = await joinWorkshop(a, "ADMIN", "alv-admin");
  tech = await joinWorkshop(a, "TECHNICIAN", "alv-tech");
  await db().user.update({ where: { id: admin.userId }, data: { name: FORMULA_NAME } });

  const customer = await createCustomer({ ...admin, userAgent: FORMULA_AGENT }, ZCustomer.parse({ displayName: "Margaret Thornton", email: "margaret@example.com" }));
  customerId = customer.id;
  await updateCustomer(a, customerId, ZCustomer.parse({ displayName: "Margaret Thornton-Hale", email: "mth@example.com" }));
  const { apiKey } = await createApiKey(a, { name: "Parts sync", scope: "READ_WRITE" });
  apiKeyId = apiKey.id;
  await createCustomer({ ...a, apiKeyId }, ZCustomer.parse({ displayName: "Fleet from the API" }));
  await withTenant(a.orgId, (tx) => audit(tx, { orgId: a.orgId, userId: null, requestId: "job:test" }, "reminder.sent", { type: "Vehicle", id: "v-1" }));
  bCustomerId = (await createCustomer(b, ZCustomer.parse({ displayName: "B's own customer" }))).id;
  await updateCustomer(b, bCustomerId, ZCustomer.parse({ displayName: "B's renamed customer" }));
  for (const iso of DATED) {
    await at(iso, () => withTenant(a.orgId, (tx) => audit(tx, { orgId: a.orgId, userId: a.userId }, "invoice.issue", { type: "Invoice", id: iso })));
  }
});

afterAll(async () => {
  delete process.env.AUDIT_ANCHOR_DIR;
  removeScratchDirs();
  await resetLimiters();
  await database.drop();
});

describe("filters", () => {
  test("by member: exactly that member's own entries, not those of API keys they created", async () => {
    const all = await allOf(a.orgId);
    const viaKey = (m: unknown) => Boolean((m as Record<string, unknown>).apiKeyId);
    expect(await listed(admin, { actor: admin.userId })).toEqual(all.filter((e) => e.actorUserId === admin.userId && !viaKey(e.metadata)).map((e) => e.seq));
    const owner = await listed(admin, { actor: a.userId });
    expect(owner).toEqual(all.filter((e) => e.actorUserId === a.userId && !viaKey(e.metadata)).map((e) => e.seq));
    expect(owner.length).toBeGreaterThan(5);
  });

  test("by API key and by no user", async () => {
    const apiEntries = await listAuditEntries(admin, { actor: "api-key" });
    expect(apiEntries.entries).toHaveLength(1);
    expect(apiEntries.entries[0]).toMatchObject({ action: "customer.create", actor: { apiKeyId, name: expect.stringContaining("API key") } });
    const system = await listAuditEntries(admin, { actor: "none" });
    expect(system.entries.map((e) => [e.action, e.actor.name])).toEqual([["reminder.sent", "No user"]]);
  });

  test("by action and by record: only this workshop's matching entries", async () => {
    const updates = await listAuditEntries(admin, { action: "customer.update" });
    expect(updates.entries.map((e) => e.targetId)).toEqual([customerId]);
    const record = await listAuditEntries(admin, { recordType: "Customer", recordId: customerId });
    expect(record.entries.map((e) => e.action)).toEqual(["customer.update", "customer.create"]);
    expect((await listAuditEntries(admin, { recordType: "Customer", recordId: bCustomerId })).entries).toEqual([]);
    const choices = await auditFilterChoices(admin);
    expect(choices.actions).toEqual(expect.arrayContaining(["customer.create", "customer.update", "apiKey.create", "invoice.issue"]));
    expect(choices.people.map((p) => p.id).sort()).toEqual([a.userId, admin.userId, tech.userId].sort());
  });

  test("by UTC date range: whole days, both ends included", async () => {
    const entries = await listAuditEntries(admin, { from: "2027-01-11", to: "2027-01-12" });
    expect(entries.entries.map((e) => e.createdAt.toISOString())).toEqual([DATED[2], DATED[1]]);
    expect((await listAuditEntries(admin, { from: "2027-01-13" })).entries.map((e) => e.targetId)).toEqual([DATED[3]]);
  });

  test("bad filters give field-level errors and no filters to query with", () => {
    const parsed = parseAuditFilters(new URLSearchParams({ actor: "bob", action: "drop table", from: "2026-02-30", to: "2026-01-01", recordId: "x'; --" }));
    expect(parsed).toMatchObject({
      ok: false,
      fieldErrors: { actor: expect.any(String), action: expect.any(String), from: "Enter a date as YYYY-MM-DD.", recordId: expect.any(String) },
    });
    expect(parseAuditFilters({ from: "2026-03-02", to: "2026-03-01" })).toMatchObject({ ok: false, fieldErrors: { to: "The last day is before the first." } });
    expect(parseAuditFilters({ actor: "api-key", from: "2026-03-01", to: "2026-03-01" })).toEqual({ ok: true, filters: { actor: "api-key", from: "2026-03-01", to: "2026-03-01" } });
  });

  test("pages newest first by seq, without repeats or gaps", async () => {
    const all = (await allOf(a.orgId)).map((e) => e.seq);
    const seen: number[] = [];
    let beforeSeq: number | undefined;
    for (;;) {
      const page = await listAuditEntries(admin, {}, { beforeSeq, limit: 4 });
      seen.push(...page.entries.map((e) => e.seq));
      if (!page.nextBeforeSeq) break;
      beforeSeq = page.nextBeforeSeq;
    }
    expect(seen).toEqual(all);
  });
});

describe("who may read it", () => {
  test("a technician is refused (and the refusal is recorded); another workshop sees only its own entries", async () => {
    await expect(listAuditEntries(tech, {})).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(exportAuditLog(tech, {}, "csv")).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(verifyWorkshopChain(tech)).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect((await listAuditEntries(admin, { actor: tech.userId, action: "PERMISSION_DENIED" })).entries).toHaveLength(3);

    const mine = await listAuditEntries(b, {}, { limit: 500 });
    expect(mine.entries.every((e) => e.targetId !== customerId)).toBe(true);
    expect(mine.entries).toHaveLength((await allOf(b.orgId)).length);
    // Seqs are per workshop: B's seq 1 is B's own first entry, and a seq past B's head is not found.
    expect((await getAuditEntry(b, 1)).organizationId).toBe(b.orgId);
    await expect(getAuditEntry(b, 10_000)).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});

test("an entry opens with the before/after of a customer update, personal values opened for display", async () => {
  const [update] = (await listAuditEntries(admin, { action: "customer.update" })).entries;
  const entry = await getAuditEntry(admin, update!.seq);
  expect(entry).toMatchObject({ ip: "198.51.100.7", userAgent: "jest", requestId: "test", hash: expect.stringMatching(/^[0-9a-f]{64}$/) });
  // Stored sealed: the name is not in the row itself.
  expect(JSON.stringify(entry.metadata)).not.toContain("Thornton");
  const [metadata] = await renderableMetadata(a.orgId, [entry.metadata]);
  expect(entryDetails(metadata!).changes).toEqual([
    { field: "displayName", from: "Margaret Thornton", to: "Margaret Thornton-Hale" },
    { field: "email", from: "margaret@example.com", to: "mth@example.com" },
  ]);
});

test("a sealed value whose key no longer opens (the session secret changed) is shown as stored instead of failing the page", async () => {
  const [update] = (await listAuditEntries(admin, { action: "customer.update" })).entries;
  const entry = await getAuditEntry(admin, update!.seq);
  process.env.NEXTAUTH_SECRET = "a-different-session-secret-of-more-than-32-chars";
  reloadServerEnv();
  try {
    expect(await renderableMetadata(a.orgId, [entry.metadata])).toEqual([entry.metadata]);
  } finally {
    delete process.env.NEXTAUTH_SECRET;
    reloadServerEnv();
  }
});

describe("exports", () => {
  test("CSV holds only the filtered rows, defuses formula-like cells, and is audited once with its filters", async () => {
    const filters = { actor: admin.userId };
    const expected = (await listed(admin, filters)).reverse();
    const download = await exportAuditLog(admin, filters, "csv");
    expect(download.filename).toMatch(new RegExp(`^audit-log-${a.orgSlug}-\\d{4}-\\d{2}-\\d{2}\\.csv$`));
    const csv = await read(download.stream);
    const lines = csv.trimEnd().split("\r\n");
    expect(lines[0]).toBe("Seq,Time (UTC),Actor,Actor user id,API key id,Action,Record type,Record id,IP,User agent,Request id,Details (JSON),Previous hash,Hash");
    expect(lines.slice(1).map((line) => Number(line.split(",")[0]))).toEqual(expected);
    expect(csv).toContain(`,'${FORMULA_NAME},`);
    expect(csv).toContain(`"'=HYPERLINK(""http://evil.test"",""click"")"`);
    expect(csv).not.toMatch(/(^|,)"?[=+@-]/m);
    const exports = await listAuditEntries(admin, { action: "auditLog.export" });
    expect(exports.entries).toHaveLength(1);
    expect((await getAuditEntry(admin, exports.entries[0]!.seq)).metadata).toEqual({ format: "csv", filters });
  });

  test("JSON is one array that parses, with every entry before the export's own and none of B's", async () => {
    const before = (await allOf(a.orgId)).map((e) => e.seq).reverse();
    const download = await exportAuditLog(admin, {}, "json");
    const rows = JSON.parse(await read(download.stream)) as Array<{ seq: number; hash: string; record: { id: string } | null; actor: { name: string } }>;
    expect(rows.map((r) => r.seq)).toEqual(before);
    expect(rows.some((r) => r.record?.id === bCustomerId)).toBe(false);
    expect(rows.find((r) => r.record?.id === customerId)).toMatchObject({ actor: { name: FORMULA_NAME } });
  });

  test("a log longer than one batch (500) streams whole, in order", async () => {
    await withTenant(b.orgId, async (tx) => {
      for (let i = 0; i < 505; i += 1) await audit(tx, { orgId: b.orgId, userId: b.userId }, "vehicle.update", { type: "Vehicle", id: `bulk-${i}` });
    }, { timeoutMs: 110_000 });
    const rows = JSON.parse(await read((await exportAuditLog(b, { action: "vehicle.update" }, "json")).stream)) as Array<{ seq: number }>;
    expect(rows).toHaveLength(505);
    expect(rows.every((row, i) => i === 0 || row.seq === rows[i - 1]!.seq + 1)).toBe(true);
  }, 120_000);

  test("past 20 exports an hour a member is refused, and the refusal is recorded once", async () => {
    const refusals = async () => (await listAuditEntries(a, { actor: admin.userId, action: "RATE_LIMIT_EXCEEDED" })).entries.length;
    const done = (await listAuditEntries(a, { actor: admin.userId, action: "auditLog.export" })).entries.length;
    for (let i = done; i < AUDIT_EXPORTS_PER_MEMBER.points; i += 1) await (await exportAuditLog(admin, {}, "json")).stream.cancel();
    await expect(exportAuditLog(admin, {}, "csv")).rejects.toMatchObject({ code: "RATE_LIMITED" });
    await expect(exportAuditLog(admin, {}, "json")).rejects.toMatchObject({ code: "RATE_LIMITED" });
    expect(await refusals()).toBe(1);
    expect((await listAuditEntries(a, { actor: admin.userId, action: "auditLog.export" })).entries).toHaveLength(AUDIT_EXPORTS_PER_MEMBER.points);
    // The next member still may.
    await (await exportAuditLog(a, {}, "csv")).stream.cancel();
  });

  test("while the shared limit store is down, exports are refused (fail closed) and nothing is recorded", async () => {
    const count = async () => (await listAuditEntries(admin, { action: "auditLog.export" })).entries.length;
    const before = await count();
    process.env.REDIS_URL = "redis://127.0.0.1:1";
    await resetLimiters();
    try {
      await expect(exportAuditLog(admin, {}, "csv")).rejects.toMatchObject({ code: "SERVICE_UNAVAILABLE" });
    } finally {
      delete process.env.REDIS_URL;
      await resetLimiters();
    }
    expect(await count()).toBe(before);
  });
});

test("Verify the chain: intact, with the workshop's head, and recorded", async () => {
  const { report, summary } = await verifyWorkshopChain(admin);
  expect(report.ok).toBe(true);
  expect(summary).toBe(`Intact: ${report.entries} entries, head ${report.headHash}, no anchor written yet`);
  const [recorded] = (await listAuditEntries(admin, { action: "auditLog.verify" })).entries;
  expect((await getAuditEntry(admin, recorded!.seq)).metadata).toMatchObject({ ok: true, entries: report.entries, headHash: report.headHash });
});

test("sign-in, password change, two-factor and API key creation leave no password, secret, code, token or key in the log", async () => {
  const { email, userId, orgSlug } = await signUp("alv-secrets");
  await db().organization.update({ where: { slug: orgSlug }, data: { plan: "PROFESSIONAL" } });
  const owner = await contextFor(userId, orgSlug);
  await authenticate({ email, password: "a wrong password guess" }, origin());
  await authenticate({ email, password: PASSWORD }, origin());
  const newPassword = "another good password 42";
  await changePassword(userId, PASSWORD, newPassword, origin());
  const { secret } = await startMfaEnrolment(userId);
  const code = totpAt(secret, stepAt(Date.now()));
  const recoveryCodes = await confirmMfaEnrolment(userId, code, origin());
  const signInCode = totpAt(secret, stepAt(Date.now()) + 1);
  await authenticate({ email, password: newPassword, code: signInCode }, origin());
  await authenticate({ email, password: newPassword, code: recoveryCodes[0]! }, origin());
  await requestPasswordReset(email, origin("203.0.113.77"));
  const token = new URL((await db().outboxEmail.findFirstOrThrow({ where: { to: email, subject: { contains: "Reset" } } })).text.match(/https?:\/\/\S+/)![0]).searchParams.get("token")!;
  const { key } = await createApiKey(owner, { name: "Accounting", scope: "READ" });

  const log = await allOf(owner.orgId);
  expect(log.map((e) => e.action)).toEqual(expect.arrayContaining([
    "LOGIN_FAILED", "LOGIN_SUCCEEDED", "PASSWORD_CHANGED", "MFA_ENABLED", "MFA_RECOVERY_CODE_USED", "PASSWORD_RESET_REQUESTED", "apiKey.create",
  ]));
  // Hashes left out: a six-digit code could turn up in 64 hex digits by chance.
  const stored = JSON.stringify(log.map(({ hash: _hash, prevHash: _prevHash, ...entry }) => entry));
  for (const secretValue of [PASSWORD, newPassword, "a wrong password guess", secret, code, signInCode, ...recoveryCodes, token, key, key.slice(0, -4)]) {
    expect(stored).not.toContain(secretValue);
  }
  const csv = await read((await exportAuditLog(owner, {}, "csv")).stream);
  for (const secretValue of [PASSWORD, newPassword, secret, token, key]) expect(csv).not.toContain(secretValue);
});
