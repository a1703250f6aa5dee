// Postgres crashes (its postmaster SIGKILLed, then started again with crash recovery) while
// advisors and an API client keep creating customers, and while Stripe delivers a webhook.
// Each write carries a marker of its own, so afterwards the database is asked, marker by
// marker, whether every write AWMS acknowledged is there exactly once. The cluster is a private
// one (initdb in a temporary folder): never the machine's own server.
import pg from "pg";
import { createApiKey } from "@/lib/api-keys/create-api-key";
import { db } from "@/lib/db";
import { reloadServerEnv } from "@/lib/env";
import { migrateDatabase, provisionDatabase } from "@/scripts/db/provision";
import { contextFor, joinWorkshop, PASSWORD, signUp } from "../support/accounts";
import { FAKE_PRICES, startFakeStripe, type FakeStripe } from "../support/fake-stripe";
import { pause, spread, startLoad, type Send } from "../support/fault-load";
import { preparePostgresCrash, type CrashReport } from "../support/fault-postgres";
import { launchApp, waitUntilServing, type LaunchedApp } from "../support/launched-app";
import { startPrivatePostgres, type PrivatePostgres } from "../support/private-postgres";
import { actionIdOf, callAction, formOf, signInOverHttp } from "../support/server-actions";

let postgres: PrivatePostgres;
let crash: () => Promise<CrashReport>;
let app: LaunchedApp;
let fake: FakeStripe;
let referee: pg.Pool;
let orgId = "";
let orgSlug = "";
let apiKey = "";
let billedOrgId = "";
const members: Array<{ email: string; cookie: string }> = [];

beforeAll(async () => {
  [postgres, fake] = await Promise.all([startPrivatePostgres(), startFakeStripe()]);
  const database = await provisionDatabase(postgres.adminUrl, "awms", { owner: null, app: null });
  await migrateDatabase(postgres.adminUrl, database.ownerUrl);
  process.env.DATABASE_URL = database.appUrl;
  reloadServerEnv();
  const account = await signUp("fault-pg");
  const owner = await contextFor(account.userId, account.orgSlug);
  // Enterprise: 1,200 API and 3,000 member requests a minute, above what the load sends.
  await db().organization.update({ where: { id: owner.orgId }, data: { plan: "ENTERPRISE" } });
  apiKey = (await createApiKey(await contextFor(account.userId, account.orgSlug), { name: "fault load", scope: "READ_WRITE" })).key;
  const advisors = [await joinWorkshop(owner, "SERVICE_ADVISOR", "fault-pg-a"), await joinWorkshop(owner, "SERVICE_ADVISOR", "fault-pg-b")];
  const emails = [account.email, ...(await Promise.all(advisors.map(async (a) => (await db().user.findUniqueOrThrow({ where: { id: a.userId } })).email)))];
  [orgId, orgSlug] = [owner.orgId, owner.orgSlug];
  // A second workshop that went to Checkout: its Stripe customer is known, the plan not yet changed.
  const billed = await signUp("fault-pg-billing");
  billedOrgId = (await contextFor(billed.userId, billed.orgSlug)).orgId;
  await db().organization.update({ where: { id: billedOrgId }, data: { stripeCustomerId: "cus_fault_billing" } });
  await db().$disconnect();

  referee = new pg.Pool({ connectionString: postgres.adminUrl.replace(/\/postgres$/, "/awms"), max: 2 });
  referee.on("error", () => {}); // its idle connections die with the crash, on purpose
  crash = await preparePostgresCrash(postgres.adminUrl);
  app = await launchApp({ DATABASE_URL: database.appUrl, LOG_LEVEL: "warn", ...fake.env });
  await waitUntilServing(app);
  for (const email of emails) members.push({ email, cookie: await signInOverHttp(app.url, email, PASSWORD) });
}, 240_000);

afterAll(async () => {
  await app?.stop();
  await referee?.end();
  await fake?.close();
  await postgres?.remove();
});

async function restartAndWait(): Promise<number> {
  await postgres.start();
  const back = Date.now();
  // The referee's pooled connections died with the old server: the pool replaces them.
  for (let ok = false; !ok; await pause(100)) ok = await referee.query("SELECT 1").then(() => true, () => false);
  return back;
}

