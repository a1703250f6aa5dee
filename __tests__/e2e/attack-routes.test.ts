// The tenant attack suite for every route handler, REST API v1 operation and
// page, against one `next start`: workshop A's members (one per role) and keys
// go after workshop B's records. Each attack must be refused (404 for another
// workshop's ids, 403 for a role or key without the permission, 401 or the
// sign-in page without a valid session or key), must show nothing of B's, and
// must change no row anywhere. The tables in __tests__/support/attack are
// checked against app/ and the OpenAPI document, so a new route cannot be missed.
import { randomBytes } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { decode, encode } from "next-auth/jwt";
import { createApiKey } from "@/lib/api-keys/create-api-key";
import { revokeApiKey } from "@/lib/api-keys/revoke-api-key";
import { API_OPERATIONS } from "@/lib/api/registry";
import { audit } from "@/lib/audit/audit";
import { db, withTenant } from "@/lib/db";
import { reloadServerEnv } from "@/lib/env";
import type { Role } from "@/lib/generated/prisma/client";
import type { OrgContext } from "@/lib/org/context";
import { hasPermission, ROLES_BY_RANK, type Permission } from "@/lib/rbac/permissions";
import { PASSWORD, contextFor, joinWorkshop, signUp } from "../support/accounts";
import { startAppServer, type AppServer } from "../support/app-server";
import { PAGE_QUERIES, PAGES, PUBLIC_PAGE_PROBES, type PageRow } from "../support/attack/pages";
import { exportsSettled, seedTargets, type WorkshopTargets } from "../support/attack/route-targets";
import { API, ROUTES, apiRoute, type ApiRow, type ApiScope, type Method, type RouteRow } from "../support/attack/routes";
import { auditLogOf, changedTables, databaseSnapshot, type DatabaseSnapshot } from "../support/database-snapshot";
import { signInOverHttp, tamperedSession } from "../support/server-actions";

const SESSION_SECRET = randomBytes(32).toString("base64url");
const METRICS_TOKEN = `metrics-${randomBytes(12).toString("hex")}`;
const WEBHOOK_SECRET = `whsec_${randomBytes(12).toString("hex")}`;
const TARGET_NAME = `Beatrix Targetworth ${randomBytes(3).toString("hex")}`;

let app: AppServer;
let files = "";
let A: WorkshopTargets;
let B: WorkshopTargets;
let ownerA: OrgContext;
let ownerEmailB = "";
const cookies = new Map<Role, string>();
/** the owner's cookie with its token's last characters altered */
let tampered = "";
/** the owner's very claims, signed with a secret that is not the server's */
let forged = "";
const keys: Record<"READ" | "READ_WRITE" | "ADMIN" | "revoked", string> = { READ: "", READ_WRITE: "", ADMIN: "", revoked: "" };
let baseline: DatabaseSnapshot;
/** B's audit log when `baseline` was taken: the snapshot leaves audit logs out (refusals are audited in A's). */
let auditOfB = "";
/** B's newest audit entry when `baseline` was taken. */
let auditSeqOfB = 0;
const newestSeqOf = async (orgId: string) =>
  Number((await app.database.superuser.query(`SELECT coalesce(max(seq), 0) AS seq FROM "AuditLog" WHERE "organizationId" = $1`, [orgId])).rows[0].seq);
/** Takes the referee's baseline again, after a request that was meant to change something. */
async function rebase() {
  baseline = await databaseSnapshot(app.database.superuser);
  auditSeqOfB = await newestSeqOf(B.orgId);
  auditOfB = await auditLogOf(app.database.superuser, B.orgId, auditSeqOfB);
}

// ---------------------------------------------------------------- requests

let addresses = 0;
/** Each request from its own address (TEST-NET-2, one trusted proxy hop), so per-address limits never answer for the app. */
const freshAddress = () => `198.18.${Math.floor((addresses += 1) / 250) % 250}.${addresses % 250}`;

interface Answer { url: string; status: number; location: string; type: string; text: string; setCookies: string[]; requestId: string }

