// Redis is killed (SIGKILL) and started again, empty, under mixed traffic: API reads, a form that
// creates customers, sign-ins and audit-log exports. docs/RATE-LIMITS.md says what must happen:
// general traffic keeps being served and limited in memory, sign-in and exports fail closed, and
// once Redis is back the limits are shared (counted in Redis) again, with no AWMS restart.
import { randomBytes } from "node:crypto";
import Redis from "ioredis";
import { createApiKey } from "@/lib/api-keys/create-api-key";
import { PLANS } from "@/lib/billing/plans";
import { db } from "@/lib/db";
import { contextFor, PASSWORD, signUp } from "../support/accounts";
import { startAppServer, type AppServer } from "../support/app-server";
import { pause, spread, startLoad, type Attempt, type Send } from "../support/fault-load";
import { startOwnRedis, type OwnRedis } from "../support/redis-server";
import { actionIdOf, callAction, formOf, signInOverHttp } from "../support/server-actions";

const prefix = `awms-fault-${process.pid}-${randomBytes(3).toString("hex")}`;
let redis: OwnRedis;
let app: AppServer;
let key = "";
let email = "";
let orgId = "";
let orgSlug = "";
let cookie = "";

beforeAll(async () => {
  redis = await startOwnRedis();
  app = await startAppServer({ REDIS_URL: redis.url, AWMS_REDIS_PREFIX: prefix });
  const account = await signUp("fault-redis");
  const owner = await contextFor(account.userId, account.orgSlug);
  await db().organization.update({ where: { id: owner.orgId }, data: { plan: "PROFESSIONAL" } });
  key = (await createApiKey(await contextFor(account.userId, account.orgSlug), { name: "fault reads", scope: "READ" })).key;
  [email, orgId, orgSlug] = [account.email, owner.orgId, owner.orgSlug];
  cookie = await signInOverHttp(app.url, email, PASSWORD);
}, 120_000);

afterAll(async () => {
  await app?.stop();
  await redis?.stop();
});

/** The API's burst limit on Professional: a sixth of the minute's in any 10 seconds; the headers tell whichever is tighter. */
const API_BURST = Math.ceil(PLANS.PROFESSIONAL.apiRequestsPerMinute / 6);
const me = () => fetch(`${app.url}/api/v1/me`, { headers: { Authorization: `Bearer ${key}` } });

const apiRead: Send = async () => {
  const response = await me();
  const body = await response.text();
  const code = response.ok ? null : ((JSON.parse(body) as { error?: { code?: string } }).error?.code ?? null);
  // Still limited: every answer says how much of the limit is left.
  const limited = [PLANS.PROFESSIONAL.apiRequestsPerMinute, API_BURST].map(String).includes(response.headers.get("RateLimit-Limit") ?? "");
  return { status: response.status, code, acknowledged: response.ok && limited, contentType: response.headers.get("content-type") ?? "", body: body.slice(0, 200) };
};

const formWrite: Send = async (marker) => {
  const answer = await callAction(app.url, { id: actionIdOf("createCustomerAction") }, [{}, formOf({ orgSlug, kind: "PERSON", displayName: marker })], cookie, `/${orgSlug}/customers/new`);
  return { status: answer.status, code: answer.state?.code ?? null, acknowledged: answer.state?.ok === true, contentType: "text/x-component", body: JSON.stringify(answer.state) };
};

const signIn: Send = async () => {
  const csrf = await fetch(`${app.url}/api/auth/csrf`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const jar = csrf.headers.getSetCookie().map((line) => line.split(";")[0]).join("; ");
  const response = await fetch(`${app.url}/api/auth/callback/credentials`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: jar, Origin: app.url },
    body: new URLSearchParams({ csrfToken, email, password: PASSWORD, json: "true" }),
    redirect: "manual",
  });
  const location = response.headers.get("location") ?? ((await response.json()) as { url: string }).url;
  const error = new URL(location, app.url).searchParams.get("error");
  return { status: response.status, code: error, acknowledged: error === null, contentType: "", body: location };
};

const auditExport: Send = async () => {
  const response = await fetch(`${app.url}/${orgSlug}/settings/audit-log/export/csv`, { headers: { Cookie: cookie } });
  const body = await response.text();
  const code = response.ok ? null : ((JSON.parse(body) as { error?: { code?: string } }).error?.code ?? null);
  return { status: response.status, code, acknowledged: response.ok, contentType: response.headers.get("content-type") ?? "", body: body.slice(0, 200) };
};

const kindOf = (attempt: Attempt) => attempt.client.replace(/\d+$/, "");

