// A workshop's permission denials and failed sign-ins, counted per 5-minute
// window against its own usual count: an exponentially weighted average of its
// past windows (empty windows count as zero). A window reaching
// max(ALERT_ANOMALY_FLOOR, ALERT_ANOMALY_FACTOR x usual) raises one alert.
// Counted in Redis when REDIS_URL is set (every instance adds to one count, and
// exactly one sees the threshold reached), in memory otherwise.
import { serverEnv } from "@/lib/env";
import { log } from "@/lib/log/logger";
import { redis, redisKeyPrefix } from "@/lib/rate-limit/redis";
import { triggerAlert } from "./send-alert";

export type SecurityEventKind = "permission-denied" | "login-failed";

const WINDOW_MS = 5 * 60_000;
/** Weight of the newest window in the usual count: about the last hour and a half matters. */
const ALPHA = 0.1;
const TTL_SECONDS = 7 * 24 * 3600;

// Folds the finished window (and the empty ones after it) into the baseline, then counts.
const COUNT_SCRIPT = `
local w = tonumber(ARGV[1])
local alpha = tonumber(ARGV[2])
local h = redis.call('HMGET', KEYS[1], 'w', 'c', 'b')
local pw = tonumber(h[1])
local c = tonumber(h[2]) or 0
local b = tonumber(h[3]) or 0
if pw == nil then pw = w c = 0 end
if pw ~= w then
  b = b + alpha * (c - b)
  local gap = math.min(w - pw - 1, 1000)
  if gap > 0 then b = b * (1 - alpha) ^ gap end
  c = 0
end
c = c + 1
redis.call('HSET', KEYS[1], 'w', w, 'c', c, 'b', tostring(b))
redis.call('EXPIRE', KEYS[1], tonumber(ARGV[3]))
return {c, tostring(b)}
`;

interface Tally {
  window: number;
  count: number;
  baseline: number;
}

const holder = globalThis as unknown as { awmsAnomalies?: Map<string, Tally> };
const tallies = () => (holder.awmsAnomalies ??= new Map());

function countInMemory(key: string, window: number): Tally {
  const tally = tallies().get(key) ?? { window, count: 0, baseline: 0 };
  if (tally.window !== window) {
    tally.baseline += ALPHA * (tally.count - tally.baseline);
    const gap = Math.min(window - tally.window - 1, 1000);
    if (gap > 0) tally.baseline *= (1 - ALPHA) ** gap;
    tally.window = window;
    tally.count = 0;
  }
  tally.count += 1;
  tallies().set(key, tally);
  return tally;
}

async function count(orgId: string, kind: SecurityEventKind, window: number): Promise<Tally> {
  const key = `${redisKeyPrefix()}:anomaly:${orgId}:${kind}`;
  const client = redis();
  if (client?.status === "ready") {
    try {
      const [count, baseline] = (await client.eval(COUNT_SCRIPT, 1, key, window, ALPHA, TTL_SECONDS)) as [number, string];
      return { window, count, baseline: Number(baseline) };
    } catch (error) {
      log.warn({ event: "anomaly_count_local", error: (error as Error).message }, "counting security events in memory: Redis did not answer");
    }
  }
  return countInMemory(key, window);
}

export function anomalyThreshold(baseline: number): number {
  const { ALERT_ANOMALY_FLOOR: floor, ALERT_ANOMALY_FACTOR: factor } = serverEnv();
  return Math.max(floor, Math.ceil(factor * baseline));
}

async function note(orgId: string, kind: SecurityEventKind, now: number): Promise<void> {
  const window = Math.floor(now / WINDOW_MS);
  const tally = await count(orgId, kind, window);
  const threshold = anomalyThreshold(tally.baseline);
  // Exactly one event reaches the threshold, in Redis across all instances too.
  if (tally.count !== threshold) return;
  const hour = new Date(now).toISOString().slice(0, 13);
  const what = kind === "permission-denied" ? "permission denials" : "failed sign-ins";
  triggerAlert({
    dedupKey: `anomaly:${orgId}:${kind}:${hour}`,
    summary: `Workshop ${orgId}: ${tally.count} ${what} in 5 minutes (usually ${tally.baseline.toFixed(1)})`,
    severity: "warning",
    component: "workshop",
    group: orgId,
    class: "anomaly",
    customDetails: { organizationId: orgId, kind, count: tally.count, usual: Number(tally.baseline.toFixed(2)), threshold, windowStart: new Date(window * WINDOW_MS).toISOString() },
  });
}

/**
 * Counts a permission denial or failed sign-in of a workshop, in the
 * background: the request that was refused does not wait for the count.
 */
export function noteSecurityEvent(orgId: string, kind: SecurityEventKind, now = Date.now()): Promise<void> {
  return note(orgId, kind, now).catch((error: unknown) => {
    log.error({ event: "anomaly_check_failed", error: (error as Error).message }, "could not count a security event");
  });
}
