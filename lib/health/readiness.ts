import { checkDatabase } from "./check-database";
import { checkJobQueue } from "./check-job-queue";
import { checkRedis } from "./check-redis";

export interface CheckResult {
  status: "up" | "down" | "skipped";
  latencyMs?: number;
  /** why a check is down, in words that name no host, address or secret */
  detail?: string;
}

export interface Readiness {
  ready: boolean;
  checks: { database: CheckResult; redis: CheckResult; jobs: CheckResult };
}

/** Everything this instance needs to serve: the checks run side by side, each with its own timeout. */
export async function readiness(): Promise<Readiness> {
  const [database, redis, jobs] = await Promise.all([checkDatabase(), checkRedis(), checkJobQueue()]);
  const checks = { database, redis, jobs };
  return { ready: Object.values(checks).every((check) => check.status !== "down"), checks };
}