const viaApi: Send = async (marker) => {
  const response = await fetch(`${app.url}/api/v1/customers`, {
    method: "POST",
    headers: { Authorization: `Bearer ${apiKey}`, "Content-Type": "application/json" },
    body: JSON.stringify({ displayName: marker }),
  });
  const body = await response.text();
  const contentType = response.headers.get("content-type") ?? "";
  const code = contentType.includes("json") ? ((JSON.parse(body) as { error?: { code?: string } }).error?.code ?? null) : null;
  return { status: response.status, code, acknowledged: response.status === 201, contentType, body: body.slice(0, 300) };
};

const viaForm = (cookie: string): Send => async (marker) => {
  const answer = await callAction(app.url, { id: actionIdOf("createCustomerAction") }, [{}, formOf({ orgSlug, kind: "PERSON", displayName: marker })], cookie, `/${orgSlug}/customers/new`);
  return {
    status: answer.status,
    code: answer.state?.code ?? null,
    acknowledged: answer.status === 200 && answer.state?.ok === true,
    contentType: "text/x-component",
    body: answer.state ? JSON.stringify(answer.state) : answer.body.slice(0, 300),
  };
};

test("a crash under write load: every acknowledged write is stored once, failures are quick 503s with a code, and all writes succeed again without restarting AWMS", async () => {
  const clients: Record<string, Send> = { api1: viaApi, api2: viaApi, api3: viaApi };
  members.forEach((member, i) => (clients[`form${i + 1}`] = viaForm(member.cookie)));
  const load = startLoad(clients, 150);
  await pause(3_000);
  const crashedAt = Date.now();
  const report = await crash();
  await pause(3_000);
  const back = await restartAndWait();
  await pause(7_000);
  const attempts = await load.stop();

  const { rows } = await referee.query<{ displayName: string; copies: number }>(
    `SELECT "displayName", count(*)::int AS copies FROM "Customer" WHERE "organizationId" = $1 GROUP BY 1`,
    [orgId],
  );
  const stored = new Map(rows.map((row) => [row.displayName, row.copies]));
  const acknowledged = attempts.filter((a) => a.acknowledged);
  const failed = attempts.filter((a) => !a.acknowledged);
  const lost = acknowledged.filter((a) => !stored.has(a.marker));
  const duplicated = attempts.filter((a) => (stored.get(a.marker) ?? 0) > 1);
  // Committed, but the answer was lost with the connection: the client saw a failure.
  const inDoubt = failed.filter((a) => stored.has(a.marker));
  const strangers = rows.filter((row) => !attempts.some((a) => a.marker === row.displayName));
  const settled = attempts.filter((a) => a.sentAt >= back + 3_000);
  const figures = {
    crash: { ...report, downMs: back - crashedAt },
    attempts: attempts.length,
    acknowledged: acknowledged.length,
    rowsStored: rows.reduce((sum, row) => sum + row.copies, 0),
    lost: lost.length,
    duplicated: duplicated.length,
    failed: failed.length,
    failedButStored: inDoubt.length,
    failureLatencyMs: spread(failed.map((a) => a.doneAt - a.sentAt)),
    failures: [...new Set(failed.map((a) => `${a.client.replace(/\d+$/, "")} ${a.status} ${a.code}`))],
    lastFailureAfterBackMs: Math.max(0, ...failed.map((a) => a.doneAt - back)),
    settledAfterBack: `${settled.filter((a) => a.acknowledged).length}/${settled.length}`,
    // what an operator would be paged for: requests that failed as bugs, not as a known outage
    internalErrorsLogged: (app.logs().match(/"event":"(api_internal_error|action_failed)"/g) ?? []).length,
  };
  console.log(`Postgres crash under write load: ${JSON.stringify(figures)}`);
  for (const attempt of failed.slice(0, 3)) console.log(`a failed write, as the client saw it: ${JSON.stringify(attempt)}`);

  expect({ lost: lost.length, duplicated: duplicated.length, strangers: strangers.length }).toEqual({ lost: 0, duplicated: 0, strangers: 0 });
  expect(acknowledged.length).toBeGreaterThan(100);
  // The crash was felt: writes failed while the database was gone, and only then.
  expect(failed.length).toBeGreaterThan(0);
  for (const attempt of failed) {
    const api = attempt.client.startsWith("api");
    expect({ client: attempt.client, status: attempt.status, code: attempt.code }).toEqual({ client: attempt.client, status: api ? 503 : 200, code: "SERVICE_UNAVAILABLE" });
    expect(attempt.doneAt - attempt.sentAt).toBeLessThan(5_000);
    expect(attempt.doneAt).toBeGreaterThanOrEqual(crashedAt);
    expect(attempt.sentAt).toBeLessThan(back + 3_000);
    // A write can commit and lose its answer with the connection (failedButStored above): every
    // failure says it may have been saved, so nobody resends it blindly and makes a duplicate.
    expect({ client: attempt.client, warns: attempt.body.includes("may have been saved") }).toEqual({ client: attempt.client, warns: true });
  }
  expect(settled.length).toBeGreaterThan(30);
  expect(settled.every((a) => a.acknowledged)).toBe(true);
  expect(app.child.exitCode).toBeNull();
}, 90_000);