async function send(method: Method, url: string, options: { cookie?: string; authorization?: string; body?: BodyInit; headers?: Record<string, string> } = {}): Promise<Answer> {
  const headers: Record<string, string> = { "x-forwarded-for": freshAddress(), ...options.headers };
  if (options.cookie) headers.Cookie = options.cookie;
  if (options.authorization) headers.Authorization = options.authorization;
  const response = await fetch(`${app.url}${url}`, { method, headers, body: options.body, redirect: "manual" });
  const text = await response.text();
  return {
    url, status: response.status, location: response.headers.get("location") ?? "", type: response.headers.get("content-type") ?? "", text,
    setCookies: response.headers.getSetCookie(), requestId: response.headers.get("x-request-id") ?? "",
  };
}

const json = (value: unknown) => ({ body: JSON.stringify(value), headers: { "Content-Type": "application/json" } });

/** The route or page with its [params] filled from a workshop's ids (the slug may be another's). */
function fill(pattern: string, slug: string, ids: WorkshopTargets): string {
  const values: Record<string, string> = {
    orgSlug: slug, attachmentId: ids.attachmentId, invoiceId: ids.invoiceId, repairOrderId: ids.repairOrderId, requestId: ids.exportId,
    table: "sales", format: "csv", customerId: ids.customerId, appointmentId: ids.appointmentId, partId: ids.partId,
    purchaseOrderId: ids.purchaseOrderId, supplierId: ids.supplierId, inspectionId: ids.inspectionId, seq: String(ids.auditSeq), token: ids.estimateToken,
  };
  return pattern.replace(/\[(\w+)\]/g, (_all, name: string) => {
    if (!(name in values)) throw new Error(`no id for [${name}] in ${pattern}`);
    return values[name]!;
  });
}

/** Params that name a record (not the slug, nor a fixed word like the report's table). */
const namesRecords = (pattern: string) => [...pattern.matchAll(/\[(\w+)\]/g)].some(([, name]) => !["orgSlug", "table", "format"].includes(name!));

const lacking = (permission: Permission) => ROLES_BY_RANK.filter((role) => !hasPermission(role, permission));

/** The photo upload's form: a real photo for an inspection item, as the phone sends it. */
async function photoForm(ids: WorkshopTargets): Promise<FormData> {
  const form = new FormData();
  form.append("inspectionItemId", ids.openInspectionItemId);
  form.append("photo", new Blob([await readFile(path.join(__dirname, "../fixtures/brake-pad.jpg"))], { type: "image/jpeg" }), "hijack.jpg");
  return form;
}

async function callRoute(row: RouteRow, url: string, cookie: string | undefined, ids: WorkshopTargets, headers: Record<string, string> = {}): Promise<Answer> {
  if (row.access.kind === "member" && row.access.body === "photo") {
    return send(row.method, url, { cookie, body: await photoForm(ids), headers: { Origin: app.url, ...headers } });
  }
  return send(row.method, url, { cookie, headers });
}

// ---------------------------------------------------------------- referee

/** The server's log lines of a request that failed on our side, so a 500 names its cause in the failure. */
const serverErrorOf = (answer: Answer) =>
  answer.status >= 500 ? app.logs().split("\n").filter((line) => answer.requestId && line.includes(answer.requestId)).join("\n") || answer.text : null;

/** Where B's customer (name or email) or B's estimate token (unless the URL carried it) shows in an answer, with a little text either side; null when nowhere. */
function leakIn(answer: Answer): string | null {
  for (const secret of [B.customerName, B.customerEmail, answer.url.includes(B.estimateToken) ? null : B.estimateToken]) {
    if (!secret) continue;
    const at = answer.text.indexOf(secret);
    if (at >= 0) return answer.text.slice(Math.max(0, at - 120), at + secret.length + 120);
  }
  return null;
}

/**
 * Nothing of B's in the answer, no row changed anywhere since the last attack, and nothing written
 * in B's audit log but the security events B's admins are meant to see (`expectInB`, e.g. a failed
 * sign-in to B's owner's account).
 */
async function expectNothingLeakedOrChanged(answer: Answer, expectInB: string[] = []) {
  expect(serverErrorOf(answer)).toBeNull();
  expect(leakIn(answer)).toBeNull();
  const after = await databaseSnapshot(app.database.superuser);
  const changed = changedTables(baseline, after);
  const { rows: written } = await app.database.superuser.query<{ action: string }>(
    `SELECT action FROM "AuditLog" WHERE "organizationId" = $1 AND seq > $2 ORDER BY seq`, [B.orgId, auditSeqOfB],
  );
  // What B's log held before the attack is unchanged (new entries are checked against expectInB).
  const auditOfBMoved = (await auditLogOf(app.database.superuser, B.orgId, auditSeqOfB)) !== auditOfB;
  baseline = after;
  auditSeqOfB = await newestSeqOf(B.orgId);
  auditOfB = await auditLogOf(app.database.superuser, B.orgId, auditSeqOfB);
  expect({ changed, auditOfBMoved, writtenInB: written.map((row) => row.action) }).toEqual({ changed: [], auditOfBMoved: false, writtenInB: expectInB });
}

