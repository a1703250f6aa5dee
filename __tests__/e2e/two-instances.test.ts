// Two AWMS instances started together with `npm start` on two ports against one new, empty
// Postgres database and one Redis, as a deploy behind a load balancer would start them:
// the migrations run once (one instance migrates, the other waits on the lock and finds
// nothing to do), a session signed in on one is honoured by the other, a Server Action
// works on either, and a background job runs once however many instances' workers poll.
// Rate limits shared across instances: shared-rate-limits.test.ts.
import { randomBytes } from "node:crypto";
import PgBoss from "pg-boss";
import pg from "pg";
import type { Browser, Page } from "playwright-core";
import { db, withTenant } from "@/lib/db";
import { reloadServerEnv } from "@/lib/env";
import { createBoss } from "@/lib/jobs/boss";
import type { OrgContext } from "@/lib/org/context";
import { MIGRATION_LOCK_KEY } from "@/scripts/db/migration-lock";
import { contextFor, PASSWORD, signUp } from "../support/accounts";
import { launchBrowser, signIn, watchErrors } from "../support/browser";
import { createEmptyDatabase, launchApp, logLines, openSearchRoleWindow, waitUntilServing, type EmptyDatabase, type LaunchedApp } from "../support/launched-app";
import { startOwnRedis, type OwnRedis } from "../support/redis-server";

let database: EmptyDatabase;
let redis: OwnRedis;
let first: LaunchedApp;
let second: LaunchedApp;
let browser: Browser;

