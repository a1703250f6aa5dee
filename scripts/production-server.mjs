// The production HTTP server `npm start` runs (scripts/launch.ts): Next's own
// request handler behind node:http, so that SIGTERM/SIGINT drain instead of cut.
// `next start` closes its listener and exits without a deadline and without
// waiting for background jobs or closing pools; here a stop is, in order:
//   1. stop listening (new connections are refused) and close idle keep-alive connections;
//   2. background job workers stop taking jobs; requests in flight and running jobs finish,
//      until SHUTDOWN_GRACE_SECONDS after the signal;
//   3. Next, the job producer, the database pool and Redis close; exit 0 (1 if the deadline cut work off).
// Plain JavaScript: it runs under node itself, with no TypeScript loader in front of Next.
// Hooks come from lib/lifecycle/shutdown.ts through globalThis.awmsShutdown.
import { createServer } from "node:http";
import next from "next";
import pino from "pino";
import { createFrontDoor } from "./front-door.cjs";

const log = pino({ level: process.env.LOG_LEVEL || "info", base: { service: "awms", component: "server" } });
const port = Number(process.env.PORT) || 3000;
const graceMs = (Number(process.env.SHUTDOWN_GRACE_SECONDS) || 25) * 1000;

// Before Next loads instrumentation.ts: its modules register hooks here instead of handling signals.
globalThis.awmsShutdown = { managed: true, hooks: [] };

const app = next({ dev: false, dir: process.cwd(), port });
const handle = app.getRequestHandler();
const inFlight = new Set();
let stopping = false;

const frontDoor = createFrontDoor();

const server = createServer((req, res) => {
  inFlight.add(res);
  res.once("close", () => {
    inFlight.delete(res);
    // A keep-alive connection that carried the last request must not wait for its timeout.
    if (stopping) server.closeIdleConnections();
  });
  // A request that arrives on an open connection while stopping is served, and its connection ends after it.
  if (stopping) res.setHeader("Connection", "close");
  frontDoor.serve(req, res, () =>
    handle(req, res).catch((error) => {
      log.error({ err: error, url: req.url }, "request failed in the server");
      if (!res.headersSent) res.writeHead(500).end("Internal Server Error");
    }),
  );
});

function until(deadline) {
  return new Promise((resolve) => setTimeout(resolve, Math.max(deadline - Date.now(), 0)).unref());
}

async function runHooks(stage, deadline) {
  const hooks = globalThis.awmsShutdown.hooks.filter((hook) => hook.stage === stage);
  await Promise.all(
    hooks.map(async (hook) => {
      try {
        await Promise.race([hook.run(deadline), until(deadline).then(() => Promise.reject(new Error("deadline passed")))]);
        log.info({ hook: hook.name }, `shutdown: ${hook.name} closed`);
      } catch (error) {
        log.error({ err: error, hook: hook.name }, `shutdown: ${hook.name} did not close cleanly`);
      }
    }),
  );
}

async function drainRequests(deadline) {
  while (inFlight.size > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 25));
  return inFlight.size;
}

async function shutdown(signal) {
  if (stopping) return;
  stopping = true;
  const started = Date.now();
  const deadline = started + graceMs;
  log.info({ signal, inFlight: inFlight.size, graceSeconds: graceMs / 1000 }, "shutdown: no new connections; letting requests in flight and running jobs finish");
  server.close();
  server.closeIdleConnections();
  const work = runHooks("work", deadline);
  const cutOff = await drainRequests(deadline);
  if (cutOff > 0) {
    log.warn({ requests: cutOff }, "shutdown: grace period over; closing connections with requests still in flight");
    server.closeAllConnections();
  } else {
    log.info({ ms: Date.now() - started }, "shutdown: every request in flight has finished");
  }
  await work;
  // Pools close last, with a moment of their own even when the grace period is spent.
  const closeBy = Math.max(deadline, Date.now() + 2_000);
  await Promise.race([app.close(), until(closeBy)]);
  await runHooks("connections", closeBy);
  const forced = cutOff > 0 || Date.now() > deadline;
  log.info({ ms: Date.now() - started, forced }, "shutdown: stopped");
  process.exit(forced ? 1 : 0);
}

process.on("SIGTERM", () => void shutdown("SIGTERM"));
process.on("SIGINT", () => void shutdown("SIGINT"));

await app.prepare();
server.on("error", (error) => {
  log.error({ err: error, port }, "the server could not listen");
  process.exit(1);
});
server.listen(port, () => log.info({ port, graceSeconds: graceMs / 1000 }, `AWMS is serving on port ${port}`));