const toSignIn = (answer: Answer) => {
  expect(answer.status).toBe(307);
  expect(answer.location).toMatch(/\/sign-in(\?|$)/);
};

const refusedWith = (answer: Answer, status: number, code: string) => {
  expect(answer.status).toBe(status);
  expect(answer.type).toMatch(/json/);
  expect((JSON.parse(answer.text) as { error: { code: string } }).error.code).toBe(code);
};

// ---------------------------------------------------------------- setup

beforeAll(async () => {
  files = await mkdtemp(path.join(tmpdir(), "awms-attack-"));
  // The photos seeded in-process and those served by the app live in one place, and both seal
  // customers' audit details with keys derived from one secret.
  process.env.ATTACHMENTS_DIR = files;
  process.env.NEXTAUTH_SECRET = SESSION_SECRET;
  reloadServerEnv();
  app = await startAppServer({
    NEXTAUTH_SECRET: SESSION_SECRET, ATTACHMENTS_DIR: files, TRUSTED_PROXY_HOPS: "1", METRICS_TOKEN,
    // Billing on, so the webhook checks signatures; Stripe's API itself is a closed port, never the network.
    STRIPE_SECRET_KEY: "sk_test_attack_suite", STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET, STRIPE_API_BASE: "http://127.0.0.1:9",
  });
  const superuser = app.database.superuser;
  const a = await signUp("attack-a");
  const b = await signUp("attack-b");
  // Enterprise: API access, seats for every role, and limits no attack row comes near; B takes online bookings.
  await superuser.query(`UPDATE "Organization" SET plan = 'ENTERPRISE', "onlineBookingEnabled" = true WHERE slug = ANY($1)`, [[a.orgSlug, b.orgSlug]]);
  ownerA = await contextFor(a.userId, a.orgSlug);
  const ownerB = await contextFor(b.userId, b.orgSlug);
  ownerEmailB = b.email;
  const emails = new Map<Role, string>([["OWNER", a.email]]);
  for (const role of ROLES_BY_RANK.filter((r) => r !== "OWNER")) {
    const joined = await joinWorkshop(ownerA, role, `attack-${role.toLowerCase()}`);
    emails.set(role, (await db().user.findUniqueOrThrow({ where: { id: joined.userId } })).email);
  }
  A = await seedTargets(ownerA, superuser, "Alma Attackersdottir");
  B = await seedTargets(ownerB, superuser, TARGET_NAME);
  // B's newest audit entry must be one A never reaches, even after every denial below is audited in A.
  await withTenant(B.orgId, async (tx) => {
    for (let i = 0; i < A.auditSeq + 400 - B.auditSeq; i += 1) await audit(tx, { orgId: B.orgId, userId: b.userId }, "customer.view", { type: "Customer", id: B.customerId });
  }, { timeoutMs: 60_000 });
  B.auditSeq = Number((await superuser.query<{ seq: number }>(`SELECT max(seq) AS seq FROM "AuditLog" WHERE "organizationId" = $1`, [B.orgId])).rows[0]!.seq);

  for (const scope of ["READ", "READ_WRITE", "ADMIN"] as const) keys[scope] = (await createApiKey(ownerA, { name: `Attack ${scope}`, scope })).key;
  const revoked = await createApiKey(ownerA, { name: "Attack revoked", scope: "ADMIN" });
  await revokeApiKey(ownerA, revoked.apiKey.id);
  keys.revoked = revoked.key;
  // A key notes its use once a minute; a use noted "in the future" keeps ApiKey still, so its rows stay under the referee.
  await superuser.query(`UPDATE "ApiKey" SET "lastUsedAt" = now() + interval '1 day'`);

  for (const [role, email] of emails) cookies.set(role, await signInOverHttp(app.url, email, PASSWORD));
  const owner = cookies.get("OWNER")!;
  tampered = tamperedSession(owner);
  const token = /next-auth\.session-token=([^;]+)/.exec(owner)![1]!;
  const claims = await decode({ token, secret: SESSION_SECRET });
  if (!claims) throw new Error("the owner's session did not decode");
  const wrong = await encode({ token: claims, secret: randomBytes(32).toString("base64url") });
  forged = owner.replace(token, wrong);

  await exportsSettled(superuser);
  await rebase();
}, 240_000);