async function waitForLog(app: LaunchedApp, text: string, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (!app.logs().includes(text)) {
    if (Date.now() > deadline || app.child.exitCode !== null) throw new Error(`no "${text}" in:\n${app.logs()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

beforeAll(async () => {
  database = await createEmptyDatabase();
  redis = await startOwnRedis();
  const closeWindow = await openSearchRoleWindow(database.adminUrl);
  // Held by the test until both instances are queued on it, so the two really start together.
  const holder = new pg.Client({ connectionString: database.ownerUrl });
  await holder.connect();
  try {
    await holder.query(`SELECT pg_advisory_lock(hashtextextended('${MIGRATION_LOCK_KEY}', 0))`);
    const env = {
      DATABASE_URL: database.appUrl,
      MIGRATION_DATABASE_URL: database.ownerUrl,
      REDIS_URL: redis.url,
      AWMS_REDIS_PREFIX: `awms-e2e-two-${process.pid}`,
      NEXTAUTH_SECRET: "two-instances-one-deployment-session-secret-000",
      // What a deployment of several instances sets (lib/env.ts); the launcher passes it to the server.
      NEXT_SERVER_ACTIONS_ENCRYPTION_KEY: randomBytes(32).toString("base64"),
    };
    [first, second] = await Promise.all([launchApp(env), launchApp(env)]);
    await Promise.all([first, second].map((app) => waitForLog(app, "another instance is migrating this database")));
    await holder.query(`SELECT pg_advisory_unlock(hashtextextended('${MIGRATION_LOCK_KEY}', 0))`);
    await Promise.all([waitUntilServing(first), waitUntilServing(second)]);
  } finally {
    await holder.end();
    await closeWindow();
  }
  // This file's own calls (sign-up, checks) go to the same database as the app role.
  process.env.DATABASE_URL = database.appUrl;
  reloadServerEnv();
  browser = await launchBrowser();
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await Promise.all([first?.stop(), second?.stop()]);
  await redis?.stop();
  if (process.env.DATABASE_URL === database?.appUrl) await db().$disconnect();
  await database?.drop();
});

test("the migrations ran once: one instance applied them, the other waited for it and found nothing to do", async () => {
  const logs = [first.logs(), second.logs()];
  const applied = logs.filter((text) => /Migrations: applied \d+/.test(text));
  const current = logs.filter((text) => text.includes("Migrations: nothing to apply, the database is current"));
  expect(applied).toHaveLength(1);
  expect(current).toHaveLength(1);
  expect(current[0]).toMatch(/Migrations: the other instance finished after \d+\.\d s/);
  console.log(`Two instances started together:\n${logs.map((text) => text.split("\n").filter((line) => line.startsWith("Migrations:")).join("\n")).join("\n--\n")}`);
  const owner = new pg.Client({ connectionString: database.ownerUrl });
  await owner.connect();
  try {
    const { rows } = await owner.query<{ migration_name: string; runs: string }>(
      "SELECT migration_name, count(*) AS runs FROM _prisma_migrations GROUP BY migration_name",
    );
    expect(rows.length).toBe(Number(/Migrations: applied (\d+)/.exec(applied[0]!)![1]));
    expect(rows.every((row) => row.runs === "1")).toBe(true);
  } finally {
    await owner.end();
  }
});

describe("a workshop served by both instances", () => {
  let owner: OrgContext;
  let email = "";
  let page: Page;
  let errors: string[];

  beforeAll(async () => {
    const account = await signUp("two-instances");
    email = account.email;
    owner = await contextFor(account.userId, account.orgSlug);
    page = await browser.newPage();
    errors = watchErrors(page);
  });

  test("signed in on one instance, the same session is honoured by the other", async () => {
    await signIn(page, first.url, email, PASSWORD, owner.orgSlug);
    const session = (await page.context().cookies(first.url)).find((cookie) => cookie.name.includes("session-token"));
    expect(session).toBeDefined();
    // Only the cookie, on its own, over plain HTTP to the other instance.
    const onSecond = await fetch(`${second.url}/${owner.orgSlug}/customers`, { headers: { Cookie: `${session!.name}=${session!.value}` }, redirect: "manual" });
    expect(onSecond.status).toBe(200);
    expect(await onSecond.text()).toContain("Customers");
    const signedOut = await fetch(`${second.url}/${owner.orgSlug}/customers`, { redirect: "manual" });
    expect(signedOut.status).toBeGreaterThanOrEqual(300);
    expect(signedOut.status).toBeLessThan(400);
  });

  test("a customer added through a form on one instance is edited through a form on the other", async () => {
    await page.goto(`${first.url}/${owner.orgSlug}/customers/new`);
    await page.getByLabel("Name").fill("Two Instance Motors");
    await page.getByRole("button", { name: "Add customer" }).click();
    await page.getByRole("heading", { name: "Two Instance Motors" }).waitFor();
    const customerPath = new URL(page.url()).pathname;

    await page.goto(`${second.url}${customerPath}`);
    const details = page.locator("form", { has: page.getByRole("button", { name: "Save customer" }) });
    await details.getByLabel("Phone", { exact: true }).fill("01632 960123");
    await details.getByRole("button", { name: "Save customer" }).click();
    await page.getByText("Customer saved.").waitFor();

    const saved = await withTenant(owner.orgId, (tx) => tx.customer.findMany({ select: { displayName: true, phone: true } }));
    expect(saved).toEqual([{ displayName: "Two Instance Motors", phone: "01632 960123" }]);
    expect(errors).toEqual([]);
  });
});

test("twelve jobs sent while both instances' workers poll each run exactly once, and both instances take some", async () => {
  const producer: PgBoss = createBoss({ connectionString: database.appUrl, maintenance: false, poolSize: 2 });
  await producer.start();
  const ids: string[] = [];
  try {
    for (let i = 0; i < 12; i += 1) ids.push((await producer.send("appointment-emails", { test: i }))!);
    const deadline = Date.now() + 90_000;
    let completed = 0;
    while (completed < ids.length && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      completed = ids.filter((id) => logLines(first).concat(logLines(second)).some((line) => line.jobId === id && line.msg === "background job finished")).length;
    }
  } finally {
    await producer.stop({ graceful: false });
  }
  const started = (app: LaunchedApp) => logLines(app).filter((line) => line.msg === "background job started" && ids.includes(line.jobId as string));
  const runs = [...started(first), ...started(second)].map((line) => line.jobId as string);
  expect(runs.sort()).toEqual([...ids].sort());
  console.log(`12 jobs: ${started(first).length} ran on the first instance, ${started(second).length} on the second`);
  expect(started(first).length).toBeGreaterThan(0);
  expect(started(second).length).toBeGreaterThan(0);
  // pg-boss's own record agrees: each job completed, none retried.
  const owner = new pg.Client({ connectionString: database.ownerUrl });
  await owner.connect();
  try {
    const { rows } = await owner.query<{ state: string; retry_count: number }>("SELECT state, retry_count FROM pgboss.job WHERE id = ANY($1::uuid[])", [ids]);
    expect(rows).toHaveLength(ids.length);
    expect(rows.every((row) => row.state === "completed" && row.retry_count === 0)).toBe(true);
  } finally {
    await owner.end();
  }
}, 120_000);
