import PgBoss from "pg-boss";
import { log } from "@/lib/log/logger";
import { CRON_QUEUE, JOB_NAMES, JOB_SCHEMA } from "./registry";

export interface BossOptions {
  connectionString: string;
  /** run maintenance (expiry, archiving) and the cron timekeeper: instances that run workers do */
  maintenance: boolean;
  /** connections for pg-boss's own pool (separate from Prisma's) */
  poolSize?: number;
  /** how often an idle worker asks for work */
  pollingIntervalSeconds?: number;
  /** names the connections in pg_stat_activity */
  applicationName?: string;
}

/**
 * pg-boss as the app role: it owns nothing and cannot create schemas, so
 * pg-boss's own migrations stay off (`migrate: false` only checks that the
 * owner installed the version this package expects).
 */
export function createBoss(options: BossOptions): PgBoss {
  const boss = new PgBoss({
    connectionString: options.connectionString,
    schema: JOB_SCHEMA,
    application_name: options.applicationName ?? "awms-jobs",
    max: options.poolSize ?? 3,
    migrate: false,
    supervise: options.maintenance,
    schedule: options.maintenance,
    pollingIntervalSeconds: options.pollingIntervalSeconds ?? 2,
  });
  // An EventEmitter without an "error" listener would throw and end the process.
  boss.on("error", (error) => log.error({ err: error }, "background jobs: pg-boss reported an error"));
  return boss;
}

/** Refuses to run against a database whose queues the owner has not created (an unapplied migration). */
export async function assertQueuesExist(boss: PgBoss): Promise<void> {
  const existing = new Set((await boss.getQueues()).map((queue) => queue.name));
  const missing = [...JOB_NAMES, CRON_QUEUE].filter((name) => !existing.has(name));
  if (missing.length) {
    throw new Error(`background job queues missing (${missing.join(", ")}): run the migrations (npm run db:migrate)`);
  }
}
