import type PgBoss from "pg-boss";
import { assertQueuesExist, createBoss } from "./boss";
import { JOBS, JOB_NAMES, type JobDefinition, type JobName } from "./registry";
import { superviseJob } from "./supervise-job";

export interface JobWorkers {
  boss: PgBoss;
  /** stops asking for work, lets running jobs finish (up to timeoutMs), then closes the pool */
  stop(options?: { timeoutMs?: number }): Promise<void>;
}

export interface StartOptions {
  connectionString: string;
  pollingIntervalSeconds?: number;
  /** workers for these jobs only (a test of one job); all registered jobs by default */
  jobs?: readonly JobName[];
}

/**
 * Starts pg-boss as the app role with one worker per registered job and the
 * registered schedules. Jobs run once however many instances do this: a worker
 * takes a job with FOR UPDATE SKIP LOCKED, and a cron tick becomes one job.
 */
export async function startJobWorkers(options: StartOptions): Promise<JobWorkers> {
  const boss = createBoss({ connectionString: options.connectionString, maintenance: true, pollingIntervalSeconds: options.pollingIntervalSeconds });
  try {
    await boss.start();
  } catch (error) {
    // stop() does nothing for an instance that never started: close its pool here.
    await (boss.getDb() as { close?: () => Promise<void> }).close?.().catch(() => {});
    throw new Error(`background jobs did not start: ${(error as Error).message} (the owner installs pg-boss with npm run db:migrate)`, { cause: error });
  }
  try {
    await assertQueuesExist(boss);
    const registered = new Set(JOB_NAMES.filter((name) => (JOBS[name] as JobDefinition).schedule));
    // A schedule removed from the registry must stop firing too.
    for (const schedule of await boss.getSchedules()) {
      if (!registered.has(schedule.name as JobName)) await boss.unschedule(schedule.name);
    }
    for (const name of JOB_NAMES) {
      const schedule = (JOBS[name] as JobDefinition).schedule;
      if (schedule) await boss.schedule(name, schedule.cron, {}, { tz: schedule.tz });
    }
    for (const name of options.jobs ?? JOB_NAMES) {
      const handler = await JOBS[name].load();
      await boss.work(name, { batchSize: 1, includeMetadata: true }, async ([job]) => {
        if (job) await superviseJob(name, handler, job);
      });
    }
  } catch (error) {
    await boss.stop({ graceful: false });
    throw error;
  }
  return {
    boss,
    stop: (stopOptions = {}) => boss.stop({ graceful: true, wait: true, timeout: stopOptions.timeoutMs ?? 20_000 }),
  };
}
