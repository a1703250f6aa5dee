// Failed API authentications per address. Each failure takes a point from the
// public per-address limit ("api-auth"); once an address has none left, its
// failures are refused with 429 without counting further, so it cannot go on
// testing keys at speed. Only failures count and only failures are refused: an
// integration's good requests never spend this limit (they count against the
// workshop's plan instead), however many bad keys share its address.
//
// The counter is shared (Redis) where the limits are; which addresses are
// blocked is remembered per instance, learnt from the shared counter on the
// address's next failure there.
import { countRateLimitRejection } from "@/lib/observability/count";
import { limitPublicRequest, RateLimitedError, type LimitState } from "@/lib/rate-limit/request-limits";

const BUCKET = "api-auth";
const MAX_REMEMBERED = 10_000;

const cache = globalThis as unknown as { awmsApiAuthBlocked?: Map<string, { until: number; state: LimitState }> };
const blocked = () => (cache.awmsApiAuthBlocked ??= new Map());

/** Throws RateLimitedError while the address is blocked for failing too often. */
export function refuseBlockedAddress(ip: string, now = Date.now()) {
  const entry = blocked().get(ip);
  if (!entry) return;
  if (entry.until <= now) {
    blocked().delete(ip);
    return;
  }
  countRateLimitRejection("public");
  throw new RateLimitedError(`public:${BUCKET}`, { ...entry.state, remaining: 0, resetSeconds: Math.max(1, Math.ceil((entry.until - now) / 1000)) });
}

/** Counts one failed authentication; throws RateLimitedError (and blocks the address) when it was one too many. */
export async function countFailedAuthentication(ip: string): Promise<LimitState> {
  try {
    return await limitPublicRequest(BUCKET, ip);
  } catch (error) {
    if (error instanceof RateLimitedError) remember(ip, error.state);
    throw error;
  }
}

function remember(ip: string, state: LimitState) {
  const map = blocked();
  const now = Date.now();
  if (map.size >= MAX_REMEMBERED) {
    for (const [address, entry] of map) if (entry.until <= now) map.delete(address);
    // Still full of live blocks: forget the oldest; the shared counter still refuses it on its next failure.
    if (map.size >= MAX_REMEMBERED) map.delete(map.keys().next().value!);
  }
  map.set(ip, { until: now + state.resetSeconds * 1000, state });
}
