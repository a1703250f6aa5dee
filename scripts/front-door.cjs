// npm start's front door, in front of Next, so that one workshop flooding the API cannot take
// the server from the others. Four rules, kept per process:
//
// 1. It answers, before Next sees them, the calls of a key the app has just refused for its rate
//    limit and will refuse again until that window ends: a flood past the limit otherwise costs a
//    pass through Next (middleware, routing, the route, a Redis read) per call, a few milliseconds
//    each, taken from every other workshop. It repeats refusals the app made: it learns a key is
//    spent from the app's own 429 and its Retry-After, and forgets it a second before that window
//    ends (Retry-After is rounded up), so it never refuses a call the limiter would have allowed.
// 2. It lets at most IN_FLIGHT_PER_KEY calls of one key into the app (or wait for it) at once.
// 3. Some API calls are served last: they go in one at a time, only when no other request is in
//    the app (or once one has waited LAST_LANE_MAX_WAIT_MS). These are every call of a key the app
//    refused for its rate limit in the last LAST_LANE_MS, and a key's calls beside one it already
//    has in the app. Measured by `npm run load`: a flooding integration's allowed calls, let in
//    beside the others' requests, raised their p95 by a third even when spread evenly, and its
//    first burst of 50 by far more; served in the gaps, the workshops that keep to their limits,
//    and the people at their screens, do not wait for it.
// 4. A key that goes on calling through a refusal (IGNORED_REFUSALS calls refused in front of the
//    app before the window it was told to wait for ends: it ignores Retry-After, as a broken sync
//    job does) is held to one call a second for SLOWED_MS. Served last, the 5 allowed calls a
//    second of such a flood still raised the other workshops' p95 by 28% in the 5-minute load
//    run: one Node event loop cannot put a running call behind another, so the only remedy is
//    less of its work while it misbehaves.
//
// Keyed by a hash of the key (never the key itself) and bounded. CommonJS so that both the
// production server (ESM) and the unit tests (CommonJS under jest) load it.
"use strict";
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { createHash, randomUUID } = require("node:crypto");

const MAX_KEYS = 10_000;
/** Calls of one API key inside the app (or waiting for it) at once, per process: an integration waits for its answers. */
const IN_FLIGHT_PER_KEY = 4;
/** How long a key refused for its rate limit is served last. */
const LAST_LANE_MS = 5 * 60_000;
/** The longest a call served last waits for a moment when nothing else is in the app. */
const LAST_LANE_MAX_WAIT_MS = 2_000;
/** Calls refused in front of the app within one refusal's window that mark a key as ignoring Retry-After. */
const IGNORED_REFUSALS = 10;
/** How long a key that ignored Retry-After is held to one call per SLOWED_INTERVAL_MS. */
const SLOWED_MS = 5 * 60_000;
const SLOWED_INTERVAL_MS = 1_000;

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

/** Forgets the oldest entries of a map used as a bounded cache. */
function bound(map) {
  if (map.size >= MAX_KEYS) map.clear();
}

