// A deploy stops an instance while a background job runs: the job's worker stops
// taking work, the running job finishes (and is completed, once) within the
// shutdown's time, and a job that outlasts it is handed back to be retried.
import PgBoss from "pg-boss";
import { createBoss } from "@/lib/jobs/boss";
import { JOB_SCHEMA } from "@/lib/jobs/registry";
import { superviseJob } from "@/lib/jobs/supervise-job";
import { createTestDatabase, type TestDatabase } from "../support/test-database";

let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
});

afterAll(() => database.drop());

async function queueNamed(name: string, retryLimit: number) {
  const owner = new PgBoss({ connectionString: database.ownerUrl, schema: JOB_SCHEMA, migrate: false, supervise: false, schedule: false, max: 1 });
  owner.on("error", () => {});
  await owner.start();
  await owner.createQueue(name, { name, retryLimit });
  await owner.stop({ graceful: false });
  await database.owner.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA ${JOB_SCHEMA} TO awms_app`);
}

async function stateOf(queue: string, id: string) {
  const { rows } = await database.owner.query<{ state: string; output: unknown }>(`SELECT state, output FROM ${JOB_SCHEMA}.job WHERE name = $1 AND id = $2`, [queue, id]);
  return rows[0];
}

/** Starts a worker whose job runs `ms`, sends one job and waits until it is running. */
async function runningJob(queue: string, ms: number) {
  await queueNamed(queue, 2);
  const boss = createBoss({ connectionString: database.appUrl, maintenance: false, pollingIntervalSeconds: 0.5 });
  await boss.start();
  let started = false;
  let finished = false;
  await boss.work(queue, { batchSize: 1, includeMetadata: true }, async ([job]) => {
    if (job) await superviseJob(queue, async () => {
      started = true;
      await new Promise((resolve) => setTimeout(resolve, ms));
      finished = true;
    }, job);
  });
  const id = (await boss.send(queue, {}))!;
  const deadline = Date.now() + 10_000;
  while (!started) {
    if (Date.now() > deadline) throw new Error("the job never started");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return { boss, id, finished: () => finished };
}

test("stopping the workers mid-job lets the job finish and complete it, within the time given", async () => {
  const queue = `shutdown-finishes-${Date.now()}`;
  const { boss, id, finished } = await runningJob(queue, 1_500);
  const stopping = Date.now();
  // As lib/jobs/workers.ts stops them at SIGTERM, with the shutdown's remaining grace.
  await boss.stop({ graceful: true, wait: true, timeout: 10_000 });
  expect(finished()).toBe(true);
  expect(Date.now() - stopping).toBeLessThan(5_000);
  expect((await stateOf(queue, id))?.state).toBe("completed");
});

test("a job still running when the grace period ends is handed back to be retried, not lost", async () => {
  const queue = `shutdown-cut-off-${Date.now()}`;
  const { boss, id, finished } = await runningJob(queue, 4_000);
  await boss.stop({ graceful: true, wait: true, timeout: 1_000 });
  expect(finished()).toBe(false);
  expect((await stateOf(queue, id))?.state).toBe("retry");
  // Let the cut-off handler end before the database goes.
  await new Promise((resolve) => setTimeout(resolve, 3_500));
});
