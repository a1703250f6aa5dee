// Postgres restarts under steady traffic (a failover, a minor-version upgrade): AWMS answers
// 503 while the database is gone, quickly and with nothing half-done, and serves fully again
// within seconds of its return, without being restarted. The database is a private cluster
// (initdb in a temporary folder, stopped with pg_ctl stop -m fast): never the machine's own.
import { createApiKey } from "@/lib/api-keys/create-api-key";
import { db } from "@/lib/db";
import { reloadServerEnv } from "@/lib/env";
import { migrateDatabase, provisionDatabase } from "@/scripts/db/provision";
import { contextFor, signUp } from "../support/accounts";
import { launchApp, waitUntilServing, type LaunchedApp } from "../support/launched-app";
import { startPrivatePostgres, type PrivatePostgres } from "../support/private-postgres";

interface Answer {
  path: string;
  sentAt: number;
  doneAt: number;
  status: number | "no answer";
  body: string;
}

let postgres: PrivatePostgres;
let app: LaunchedApp;
// Several keys: one key may have only 4 calls in flight at once (npm start's front door), and calls slow down while Postgres restarts.
const keys: string[] = [];
let orgId = "";
let readyPath = "/api/ready";

beforeAll(async () => {
  postgres = await startPrivatePostgres();
  const database = await provisionDatabase(postgres.adminUrl, "awms", { owner: null, app: null });
  await migrateDatabase(postgres.adminUrl, database.ownerUrl);
  process.env.DATABASE_URL = database.appUrl;
  reloadServerEnv();
  const account = await signUp("pg-restart");
  const ctx = await contextFor(account.userId, account.orgSlug);
  // Enterprise: 1,200 API requests a minute and 200 in any 10 s, above the 10 a second sent here.
  await db().organization.update({ where: { id: ctx.orgId }, data: { plan: "ENTERPRISE" } });
  for (let i = 0; i < 4; i += 1) keys.push((await createApiKey(await contextFor(account.userId, account.orgSlug), { name: `restart probe ${i}`, scope: "READ" })).key);
  orgId = ctx.orgId;
  await db().$disconnect();
  app = await launchApp({ DATABASE_URL: database.appUrl });
  await waitUntilServing(app);
  // /api/ready comes with the observability work; until then /api/health answers for the database.
  if ((await fetch(`${app.url}${readyPath}`)).status === 404) readyPath = "/api/health";
}, 240_000);

afterAll(async () => {
  await app?.stop();
  await postgres?.remove();
});

async function ask(requestPath: string, headers: Record<string, string> = {}): Promise<Answer> {
  const sentAt = Date.now();
  try {
    const response = await fetch(`${app.url}${requestPath}`, { headers, signal: AbortSignal.timeout(15_000) });
    return { path: requestPath, sentAt, doneAt: Date.now(), status: response.status, body: await response.text() };
  } catch (error) {
    return { path: requestPath, sentAt, doneAt: Date.now(), status: "no answer", body: String(error) };
  }
}

test("requests fail with 503 only while Postgres is down, fast, and all succeed again soon after it is back", async () => {
  const answers: Promise<Answer>[] = [];
  let sending = true;
  const traffic = (async () => {
    for (let tick = 0; sending; tick += 1) {
      // Ten calls a second: half the workshop's burst limit on Enterprise (200 in any 10 s).
      if (tick % 2 === 0) answers.push(ask("/api/v1/me", { Authorization: `Bearer ${keys[(tick / 2) % keys.length]}` }));
      if (tick % 5 === 0) answers.push(ask(readyPath));
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  })();

  await new Promise((resolve) => setTimeout(resolve, 3_000));
  const stopping = Date.now();
  await postgres.stop();
  const down = Date.now();
  await new Promise((resolve) => setTimeout(resolve, 4_000));
  const restarting = Date.now();
  await postgres.start();
  const back = Date.now();
  await new Promise((resolve) => setTimeout(resolve, 10_000));
  sending = false;
  await traffic;
  const all = await Promise.all(answers);

  const api = all.filter((answer) => answer.path === "/api/v1/me");
  const failures = all.filter((answer) => answer.status !== 200);
  const lastFailure = Math.max(...failures.map((answer) => answer.doneAt));
  const firstSuccessAfter = Math.min(...api.filter((answer) => answer.sentAt >= back && answer.status === 200).map((answer) => answer.doneAt));
  const timings = {
    outageMs: back - stopping,
    stopMs: down - stopping,
    restartMs: back - restarting,
    requests: all.length,
    failed: failures.length,
    failedDuringOutage: failures.filter((answer) => answer.doneAt >= stopping && answer.sentAt <= back).length,
    slowestFailureMs: Math.max(...failures.map((answer) => answer.doneAt - answer.sentAt)),
    firstSuccessAfterBackMs: firstSuccessAfter - back,
    lastFailureAfterBackMs: lastFailure - back,
    statuses: [...new Set(failures.map((answer) => `${answer.path} ${answer.status}`))],
  };
  console.log(`Postgres restart under traffic: ${JSON.stringify(timings)}`);

  // Every failure is a 503, answered within a few seconds, and falls inside the outage (or the moment after it).
  for (const failure of failures) {
    expect({ path: failure.path, status: failure.status }).toEqual({ path: failure.path, status: 503 });
    expect(failure.doneAt - failure.sentAt).toBeLessThan(3_000);
    expect(failure.doneAt).toBeGreaterThanOrEqual(stopping);
    expect(failure.sentAt).toBeLessThan(back + 3_000);
  }
  expect(failures.some((answer) => answer.path === "/api/v1/me" && JSON.parse(answer.body).error.code === "SERVICE_UNAVAILABLE")).toBe(true);
  expect(failures.some((answer) => answer.path === readyPath)).toBe(true);
  // Nothing was refused before the stop, and everything sent once the database had settled succeeded.
  expect(all.filter((answer) => answer.doneAt < stopping).every((answer) => answer.status === 200)).toBe(true);
  const settled = all.filter((answer) => answer.sentAt >= back + 3_000);
  expect(settled.length).toBeGreaterThan(60);
  expect(settled.every((answer) => answer.status === 200)).toBe(true);
  // A success is the workshop's own answer, never someone else's or an empty one.
  for (const answer of api.filter((a) => a.status === 200)) expect(JSON.parse(answer.body).workshop.id).toBe(orgId);
  expect(app.child.exitCode).toBeNull();
}, 120_000);
