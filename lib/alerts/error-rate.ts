// 5xx answers as a share of all answers over a sliding five minutes (ten
// 30-second buckets). Above ALERT_ERROR_RATE, with at least
// ALERT_ERROR_RATE_MIN_REQUESTS answers, one incident opens; it resolves when
// the share falls under half the threshold, so a rate hovering at the
// threshold stays one incident instead of a trigger and a resolve per request.
import { hostname } from "node:os";
import { serverEnv } from "@/lib/env";
import { resolveAlert, triggerAlert } from "./send-alert";

const BUCKET_MS = 30_000;
const BUCKETS = 10;

interface Window {
  /** bucket start (ms) -> [answers, failures] */
  buckets: Map<number, [number, number]>;
  openKey: string | null;
}

const holder = globalThis as unknown as { awmsErrorRate?: Window };
const window = () => (holder.awmsErrorRate ??= { buckets: new Map(), openKey: null });

function totals(now: number): { answers: number; failures: number; since: number } {
  const current = now - (now % BUCKET_MS);
  const since = current - (BUCKETS - 1) * BUCKET_MS;
  let answers = 0;
  let failures = 0;
  for (const [start, [a, f]] of window().buckets) {
    if (start < since) window().buckets.delete(start);
    else {
      answers += a;
      failures += f;
    }
  }
  return { answers, failures, since };
}

/** Counts one answer (failed: a 5xx or an unexpected error) and opens or resolves the incident. */
export function recordAnswer(failed: boolean, now = Date.now()): void {
  const start = now - (now % BUCKET_MS);
  const bucket = window().buckets.get(start) ?? [0, 0];
  bucket[0] += 1;
  if (failed) bucket[1] += 1;
  window().buckets.set(start, bucket);

  const { ALERT_ERROR_RATE: threshold, ALERT_ERROR_RATE_MIN_REQUESTS: minimum } = serverEnv();
  const { answers, failures, since } = totals(now);
  const share = failures / answers;
  const state = window();
  if (!state.openKey && answers >= minimum && share >= threshold) {
    // Each instance counts its own answers, so the incident is its own: with a shared key the
    // first instance to recover would resolve the incident of one still failing.
    state.openKey = `error-rate:${hostname()}:${process.pid}:${new Date(since).toISOString()}`;
    triggerAlert({
      dedupKey: state.openKey,
      summary: `AWMS answered ${Math.round(share * 100)} % of requests with a server error (${failures} of ${answers} in 5 minutes)`,
      severity: "critical",
      component: "http",
      group: "requests",
      class: "error-rate",
      customDetails: { failures, answers, share: Number(share.toFixed(3)), threshold, windowStart: new Date(since).toISOString() },
    });
  } else if (state.openKey && share < threshold / 2) {
    resolveAlert(state.openKey);
    state.openKey = null;
  }
}

/** Forgets the window (tests: a fresh process). */
export function resetErrorRate(): void {
  delete holder.awmsErrorRate;
}
