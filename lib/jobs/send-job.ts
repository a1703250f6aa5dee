import type PgBoss from "pg-boss";
import { serverEnv } from "@/lib/env";
import { createBoss } from "./boss";
import type { JobName } from "./registry";

const cache = globalThis as unknown as { awmsJobProducer?: Promise<PgBoss> };

// Enqueuing needs no worker in this process (JOB_WORKERS=off still sends), so
// it has its own small pg-boss with maintenance and cron off.
function producer(): Promise<PgBoss> {
  if (!cache.awmsJobProducer) {
    const url = serverEnv().DATABASE_URL;
    if (!url) throw new Error("DATABASE_URL is not set: background jobs need the database");
    const starting = createBoss({ connectionString: url, maintenance: false, poolSize: 2, applicationName: "awms-jobs-producer" }).start();
    // A failed start is not kept: the next call tries again.
    starting.catch(() => {
      if (cache.awmsJobProducer === starting) delete cache.awmsJobProducer;
    });
    cache.awmsJobProducer = starting;
  }
  return cache.awmsJobProducer;
}

/** Enqueues a job for whichever instance's worker is free first. Returns the job id (null when deduplicated). */
export async function sendJob(name: JobName, data: Record<string, unknown> = {}, options: PgBoss.SendOptions = {}): Promise<string | null> {
  return (await producer()).send(name, data, options);
}

/** Closes the enqueuing pool (shutdown, tests). */
export async function stopJobProducer(): Promise<void> {
  const starting = cache.awmsJobProducer;
  delete cache.awmsJobProducer;
  if (starting) await (await starting).stop({ graceful: false });
}
