import { createHash } from "node:crypto";
import { createApiKey } from "@/lib/api-keys/create-api-key";
import { listApiKeys } from "@/lib/api-keys/list-api-keys";
import { revokeApiKey } from "@/lib/api-keys/revoke-api-key";
import { db, withTenant } from "@/lib/db";
import { changeMemberRole, removeMember } from "@/lib/members/manage-members";
import type { OrgContext } from "@/lib/org/context";
import { createTestDatabase, type TestDatabase } from "../support/test-database";
import { contextFor, joinWorkshop, signUp } from "../support/accounts";
import { callApi, freshApiIp } from "../support/api";

let database: TestDatabase;
let a: OrgContext;
let b: OrgContext;

beforeAll(async () => {
  database = await createTestDatabase();
  const first = await signUp("keys-a");
  const second = await signUp("keys-b");
  for (const { orgSlug } of [first, second]) await db().organization.update({ where: { slug: orgSlug }, data: { plan: "PROFESSIONAL" } });
  a = await contextFor(first.userId, first.orgSlug);
  b = await contextFor(second.userId, second.orgSlug);
});

afterAll(() => database.drop());

const keyRow = (ctx: OrgContext, id: string) => withTenant(ctx.orgId, (tx) => tx.apiKey.findFirstOrThrow({ where: { id } }));
const auditOf = (ctx: OrgContext, action: string) =>
  withTenant(ctx.orgId, (tx) => tx.auditLog.findMany({ where: { action }, orderBy: { seq: "asc" } }));
const me = (key: string) => callApi("GET", "/me", { key, ip: freshApiIp() });
const membershipOf = (ctx: OrgContext, userId: string) =>
  withTenant(ctx.orgId, (tx) => tx.membership.findFirstOrThrow({ where: { userId }, select: { id: true } }));

test("a key is shown once, stored only as its hash, listed without it, and audited without it", async () => {
  const { apiKey, key } = await createApiKey(a, { name: "Parts supplier sync", scope: "READ" });
  expect(key).toMatch(/^awms_[A-Za-z0-9_-]{22}_[A-Za-z0-9_-]{43}$/);
  const row = await keyRow(a, apiKey.id);
  expect(row.keyHash).toBe(createHash("sha256").update(key).digest("hex"));
  expect(row.lastFour).toBe(key.slice(-4));
  expect(JSON.stringify(row)).not.toContain(key.slice(5));

  const listed = await listApiKeys(a);
  expect(listed.find((item) => item.id === apiKey.id)).toEqual({
    id: apiKey.id, name: "Parts supplier sync", scope: "READ", lastFour: key.slice(-4), createdAt: expect.any(Date),
    createdBy: { id: a.userId, name: "Owner keys-a" }, lastUsedAt: null, revokedAt: null,
  });
  expect(JSON.stringify(listed)).not.toContain(key.slice(5));

  const [entry] = await auditOf(a, "apiKey.create");
  expect(entry).toMatchObject({ actorUserId: a.userId, targetId: apiKey.id, metadata: { name: "Parts supplier sync", scope: "READ", lastFour: key.slice(-4) } });
  expect(JSON.stringify(entry)).not.toContain(key.slice(5));
  expect(JSON.stringify(entry)).not.toContain(row.keyHash);
});

test("bad names and scopes are refused with field errors and create nothing", async () => {
  const before = (await listApiKeys(a)).length;
  await expect(createApiKey(a, { name: "  ", scope: "READ" })).rejects.toMatchObject({ issues: [expect.objectContaining({ path: ["name"] })] });
  await expect(createApiKey(a, { name: "x", scope: "SUPERUSER" as "READ" })).rejects.toMatchObject({ issues: [expect.objectContaining({ path: ["scope"] })] });
  expect(await listApiKeys(a)).toHaveLength(before);
});