test("Redis killed under load: no 500s, general traffic served and still limited, sign-in and exports fail closed, and all of it shared again after Redis returns", async () => {
  // Paced to stay inside the limits (300 API requests a minute and 50 in 10 s, 120 member requests a minute, 20 exports an hour).
  const load = startLoad({ form1: formWrite, signin1: signIn }, 150);
  const apiLoad = startLoad({ api1: apiRead, api2: apiRead }, 500);
  const exports = startLoad({ export1: auditExport }, 1_500);
  await pause(2_000);
  const killedAt = Date.now();
  await redis.stop();
  await pause(4_000);
  const restartedAt = Date.now();
  await redis.start();
  const back = Date.now();
  await pause(6_000);
  const attempts = [...(await load.stop()), ...(await apiLoad.stop()), ...(await exports.stop())];

  const down = attempts.filter((a) => a.sentAt > killedAt + 500 && a.doneAt < restartedAt);
  const before = attempts.filter((a) => a.doneAt < killedAt);
  const settled = attempts.filter((a) => a.sentAt >= back + 2_000);
  const byKind = (list: Attempt[]) =>
    Object.fromEntries(["api", "form", "signin", "export"].map((kind) => {
      const mine = list.filter((a) => kindOf(a) === kind);
      const refused = [...new Set(mine.filter((a) => !a.acknowledged).map((a) => `${a.status} ${a.code}`))];
      return [kind, { n: mine.length, ok: mine.filter((a) => a.acknowledged).length, refused, maxMs: spread(mine.map((a) => a.doneAt - a.sentAt)).max }];
    }));
  const { rows } = await app.database.superuser.query<{ displayName: string; copies: number }>(
    `SELECT "displayName", count(*)::int AS copies FROM "Customer" WHERE "organizationId" = $1 GROUP BY 1`,
    [orgId],
  );
  const stored = new Map(rows.map((row) => [row.displayName, row.copies]));
  const forms = attempts.filter((a) => kindOf(a) === "form");
  const logEvents = ["rate_limit_store_down", "auth_limiter_fail_closed", "rate_limit_fail_closed", "rate_limit_store_recovered"].map(
    (event) => `${event}: ${app.logs().split(`"event":"${event}"`).length - 1}`,
  );
  const figures = {
    outageMs: back - killedAt,
    attempts: attempts.length,
    before: byKind(before),
    whileDown: byKind(down),
    settledAfterBack: byKind(settled),
    latencyMs: spread(attempts.map((a) => a.doneAt - a.sentAt)),
    serverErrors: attempts.filter((a) => a.status === "no answer" || a.status >= 500 && kindOf(a) !== "export").length,
    formWrites: { acknowledged: forms.filter((a) => a.acknowledged).length, rowsStored: rows.reduce((sum, row) => sum + row.copies, 0) },
    logEvents,
  };
  console.log(`Redis killed under load: ${JSON.stringify(figures)}`);

  // No 500, no hang: the only 5xx is an export's deliberate 503.
  for (const attempt of attempts) {
    expect({ kind: kindOf(attempt), status: attempt.status }).not.toEqual({ kind: kindOf(attempt), status: "no answer" });
    if (typeof attempt.status === "number" && attempt.status >= 500) expect([kindOf(attempt), attempt.status, attempt.code]).toEqual(["export", 503, "SERVICE_UNAVAILABLE"]);
    expect(attempt.doneAt - attempt.sentAt).toBeLessThan(3_000);
  }
  // While Redis is gone: served from memory (API answers still carry the limit), forms saved; sign-in and exports refused.
  const whileDown = byKind(down);
  for (const kind of ["api", "form"]) expect(whileDown[kind]).toMatchObject({ n: expect.any(Number), refused: [] });
  expect(whileDown.api!.n + whileDown.form!.n).toBeGreaterThan(20);
  expect(whileDown.signin).toMatchObject({ ok: 0, refused: [expect.stringMatching(/^\d+ UNAVAILABLE/)] });
  expect(whileDown.signin!.n).toBeGreaterThan(0);
  expect(whileDown.export).toMatchObject({ ok: 0, refused: ["503 SERVICE_UNAVAILABLE"] });
  expect(whileDown.export!.n).toBeGreaterThan(0);
  // Before and after: everything served.
  for (const phase of [byKind(before), byKind(settled)]) {
    for (const kind of ["api", "form", "signin", "export"]) expect({ kind, refused: phase[kind]!.refused }).toEqual({ kind, refused: [] });
  }
  expect(byKind(settled).signin!.ok).toBeGreaterThan(3);
  // Every saved form is one customer, once.
  expect(forms.filter((a) => a.acknowledged).every((a) => stored.get(a.marker) === 1)).toBe(true);
  expect(stored.size).toBe(forms.filter((a) => a.acknowledged).length);

  // Shared again: the count lives in Redis, so emptying Redis starts the window afresh.
  const client = new Redis(redis.url);
  try {
    const first = Number((await me()).headers.get("RateLimit-Remaining"));
    const second = Number((await me()).headers.get("RateLimit-Remaining"));
    // The minute's counter went on in Redis through the last seconds (the burst window may just have begun).
    const minuteBeforeFlush = Number(await client.get(`${prefix}:rl:api:${orgId}`));
    await client.flushall();
    const afterFlush = Number((await me()).headers.get("RateLimit-Remaining"));
    console.log(`API counter after Redis returned: ${first}, ${second}; after emptying Redis: ${afterFlush}`);
    expect(second).toBe(first - 1);
    expect(minuteBeforeFlush).toBeGreaterThan(2);
    expect(afterFlush).toBe(API_BURST - 1);
  } finally {
    client.disconnect();
  }
}, 60_000);
