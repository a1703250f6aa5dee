// pg-boss's schema, installed and migrated by the table owner with the Prisma
// migrations. The app role cannot create schemas or tables, and a pg-boss
// queue is a partition of pgboss.job (creating one is DDL on a table the app
// does not own), so the owner also creates every registered queue here; the
// app then gets only what pg-boss needs at run time: rows, not structure.
import pg from "pg";
import PgBoss from "pg-boss";
// Relative: the test runner's global setup loads this without the @/ path alias.
import { CRON_QUEUE, JOBS, JOB_NAMES, JOB_SCHEMA } from "../../lib/jobs/registry";

const APP_ROLE = "awms_app";

export async function prepareJobSchema(ownerUrl: string): Promise<void> {
  // migrate: true installs the schema, or migrates it to this pg-boss's version, under pg-boss's advisory lock.
  const boss = new PgBoss({ connectionString: ownerUrl, schema: JOB_SCHEMA, migrate: true, supervise: false, schedule: false, max: 2, application_name: "awms-migrate" });
  let failure: unknown;
  boss.on("error", (error) => (failure ??= error));
  await boss.start();
  try {
    for (const name of JOB_NAMES) {
      const queue = JOBS[name].queue;
      await boss.createQueue(name, { name, ...queue });
      // An existing queue keeps its row: bring its settings in step with the registry.
      await boss.updateQueue(name, { name, ...queue });
    }
    await boss.createQueue(CRON_QUEUE, { name: CRON_QUEUE });
  } finally {
    await boss.stop({ graceful: false });
  }
  if (failure) throw failure;

  const owner = new pg.Client({ connectionString: ownerUrl });
  await owner.connect();
  try {
    // Every table, queue partitions included (each queue is its own table), as of now: run after every queue change.
    await owner.query(`GRANT USAGE ON SCHEMA ${JOB_SCHEMA} TO ${APP_ROLE}`);
    await owner.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA ${JOB_SCHEMA} TO ${APP_ROLE}`);
  } finally {
    await owner.end();
  }
}