test("a plan without API access issues no keys", async () => {
  const free = await signUp("keys-free");
  const ctx = await contextFor(free.userId, free.orgSlug);
  expect(ctx.plan).toBe("FREE");
  await expect(createApiKey(ctx, { name: "Too early", scope: "READ" })).rejects.toMatchObject({ code: "PLAN_FEATURE" });
  expect(await listApiKeys(ctx)).toEqual([]);
});

test("only owners and admins manage keys; another workshop's key is not found", async () => {
  const advisor = await joinWorkshop(a, "SERVICE_ADVISOR", "keys-advisor");
  await expect(createApiKey(advisor, { name: "Mine", scope: "READ_WRITE" })).rejects.toMatchObject({ code: "FORBIDDEN" });
  await expect(listApiKeys(advisor)).rejects.toMatchObject({ code: "FORBIDDEN" });
  const { apiKey, key } = await createApiKey(a, { name: "Kept", scope: "READ" });
  await expect(revokeApiKey(advisor, apiKey.id)).rejects.toMatchObject({ code: "FORBIDDEN" });
  await expect(revokeApiKey(b, apiKey.id)).rejects.toMatchObject({ code: "NOT_FOUND" });
  await expect(revokeApiKey(b, "not-a-uuid")).rejects.toMatchObject({ code: "NOT_FOUND" });
  expect((await me(key)).status).toBe(200);
  expect((await listApiKeys(b)).map((item) => item.id)).not.toContain(apiKey.id);
});

test("using a key records lastUsedAt at most once a minute", async () => {
  const { apiKey, key } = await createApiKey(a, { name: "Usage", scope: "READ" });
  expect((await me(key)).status).toBe(200);
  const first = (await keyRow(a, apiKey.id)).lastUsedAt;
  expect(first).toBeInstanceOf(Date);
  expect((await me(key)).status).toBe(200);
  expect((await keyRow(a, apiKey.id)).lastUsedAt).toEqual(first);
  // A minute later the next request writes again.
  await withTenant(a.orgId, (tx) => tx.apiKey.update({ where: { organizationId_id: { organizationId: a.orgId, id: apiKey.id } }, data: { lastUsedAt: new Date(Date.now() - 61_000) } }));
  expect((await me(key)).status).toBe(200);
  expect((await keyRow(a, apiKey.id)).lastUsedAt!.getTime()).toBeGreaterThan(Date.now() - 5_000);
});

test("a revoked key gets 401 at once; revoking twice writes one audit entry", async () => {
  const { apiKey, key } = await createApiKey(a, { name: "Old integration", scope: "READ_WRITE" });
  expect((await me(key)).status).toBe(200);
  await revokeApiKey(a, apiKey.id);
  await revokeApiKey(a, apiKey.id);
  const refused = await me(key);
  expect(refused.status).toBe(401);
  expect(refused.body.error.code).toBe("UNAUTHENTICATED");
  expect((await keyRow(a, apiKey.id)).revokedAt).toBeInstanceOf(Date);
  expect((await auditOf(a, "apiKey.revoke")).filter((entry) => entry.targetId === apiKey.id)).toHaveLength(1);
});

test("a key stops working when its creator is demoted below admin or leaves the workshop", async () => {
  const admin = await joinWorkshop(a, "ADMIN", "keys-admin");
  const { key } = await createApiKey(admin, { name: "Admin's key", scope: "READ" });
  expect((await me(key)).status).toBe(200);
  await changeMemberRole(a, (await membershipOf(a, admin.userId)).id, "SERVICE_ADVISOR");
  expect((await me(key)).status).toBe(401);
  // Made admin again, the key works again: it was never revoked, only without authority.
  await changeMemberRole(a, (await membershipOf(a, admin.userId)).id, "ADMIN");
  expect((await me(key)).status).toBe(200);

  const leaver = await joinWorkshop(a, "ADMIN", "keys-leaver");
  const { key: leaversKey } = await createApiKey(leaver, { name: "Leaver's key", scope: "READ" });
  expect((await me(leaversKey)).status).toBe(200);
  await removeMember(a, (await membershipOf(a, leaver.userId)).id);
  expect((await me(leaversKey)).status).toBe(401);
});