afterAll(async () => {
  await app?.stop();
  if (files) await rm(files, { recursive: true, force: true });
});

// ---------------------------------------------------------------- the gate

/** Every page and every route handler method under app/, as Next names them (any of the file extensions Next reads). */
function scanApp() {
  const pages: string[] = [];
  const routes: Array<{ route: string; method: string }> = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(file);
      const route = `/${path.relative("app", dir).split(path.sep).join("/")}`.replace(/\/$/, "") || "/";
      if (/^page\.(tsx|ts|jsx|js)$/.test(entry.name)) pages.push(route);
      if (/^route\.(ts|js|tsx|jsx)$/.test(entry.name)) {
        const source = readFileSync(file, "utf8");
        const methods = new Set<string>();
        for (const match of source.matchAll(/export\s+(?:async\s+)?(?:function|const)\s+(GET|HEAD|POST|PUT|PATCH|DELETE|OPTIONS)\b/g)) methods.add(match[1]!);
        for (const list of source.matchAll(/export\s*\{([^}]*)\}/g)) {
          for (const match of list[1]!.matchAll(/\bas\s+(GET|HEAD|POST|PUT|PATCH|DELETE|OPTIONS)\b/g)) methods.add(match[1]!);
        }
        if (methods.size === 0) throw new Error(`${file} exports no HTTP method the scan recognises`);
        for (const method of methods) routes.push({ route, method });
      }
    }
  };
  walk("app");
  return { pages: pages.sort(), routes };
}