function createFrontDoor({ now = Date.now, inFlightPerKey = IN_FLIGHT_PER_KEY, lastLaneMs = LAST_LANE_MS, lastLaneMaxWaitMs = LAST_LANE_MAX_WAIT_MS, slowedMs = SLOWED_MS } = {}) {
  const spent = new Map();
  const inFlight = new Map();
  /** key hash -> time until which its calls are served last */
  const servedLast = new Map();
  /** key hash -> { until, next }: held to one call a second until `until`, the next allowed at `next` */
  const slowed = new Map();
  /** calls served last, oldest first, waiting for the app to be free */
  const lastLane = [];
  let inApp = 0;
  let lastInApp = 0;
  let lastLaneTimer = null;
  const counter = (globalThis.awmsFrontDoor ??= { refused: 0, servedLast: 0 });
  counter.servedLast ??= 0;

  /** Lets the oldest call served last in when the app has nothing else, or when it has waited long enough (`due` is the call whose wait is up). */
  function admitLast(due = null) {
    // A caller that hung up while waiting is not let in.
    while (lastLane.length > 0 && lastLane[0].lane === "gone") lastLane.shift();
    if (lastLane.length === 0 || lastInApp > 0) return;
    const waited = now() - lastLane[0].since;
    if (inApp > 0 && due !== lastLane[0] && waited < lastLaneMaxWaitMs) {
      if (!lastLaneTimer) {
        const head = lastLane[0];
        lastLaneTimer = setTimeout(() => {
          lastLaneTimer = null;
          admitLast(head);
        }, lastLaneMaxWaitMs - waited);
        lastLaneTimer.unref?.();
      }
      return;
    }
    const call = lastLane.shift();
    call.lane = "last";
    lastInApp += 1;
    call.pass();
  }

  /** One listener per answer (Next adds its own; many more and Node warns of a leak). */
  function track(res, call) {
    res.once("close", () => {
      if (call.hash) {
        const still = (inFlight.get(call.hash) ?? 1) - 1;
        if (still > 0) inFlight.set(call.hash, still);
        else inFlight.delete(call.hash);
      }
      if (call.lane === "waiting") call.lane = "gone";
      if (call.lane === "app") {
        inApp -= 1;
        if (inApp === 0) admitLast();
      }
      if (call.lane === "last") {
        lastInApp -= 1;
        admitLast();
      }
    });
  }

  function enterApp(call) {
    call.lane = "app";
    inApp += 1;
    call.pass();
  }

  /** Refuses the call in front of the app, or lets it in (now, or when its turn comes) by calling `pass`. */
  function serve(req, res, pass) {
    const token = apiToken(req);
    if (!token) {
      const call = { hash: null, lane: "app", pass };
      track(res, call);
      return enterApp(call);
    }
    const hash = hashOf(token);
    const at = now();
    const entry = spent.get(hash);
    const left = entry ? entry.until - at : 0;
    if (entry && left <= 0) spent.delete(hash);
    if (left > 0) {
      const seconds = Math.ceil(left / 1000);
      counter.refused += 1;
      entry.ignored += 1;
      if (entry.ignored === IGNORED_REFUSALS) {
        bound(slowed);
        slowed.set(hash, { until: at + slowedMs, next: 0 });
      }
      return refuse(res, seconds, entry.limit, `Too many requests. Try again in ${seconds} second${seconds === 1 ? "" : "s"}.`);
    }
    let slow = slowed.get(hash);
    if (slow && slow.until <= at) {
      slowed.delete(hash);
      slow = undefined;
    }
    if (slow && at < slow.next) {
      counter.refused += 1;
      const minutes = Math.ceil((slow.until - at) / 60_000);
      return refuse(res, 1, null, `Too many requests: this key went on calling after being told to wait, so it may make one call a second for the next ${minutes === 1 ? "minute" : `${minutes} minutes`}.`);
    }
    const calls = inFlight.get(hash) ?? 0;
    if (calls >= inFlightPerKey) {
      counter.refused += 1;
      return refuse(res, 1, null, `Too many requests at once: at most ${inFlightPerKey} calls of one key at a time. Wait for an answer before sending more.`);
    }
    // Only a call that goes in uses the slowed key's turn.
    if (slow) slow.next = at + SLOWED_INTERVAL_MS;
    inFlight.set(hash, calls + 1);
    const call = { hash, lane: "waiting", pass, since: at };
    track(res, call);
    watch(res, hash);
    const last = servedLast.get(hash);
    if (last !== undefined && last <= at) servedLast.delete(hash);
    // A key's first call in the app goes in like anyone's; its calls beside it wait their turn.
    if ((last === undefined || last <= at) && calls === 0) return enterApp(call);
    counter.servedLast += 1;
    lastLane.push(call);
    admitLast();
  }

  /** Learns from the app's answer: a 429 marks the key served last, and with a Retry-After of 2 s or more, spent until then. */
  function watch(res, hash) {
    res.once("finish", () => {
      if (res.statusCode !== 429) return;
      bound(servedLast);
      servedLast.set(hash, now() + lastLaneMs);
      const retryAfter = Number(res.getHeader("retry-after"));
      // Rounded up by the app: forget it a second early rather than refuse a call it would allow.
      if (!Number.isFinite(retryAfter) || retryAfter < 2) return;
      bound(spent);
      spent.set(hash, { until: now() + (retryAfter - 1) * 1000, limit: String(res.getHeader("ratelimit-limit") ?? ""), ignored: 0 });
    });
  }

  return { serve };
}

module.exports = { createFrontDoor };