test("a Stripe webhook while the database is down is refused (Stripe retries) and changes nothing; redelivered after, it applies once; a member's own account form says the database is away", async () => {
  const subscription = fake.createSubscription("cus_fault_billing", FAKE_PRICES.PROFESSIONAL);
  const event = fake.signedEvent("customer.subscription.created", subscription);
  const deliver = async () => {
    const sentAt = Date.now();
    const response = await fetch(`${app.url}/api/stripe/webhook`, {
      method: "POST",
      headers: { "content-type": "application/json", "stripe-signature": event.signature },
      body: event.payload,
      signal: AbortSignal.timeout(15_000),
    });
    return { status: response.status, ms: Date.now() - sentAt, body: (await response.json()) as { outcome?: string; error?: { code: string } } };
  };
  const effects = async () => {
    const organization = await referee.query(`SELECT plan, "subscriptionStatus", "stripeSubscriptionId" FROM "Organization" WHERE id = $1`, [billedOrgId]);
    const events = await referee.query(`SELECT count(*)::int AS n FROM "StripeEvent" WHERE id = $1`, [event.id]);
    const audits = await referee.query(`SELECT count(*)::int AS n FROM "AuditLog" WHERE "organizationId" = $1 AND action = 'BILLING_SUBSCRIPTION_SYNCED'`, [billedOrgId]);
    return { ...organization.rows[0], events: events.rows[0].n as number, audits: audits.rows[0].n as number };
  };
  const untouched = { plan: "FREE", subscriptionStatus: "NONE", stripeSubscriptionId: null, events: 0, audits: 0 };
  expect(await effects()).toEqual(untouched);

  await crash();
  const whileDown = await deliver();
  const profile = await callAction(app.url, { id: actionIdOf("updateProfileAction") }, [{}, formOf({ name: "Renamed while down" })], members[0]!.cookie, "/account/profile");
  await restartAndWait();
  expect(await effects()).toEqual(untouched);
  const redelivered = await deliver();
  const again = await deliver();
  const after = await effects();
  console.log(`Stripe webhook during a Postgres crash: ${JSON.stringify({ whileDown, redelivered, again, after })}`);

  expect(whileDown.status).toBeGreaterThanOrEqual(500);
  expect(whileDown.body.error?.code).toBe("SERVICE_UNAVAILABLE");
  expect(whileDown.ms).toBeLessThan(5_000);
  expect(profile.state).toMatchObject({ ok: false, code: "SERVICE_UNAVAILABLE", values: { name: "Renamed while down" } });
  expect([redelivered.status, redelivered.body.outcome]).toEqual([200, "applied"]);
  expect([again.status, again.body.outcome]).toEqual([200, "duplicate"]);
  expect(after).toEqual({ plan: "PROFESSIONAL", subscriptionStatus: "ACTIVE", stripeSubscriptionId: subscription.id, events: 1, audits: 1 });
}, 60_000);
