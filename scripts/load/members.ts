// The people and programs of the load, each a loop until the run ends: advisors searching,
// opening and adding to repair orders; technicians clocking on and off from My work; API
// clients reading through REST v1; and one workshop's integration flooding its limit.
// Pages are fetched and read to the end, as a browser does; actions go over HTTP exactly as a
// form posts them (__tests__/support/server-actions.ts).
import { Worker } from "node:worker_threads";
import { actionIdOf, callAction, formOf, signInOverHttp } from "@/__tests__/support/server-actions";
import type { LoadTenant } from "./dataset";
import { LOAD_PASSWORD } from "./dataset";
import type { Phase, Recorder } from "./recorder";

export interface Run {
  url: string;
  recorder: Recorder;
  running: () => boolean;
  random: () => number;
  /** mean pause between one person's requests */
  thinkMs: number;
}

const pick = <T>(run: Run, list: T[]): T => list[Math.floor(run.random() * list.length)]!;

async function think(run: Run, meanMs: number) {
  const until = performance.now() + meanMs * (0.5 + run.random());
  while (run.running() && performance.now() < until) await new Promise((resolve) => setTimeout(resolve, Math.min(200, until - performance.now())));
}

async function page(run: Run, route: string, tenant: LoadTenant, path: string, cookie: string) {
  return run.recorder.time(route, tenant.index, async () => {
    const response = await fetch(`${run.url}${path}`, { headers: { cookie }, redirect: "manual" });
    const body = await response.text();
    return { status: response.status, ok: response.status === 200, value: body, detail: `${path}: HTTP ${response.status}` };
  });
}

async function action(run: Run, route: string, tenant: LoadTenant, id: string, pagePath: string, fields: Record<string, string>, cookie: string) {
  return run.recorder.time(route, tenant.index, async () => {
    const answer = await callAction(run.url, { id }, [{}, formOf({ orgSlug: tenant.slug, ...fields })], cookie, pagePath);
    const ok = answer.status === 200 && answer.state?.ok === true;
    return { status: answer.status, ok, value: answer, detail: `${route}: HTTP ${answer.status} ${answer.state?.message ?? answer.body.slice(0, 200)}` };
  });
}

/** A member's session cookie, signed in as the browser does. */
export const signIn = (run: Run, email: string) => signInOverHttp(run.url, email, LOAD_PASSWORD);

export async function advisor(run: Run, tenant: LoadTenant, cookie: string) {
  const addLine = actionIdOf("addLineAction");
  while (run.running()) {
    const roll = run.random();
    if (roll < 0.4) {
      await page(run, "page: search", tenant, `/${tenant.slug}/search?q=${encodeURIComponent(pick(run, tenant.searches))}`, cookie);
    } else if (roll < 0.75) {
      await page(run, "page: repair order", tenant, `/${tenant.slug}/repair-orders/${pick(run, tenant.orderIds)}`, cookie);
    } else if (roll < 0.85) {
      await page(run, "page: job board", tenant, `/${tenant.slug}/repair-orders`, cookie);
    } else {
      const { orderId, jobId } = pick(run, tenant.editableJobs);
      await action(run, "action: add line", tenant, addLine, `/${tenant.slug}/repair-orders/${orderId}`, {
        jobId, kind: "FEE", description: "Load test: environmental disposal", quantity: "1", unitPrice: "2.50",
      }, cookie);
    }
    await think(run, run.thinkMs);
  }
}

const HIDDEN = (name: string) => new RegExp(`name="${name}" value="([0-9a-f-]{36})"`, "g");

export async function technician(run: Run, tenant: LoadTenant, cookie: string) {
  const [clockOn, clockOff] = [actionIdOf("clockOnAction"), actionIdOf("clockOffAction")];
  const myWork = `/${tenant.slug}/my-work`;
  while (run.running()) {
    const html = await page(run, "page: my work", tenant, myWork, cookie);
    if (html) {
      const entry = [...html.matchAll(HIDDEN("timeEntryId"))][0]?.[1];
      const jobs = [...html.matchAll(HIDDEN("jobId"))].map((match) => match[1]!);
      // Someone on the clock clocks off; otherwise on to one of their jobs (after a look at the list).
      if (entry) await action(run, "action: clock off", tenant, clockOff, myWork, { timeEntryId: entry }, cookie);
      else if (jobs.length > 0) await action(run, "action: clock on", tenant, clockOn, myWork, { jobId: pick(run, jobs) }, cookie);
    }
    await think(run, run.thinkMs * 2);
  }
}

async function api(run: Run, route: string, tenant: LoadTenant, path: string, flood = false) {
  return run.recorder.time(route, tenant.index, async () => {
    const response = await fetch(`${run.url}/api/v1${path}`, { headers: { authorization: `Bearer ${tenant.apiKey}` } });
    await response.arrayBuffer();
    const ok = response.status === 200 || (flood && response.status === 429);
    return { status: response.status, ok, detail: `${path}: HTTP ${response.status}` };
  }, flood);
}