describe("the tables cover the app", () => {
  const scanned = scanApp();
  const key = (row: { route: string; method: string }) => `${row.method} ${row.route}`;

  test("every page.tsx has a row, and every row a page", () => {
    expect(PAGES.map((row) => row.page).sort()).toEqual(scanned.pages);
  });

  test("every exported method of every route.ts has a row, and every row a route", () => {
    expect(ROUTES.map(key).sort()).toEqual(scanned.routes.map(key).sort());
  });

  test("each workshop page asks for the permission its row says", () => {
    for (const row of PAGES) {
      if (row.access.kind !== "member") continue;
      const source = readFileSync(path.join("app", row.page, "page.tsx"), "utf8");
      const asked = [...source.matchAll(/requirePermission\(orgSlug, "([\w.]+)"\)/g)].map((match) => match[1]);
      expect({ page: row.page, asked }).toEqual({ page: row.page, asked: [row.access.permission] });
    }
  });

  test("each workshop route asks for the permission its row says", () => {
    for (const row of ROUTES) {
      if (row.access.kind !== "member") continue;
      const source = readFileSync(path.join("app", row.route, "route.ts"), "utf8");
      const asked = [...source.matchAll(/routeOrgContext\(orgSlug, "([\w.]+)"/g)].map((match) => match[1]);
      expect({ route: row.route, asked }).toEqual({ route: row.route, asked: [row.access.permission] });
    }
  });

  test("the API rows are exactly the v1 routes and the operations the OpenAPI document lists", async () => {
    const v1Routes = ROUTES.filter((row) => row.access.kind === "api").map(key).sort();
    expect(API.map((row) => `${row.method} ${apiRoute(row.path)}`).sort()).toEqual(v1Routes);
    const document = JSON.parse((await send("GET", "/api/v1/openapi.json")).text) as { paths: Record<string, Record<string, { security?: unknown[] }>> };
    const documented = Object.entries(document.paths).flatMap(([p, operations]) => Object.keys(operations).map((method) => `${method.toUpperCase()} ${p}`));
    expect(documented.sort()).toEqual(API.map((row) => `${row.method} ${row.path}`).sort());
  });

  test("each API row attacks with the scope the operation really requires (a row with a weaker scope would attack the wrong boundary)", () => {
    const required = (row: { method: string; path: string }) => `${row.method} ${row.path}`;
    expect(Object.fromEntries(API.map((row) => [required(row), row.scope])))
      .toEqual(Object.fromEntries(API_OPERATIONS.map((operation) => [required(operation), operation.access])));
  });
});

// ---------------------------------------------------------------- attack rows

type Attack = { label: string; run: () => Promise<void> };

const cookieOf = (role: Role) => cookies.get(role)!;

/** The attacks on one workshop route or page, in the order the suite runs them (cross-tenant first, see B.auditSeq). */
function memberAttacks(kind: "page" | "route", pattern: string, permission: Permission, how: { textRefusals?: boolean; bodyNamesRecords?: boolean }, call: (url: string, cookie: string | undefined, ids: () => WorkshopTargets, headers?: Record<string, string>) => Promise<Answer>) {
  const attacks: Array<Attack & { order: number }> = [];
  const add = (order: number, label: string, run: () => Promise<void>) => attacks.push({ order, label: `${kind} ${pattern}: ${label}`, run });
  if (namesRecords(pattern) || how.bodyNamesRecords) {
    add(0, "A's owner with B's ids under A's slug -> 404", async () => {
      const answer = await call(fill(pattern, A.orgSlug, B), cookieOf("OWNER"), () => B);
      expect(answer.status).toBe(404);
      await expectNothingLeakedOrChanged(answer);
    });
  }
  add(1, "A's owner with B's ids under B's slug -> 404", async () => {
    const answer = await call(fill(pattern, B.orgSlug, B), cookieOf("OWNER"), () => B);
    expect(answer.status).toBe(404);
    await expectNothingLeakedOrChanged(answer);
  });
  for (const role of lacking(permission)) {
    add(2, `A's ${role} (no ${permission}) on A's own -> 403`, async () => {
      const answer = await call(fill(pattern, A.orgSlug, A), cookieOf(role), () => A);
      expect(answer.status).toBe(403);
      await expectNothingLeakedOrChanged(answer);
    });
  }
  add(3, "signed out -> sign-in", async () => {
    const answer = await call(fill(pattern, B.orgSlug, B), undefined, () => B);
    toSignIn(answer);
    await expectNothingLeakedOrChanged(answer);
  });
  // The header that once let a request skip Next's middleware (CVE-2025-29927): the middleware
  // only redirects early, so with or without it the page or route itself refuses.
  add(3, "signed out, claiming to skip the middleware -> refused", async () => {
    const answer = await call(fill(pattern, B.orgSlug, B), undefined, () => B, { "x-middleware-subrequest": "middleware:middleware:middleware:middleware:middleware" });
    if (kind === "page" || answer.status === 307) toSignIn(answer);
    else if (how.textRefusals) expect(answer.status).toBe(401);
    else refusedWith(answer, 401, "UNAUTHENTICATED");
    await expectNothingLeakedOrChanged(answer);
  });
  for (const [label, cookie] of [["a tampered session", () => tampered], ["a session signed with another secret", () => forged]] as const) {
    add(3, `${label} -> ${kind === "page" ? "sign-in" : "401"}`, async () => {
      const answer = await call(fill(pattern, A.orgSlug, A), cookie(), () => A);
      if (kind === "page") toSignIn(answer);
      else if (how.textRefusals) expect([answer.status, answer.type]).toEqual([401, "text/plain; charset=utf-8"]);
      else refusedWith(answer, 401, "UNAUTHENTICATED");
      await expectNothingLeakedOrChanged(answer);
    });
  }
  return attacks;
}

const memberRouteAttacks = ROUTES.flatMap((row) =>
  row.access.kind === "member"
    ? memberAttacks("route", row.route, row.access.permission, { textRefusals: row.access.refusals === "text", bodyNamesRecords: row.access.body === "photo" }, (url, cookie, ids, headers) => callRoute(row, url, cookie, ids(), headers))
    : [],
);
const memberPageAttacks = PAGES.flatMap((row: PageRow) =>
  row.access.kind === "member" ? memberAttacks("page", row.page, row.access.permission, {}, (url, cookie, _ids, headers) => send("GET", url, { cookie, headers })) : [],
);
const workshopAttacks = [...memberRouteAttacks, ...memberPageAttacks].sort((x, y) => x.order - y.order);

describe("workshop routes and pages", () => {
  test.each(workshopAttacks.map((attack) => [attack.label, attack] as const))("%s", async (_label, attack) => {
    await attack.run();
  });

  test.each(PAGE_QUERIES.map((row) => [row.page, row.label, row] as const))("page %s, %s: nothing of B's", async (page, _label, row) => {
    const query = row.query(B, A);
    const answer = await send("GET", `${fill(page, A.orgSlug, A)}?${query}`, { cookie: cookies.get("OWNER") });
    expect(answer.status).toBe(row.status);
    await expectNothingLeakedOrChanged(answer);
  });

  test.each(
    [...ROUTES.filter((row) => row.access.kind === "member" && row.method === "GET").map((row) => row.route), ...PAGES.filter((row) => row.access.kind === "member").map((row) => row.page)]
      .map((pattern) => [pattern] as const),
  )("control: A's owner opens %s with A's own ids (200)", async (pattern) => {
    const url = pattern.includes("privacy/exports") && pattern.endsWith("download") ? null : fill(pattern, A.orgSlug, A);
    // The ZIP's link must carry the page's signature: its refusals are covered above, its success by the privacy suites.
    if (!url) return;
    const answer = await send("GET", url, { cookie: cookies.get("OWNER") });
    expect(answer.status).toBe(200);
    expect(leakIn(answer)).toBeNull();
    await rebase();
  });
});

describe("account pages", () => {
  test.each(PAGES.filter((row) => row.access.kind === "account").map((row) => [row.page] as const))("%s: signed out, tampered or forged -> sign-in", async (page) => {
    for (const cookie of [undefined, tampered, forged]) {
      const answer = await send("GET", page, { cookie });
      toSignIn(answer);
      await expectNothingLeakedOrChanged(answer);
    }
  });
});

describe("public pages", () => {
  test("every public page has a hostile visit", () => {
    expect([...new Set(PUBLIC_PAGE_PROBES.map((probe) => probe.page))].sort()).toEqual(PAGES.filter((row) => row.access.kind === "public").map((row) => row.page).sort());
  });

  test.each(PUBLIC_PAGE_PROBES.map((probe) => [probe.page, probe] as const))("%s: made-up tokens and a forged session show nothing of B's", async (_page, probe) => {
    const answer = await send("GET", probe.url(B), { cookie: forged });
    expect(answer.status).toBe(probe.status);
    await expectNothingLeakedOrChanged(answer);
  });
});

// ---------------------------------------------------------------- REST API v1

const SCOPE_RANK: Record<ApiScope, number> = { public: 0, READ: 1, READ_WRITE: 2, ADMIN: 3 };
const bearer = (key: string) => `Bearer ${key}`;

async function callApi(row: ApiRow, ids: WorkshopTargets, authorization: string | undefined): Promise<Answer> {
  const url = `/api/v1${row.path.replace("{id}", row.id ? String(ids[row.id]) : "")}`;
  return send(row.method, url, { authorization, ...(row.body ? json(row.body(ids)) : {}) });
}

function apiAttacks(row: ApiRow): Attack[] {
  const name = `${row.method} /api/v1${row.path}`;
  const attacks: Attack[] = [];
  if (row.scope === "public") return attacks;
  if (row.id || row.bodyNamesRecords) {
    attacks.push({ label: `${name}: A's admin key with B's ids -> 404`, run: async () => {
      const answer = await callApi(row, B, bearer(keys.ADMIN));
      refusedWith(answer, 404, "NOT_FOUND");
      await expectNothingLeakedOrChanged(answer);
    } });
  }
  for (const scope of (["READ", "READ_WRITE"] as const).filter((s) => SCOPE_RANK[s] < SCOPE_RANK[row.scope])) {
    attacks.push({ label: `${name}: A's ${scope} key on A's own -> 403`, run: async () => {
      const answer = await callApi(row, A, bearer(keys[scope]));
      refusedWith(answer, 403, "FORBIDDEN");
      await expectNothingLeakedOrChanged(answer);
    } });
  }
  const altered = () => keys.ADMIN.slice(0, -5) + (keys.ADMIN.endsWith("AAAAA") ? "BBBBB" : "AAAAA");
  for (const [label, authorization] of [
    ["no key", () => undefined],
    ["a malformed key", () => "Bearer awms_not-a-key"],
    ["a key with A's prefix and an altered secret", () => bearer(altered())],
    ["a revoked key", () => bearer(keys.revoked)],
    ["the owner's session cookie instead of a key", () => undefined],
  ] as const) {
    attacks.push({ label: `${name}: ${label} -> 401`, run: async () => {
      const answer = label.includes("cookie")
        ? await send(row.method, `/api/v1${row.path.replace("{id}", row.id ? String(A[row.id]) : "")}`, { cookie: cookies.get("OWNER"), ...(row.body ? json(row.body(A)) : {}) })
        : await callApi(row, A, authorization());
      refusedWith(answer, 401, "UNAUTHENTICATED");
      await expectNothingLeakedOrChanged(answer);
    } });
  }
  if (row.mixed) {
    attacks.push({ label: `${name}: A's admin key, A's own ids with one of B's -> 404`, run: async () => {
      const url = `/api/v1${row.path.replace("{id}", row.id ? String(A[row.id]) : "")}`;
      const answer = await send(row.method, url, { authorization: bearer(keys.ADMIN), ...json(row.mixed!(A, B)) });
      refusedWith(answer, 404, "NOT_FOUND");
      await expectNothingLeakedOrChanged(answer);
    } });
  }
  if (row.query) {
    attacks.push({ label: `${name}: A's key with B's ids in the query shows nothing of B's`, run: async () => {
      const answer = await send("GET", `/api/v1${row.path}?${row.query!(B)}`, { authorization: bearer(keys.READ) });
      expect([200, 404]).toContain(answer.status);
      if (answer.status === 200) expect((JSON.parse(answer.text) as { data: unknown[] }).data).toEqual([]);
      await expectNothingLeakedOrChanged(answer);
    } });
  }
  return attacks;
}

describe("REST API v1", () => {
  test.each(API.flatMap(apiAttacks).map((attack) => [attack.label, attack] as const))("%s", async (_label, attack) => {
    await attack.run();
  });

  test.each(API.filter((row) => row.method === "GET" && !row.path.endsWith("/download")).map((row) => [row.path, row] as const))(
    "control: A's key reads %s of A's own (200)",
    async (_path, row) => {
      const answer = await callApi(row, A, row.scope === "public" ? undefined : bearer(keys.ADMIN));
      expect(answer.status).toBe(200);
      expect(leakIn(answer)).toBeNull();
      await rebase();
    },
  );
});

// ---------------------------------------------------------------- public routes

describe("public routes", () => {
  const photo = (slug: () => string, token: () => string, attachment: () => string) => () => `/estimate/${slug()}/${token()}/photos/${attachment()}`;
  const alteredToken = () => B.estimateToken.slice(0, -4) + (B.estimateToken.endsWith("AAAA") ? "BBBB" : "AAAA");

  test.each([
    ["B's link with A's photo", photo(() => B.orgSlug, () => B.estimateToken, () => A.attachmentId)],
    ["B's photo with a tampered token", photo(() => B.orgSlug, alteredToken, () => B.attachmentId)],
    ["B's token and photo under A's slug", photo(() => A.orgSlug, () => B.estimateToken, () => B.attachmentId)],
    ["A's token with B's photo", photo(() => A.orgSlug, () => A.estimateToken, () => B.attachmentId)],
    ["a photo id that does not exist", photo(() => B.orgSlug, () => B.estimateToken, () => "00000000-0000-4000-8000-000000000000")],
  ] as const)("estimate photo: %s -> 404", async (_label, url) => {
    const answer = await send("GET", url());
    expect(answer.status).toBe(404);
    await expectNothingLeakedOrChanged(answer);
  });

  test.each([
    ["B's token under A's slug", () => `/estimate/${A.orgSlug}/${B.estimateToken}`],
    ["B's slug with a tampered token", () => `/estimate/${B.orgSlug}/${alteredToken()}`],
  ] as const)("estimate page: %s shows no estimate", async (_label, url) => {
    const answer = await send("GET", url());
    expect(answer.status).toBe(200);
    expect(answer.text).toContain("This link is not valid");
    await expectNothingLeakedOrChanged(answer);
  });

  test("control: B's customer sees the estimate and its photo with B's link", async () => {
    const page = await send("GET", `/estimate/${B.orgSlug}/${B.estimateToken}`);
    expect(page.text).toContain(B.customerName);
    const image = await send("GET", `/estimate/${B.orgSlug}/${B.estimateToken}/photos/${B.attachmentId}`);
    expect([image.status, image.type]).toEqual([200, "image/jpeg"]);
    await rebase();
  });

  test("online booking: an unknown workshop -> 404; B's page shows B's name only", async () => {
    const unknown = await send("GET", `/book/no-such-workshop-${randomBytes(3).toString("hex")}`);
    expect(unknown.status).toBe(404);
    await expectNothingLeakedOrChanged(unknown);
    for (const url of [`/book/${B.orgSlug}`, `/book/${B.orgSlug}/received`]) {
      const answer = await send("GET", url);
      expect(answer.status).toBe(200);
      await expectNothingLeakedOrChanged(answer);
    }
  });

  test("metrics: no token or a wrong one -> 401; the scrape names no customer", async () => {
    for (const authorization of [undefined, "Bearer wrong-token-of-enough-length", METRICS_TOKEN]) {
      const answer = await send("GET", "/api/metrics", { authorization });
      expect(answer.status).toBe(401);
      await expectNothingLeakedOrChanged(answer);
    }
    const scrape = await send("GET", "/api/metrics", { authorization: bearer(METRICS_TOKEN) });
    expect(scrape.status).toBe(200);
    expect(scrape.text).not.toContain(B.customerId);
    await expectNothingLeakedOrChanged(scrape);
  });

  test("health and ready answer without a session and name nothing of B's", async () => {
    for (const url of ["/api/health", "/api/ready"]) {
      const answer = await send("GET", url, { cookie: tampered });
      expect(answer.status).toBe(200);
      await expectNothingLeakedOrChanged(answer);
    }
  });

  test.each([
    ["no signature", undefined],
    ["a signature by another secret", `t=${Math.floor(Date.now() / 1000)},v1=${"ab".repeat(32)}`],
  ] as const)("Stripe webhook with %s -> 400 and nothing changed", async (_label, signature) => {
    const event = { id: "evt_attack", type: "customer.subscription.deleted", data: { object: { id: "sub_attack", customer: "cus_attack", metadata: { organizationId: B.orgId } } } };
    const answer = await send("POST", "/api/stripe/webhook", { body: JSON.stringify(event), headers: { "Content-Type": "application/json", ...(signature ? { "Stripe-Signature": signature } : {}) } });
    expect(answer.status).toBe(400);
    await expectNothingLeakedOrChanged(answer);
  });

  test("next-auth: a tampered or forged session is no session; B's owner with a wrong password gets none", async () => {
    for (const cookie of [tampered, forged]) {
      const session = await send("GET", "/api/auth/session", { cookie });
      expect(session.status).toBe(200);
      expect(JSON.parse(session.text)).toEqual({});
      await expectNothingLeakedOrChanged(session);
    }
    const csrf = await fetch(`${app.url}/api/auth/csrf`);
    const { csrfToken } = (await csrf.json()) as { csrfToken: string };
    const jar = csrf.headers.getSetCookie().map((line) => line.split(";")[0]).join("; ");
    const answer = await send("POST", "/api/auth/callback/credentials", {
      cookie: jar, headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: app.url },
      body: new URLSearchParams({ email: ownerEmailB, password: "not the password", csrfToken, json: "true" }).toString(),
    });
    expect(answer.setCookies.join("\n")).not.toContain("session-token");
    expect(answer.location).not.toContain(B.orgSlug);
    // B's admins see the attempt on their owner's account in B's log (and its anomaly alerting).
    await expectNothingLeakedOrChanged(answer, ["LOGIN_FAILED"]);
  });
});

// ---------------------------------------------------------------- controls that write

// Last, since they change A's data: the very bodies the attacks sent succeed
// with A's own ids and a key or member allowed to write, so only authorization
// refused them above.
describe("controls: the attack bodies succeed where allowed", () => {
  test.each(API.filter((row) => row.body).map((row) => [`${row.method} ${row.path}`, row] as const))("%s with A's admin key and A's own ids", async (_label, row) => {
    const answer = await callApi(row, A, bearer(keys.ADMIN));
    expect(serverErrorOf(answer)).toBeNull();
    expect({ status: answer.status, body: answer.status < 300 ? "" : answer.text }).toEqual({ status: row.method === "POST" ? (row.path === "/privacy/exports" ? 202 : 201) : 200, body: "" });
  });

  test("a photo upload by A's owner to A's open inspection", async () => {
    const answer = await send("POST", `/${A.orgSlug}/attachments`, { cookie: cookies.get("OWNER"), body: await photoForm(A), headers: { Origin: app.url } });
    expect({ status: answer.status, body: answer.status === 201 ? "" : answer.text }).toEqual({ status: 201, body: "" });
  });
});
