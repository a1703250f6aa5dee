// Answers, before Next sees them, the API calls AWMS has just refused for their rate limit and
// will refuse again until that limit's window ends. A client flooding past its limit otherwise
// costs a pass through Next (middleware, routing, the route, a Redis read) per call, a few
// milliseconds each, which on a small server is time taken from every other workshop.
//
// It repeats refusals the app made: it learns a key is spent from the app's own 429 and its
// Retry-After, and forgets it a second before that window ends (Retry-After is rounded up), so it
// never refuses for the rate limit a call the limiter would have allowed. And it lets at most
// IN_FLIGHT_PER_KEY calls of one key into the app at once: an integration's allowed burst is
// then worked through a few at a time instead of all at once, ahead of every other workshop's
// requests. Kept per process, bounded, keyed by a hash of the key (never the key itself).
// CommonJS so that both the production server (ESM) and the unit tests (CommonJS under jest) load it.
"use strict";
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { createHash, randomUUID } = require("node:crypto");

const MAX_KEYS = 10_000;
/** Calls of one API key inside the app at once, per process: an integration waits for its answers. */
const IN_FLIGHT_PER_KEY = 4;

/** The bearer token of a REST API call, or null for anything else. */
function apiToken(req) {
  if (!req.url?.startsWith("/api/v1/")) return null;
  const match = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? "");
  return match ? match[1] : null;
}

const hashOf = (token) => createHash("sha256").update(token).digest("base64url");

function refuse(res, seconds, limit, message) {
  res.writeHead(429, {
    "Content-Type": "application/json",
    "Cache-Control": "no-store",
    "X-Content-Type-Options": "nosniff",
    "x-request-id": randomUUID(),
    ...(limit ? { "RateLimit-Limit": limit, "RateLimit-Remaining": "0", "RateLimit-Reset": String(seconds) } : {}),
    "Retry-After": String(seconds),
  });
  res.end(JSON.stringify({ error: { code: "RATE_LIMITED", message } }));
}

function createFrontDoor({ now = Date.now, inFlightPerKey = IN_FLIGHT_PER_KEY } = {}) {
  const spent = new Map();
  const inFlight = new Map();
  const counter = (globalThis.awmsFrontDoor ??= { refused: 0 });

  /** Answers a call whose key is known to be spent, or that has too many calls in the app already; returns whether it did. */
  function answer(req, res) {
    const token = apiToken(req);
    if (!token) return false;
    const hash = hashOf(token);
    const entry = spent.get(hash);
    const left = entry ? entry.until - now() : 0;
    if (entry && left <= 0) spent.delete(hash);
    if (left > 0) {
      const seconds = Math.ceil(left / 1000);
      counter.refused += 1;
      refuse(res, seconds, entry.limit, `Too many requests. Try again in ${seconds} second${seconds === 1 ? "" : "s"}.`);
      return true;
    }
    const calls = inFlight.get(hash) ?? 0;
    if (calls >= inFlightPerKey) {
      counter.refused += 1;
      refuse(res, 1, null, `Too many requests at once: at most ${inFlightPerKey} calls of one key at a time. Wait for an answer before sending more.`);
      return true;
    }
    inFlight.set(hash, calls + 1);
    res.once("close", () => {
      const still = (inFlight.get(hash) ?? 1) - 1;
      if (still > 0) inFlight.set(hash, still);
      else inFlight.delete(hash);
    });
    watch(res, hash);
    return false;
  }

  /** Learns from the app's answer: a 429 with Retry-After marks the key spent until then. */
  function watch(res, hash) {
    res.once("finish", () => {
      if (res.statusCode !== 429) return;
      const retryAfter = Number(res.getHeader("retry-after"));
      // Rounded up by the app: forget it a second early rather than refuse a call it would allow.
      if (!Number.isFinite(retryAfter) || retryAfter < 2) return;
      if (spent.size >= MAX_KEYS) spent.clear();
      spent.set(hash, { until: now() + (retryAfter - 1) * 1000, limit: String(res.getHeader("ratelimit-limit") ?? "") });
    });
  }

  return { answer };
}

module.exports = { createFrontDoor };