export async function apiClient(run: Run, tenant: LoadTenant) {
  while (run.running()) {
    const roll = run.random();
    if (roll < 0.4) await api(run, "api: GET /repair-orders", tenant, "/repair-orders?limit=25");
    else if (roll < 0.8) await api(run, "api: GET /repair-orders/{id}", tenant, `/repair-orders/${pick(run, tenant.orderIds)}`);
    else await api(run, "api: GET /customers?q=", tenant, `/customers?q=${encodeURIComponent(pick(run, tenant.searches))}&limit=10`);
    await think(run, run.thinkMs / 2);
  }
}

// The flood's own loop, run in a worker thread: sending 100 requests a second on the event loop
// that also times the other workshops' requests would delay their timers and callbacks and show
// up as their latency, blaming the server for the load generator's own queue. It uses node:http
// with keep-alive rather than fetch: fetch spent about 5 ms of CPU per call here, half a core at
// 100 calls a second taken from the machine the server shares, which is the generator's cost,
// not the server's.
const FLOOD_WORKER = `
const http = require("node:http");
const { parentPort, workerData } = require("node:worker_threads");
const { url, key, path, rps } = workerData;
const newAgent = () => new http.Agent({ keepAlive: true, maxSockets: 64, scheduling: "fifo" });
let agent = newAgent();
let used = false;
const target = new URL(url + "/api/v1" + path);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
let phase = "warm-up";
let flooding = false;
let stopped = false;
let inFlight = 0;
parentPort.on("message", (message) => {
  if (message.type === "phase") ({ phase, flooding } = message);
  if (message.type === "stop") stopped = true;
});
function call() {
  return new Promise((resolve) => {
    const request = http.get(target, { agent, headers: { authorization: "Bearer " + key } }, (response) => {
      response.resume();
      response.on("end", () => resolve({ status: response.statusCode }));
      response.on("error", (error) => resolve({ status: 0, detail: String(error) }));
    });
    request.on("error", (error) => resolve({ status: 0, detail: String(error) }));
  });
}
(async () => {
  const interval = 1000 / rps;
  let next = performance.now();
  while (!stopped) {
    if (!flooding) {
      // Between phases the server closes idle connections after its keep-alive timeout; reusing
      // one as it closes is a reset. Start each phase on new connections instead.
      if (used && inFlight === 0) { agent.destroy(); agent = newAgent(); used = false; }
      await sleep(50); next = performance.now(); continue;
    }
    used = true;
    if (inFlight < 64) {
      inFlight += 1;
      const sentIn = phase;
      const started = performance.now();
      call()
        .then((outcome) => parentPort.postMessage({ type: "sample", phase: sentIn, ms: performance.now() - started, sentAt: performance.timeOrigin + started, ...outcome }))
        .finally(() => { inFlight -= 1; });
    }
    next += interval;
    await sleep(Math.max(0, next - performance.now()));
  }
  while (inFlight > 0) await sleep(20);
  agent.destroy();
  parentPort.postMessage({ type: "done" });
})();
`;

/**
 * The noisy workshop's integration: `rps` requests a second to `path` whatever the answers say
 * (open loop, as a broken sync job retrying does), while `flooding()` holds, from its own worker
 * thread. In-flight requests are capped so a stalled server does not pile up unbounded sockets.
 */
export async function flood(run: Run, tenant: LoadTenant, rps: number, path: string, flooding: () => boolean) {
  const route = `flood: GET ${path.split("?")[0]}`;
  const worker = new Worker(FLOOD_WORKER, { eval: true, workerData: { url: run.url, key: tenant.apiKey, path, rps } });
  const done = new Promise<void>((resolve, reject) => {
    worker.on("message", (message: { type: string; phase: Phase; ms: number; sentAt: number; status: number; detail?: string }) => {
      if (message.type === "done") resolve();
      if (message.type !== "sample") return;
      const ok = message.status === 200 || message.status === 429;
      run.recorder.samples.push({
        route, tenant: tenant.index, phase: message.phase, round: run.recorder.round, ms: message.ms, at: message.sentAt - performance.timeOrigin - run.recorder.started, status: message.status, ok, flood: true, detail: message.detail ?? `${path}: HTTP ${message.status}`,
      });
    });
    worker.on("error", reject);
  });
  let told = "";
  while (run.running()) {
    const now = `${run.recorder.phase}:${flooding()}`;
    if (now !== told) worker.postMessage({ type: "phase", phase: run.recorder.phase, flooding: flooding() });
    told = now;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  worker.postMessage({ type: "stop" });
  await done;
  await worker.terminate();
}
