// npm start's front door (scripts/front-door.cjs) in a real HTTP server, in front of a stand-in
// for the app that refuses one key with a 429 and holds another's calls: it repeats only refusals
// the app made, only for that key, never past the window the app named, lets at most four calls of
// one key into the app at once, and serves a key refused for its limit after everybody else.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

interface FrontDoor { serve(req: IncomingMessage, res: ServerResponse, pass: () => void): void }
interface FrontDoorOptions { now?: () => number; lastLaneMaxWaitMs?: number }
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { createFrontDoor } = require("../../scripts/front-door.cjs") as { createFrontDoor(options?: FrontDoorOptions): FrontDoor };

let clock = 1_000_000;
let appCalls = 0;
let retryAfter = 30;
/** While true the app holds spent-key's calls like slow-key's instead of refusing them. */
let holdSpentKey = false;
let server: Server;
const held: ServerResponse[] = [];
/** Calls that reached the server (front door included), by key. */
const arrived = new Map<string, number>();
let url = "";

beforeAll(async () => {
  // The clock is the test's, so the served-last lane's longest wait (real time) is set beyond any
  // test: a call waiting in it goes in only when the app is free, never because CI ran slowly.
  const door = createFrontDoor({ now: () => clock, lastLaneMaxWaitMs: 10 * 60_000 });
  server = createServer((req, res) => {
    const key = req.headers.authorization ?? "";
    arrived.set(key, (arrived.get(key) ?? 0) + 1);
    door.serve(req, res, () => app(req, res));
  });
  function app(req: IncomingMessage, res: ServerResponse) {
    appCalls += 1;
    if (req.headers.authorization === "Bearer spent-key" && !holdSpentKey) {
      res.setHeader("Retry-After", String(retryAfter));
      res.setHeader("RateLimit-Limit", "300");
      res.writeHead(429, { "Content-Type": "application/json" }).end('{"error":{"code":"RATE_LIMITED"}}');
    } else if (req.headers.authorization === "Bearer slow-key" || req.headers.authorization === "Bearer spent-key") {
      held.push(res);
    } else {
      res.writeHead(200).end("{}");
    }
  }
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

// A failed test must not leave calls hanging into the next test, or into another suite of the
// worker. Answering a held call lets the next waiting one in, so it answers until none comes.
afterEach(async () => {
  for (let round = 0; round < 20; round += 1) {
    if (held.length === 0 && round > 0) break;
    held.splice(0).forEach((res) => res.writeHead(503).end());
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
});
afterAll(() => {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(resolve));
});

const call = (key: string, path = "/api/v1/me") =>
  fetch(`${url}${path}`, { headers: { Authorization: `Bearer ${key}` }, signal: AbortSignal.timeout(20_000) });
/** Waits until `check` holds; throws after `ms`, so a broken front door fails the test rather than hanging the run. */
async function until(check: () => boolean, what: string, ms = 10_000) {
  const deadline = performance.now() + ms;
  while (!check()) {
    if (performance.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
/** Resolves once `count` more calls of `key` reached the server than `before`. */
const arrivals = (key: string, before: number, count: number) =>
  until(() => (arrived.get(`Bearer ${key}`) ?? 0) >= before + count, `${count} calls of ${key} to arrive`);
const heldCall = () => until(() => held.length > 0, "a call to be held in the app");

test("after the app refuses a key, the next calls are answered 429 in front of it, with the time left, until a second before the window ends", async () => {
  appCalls = 0;
  expect((await call("spent-key")).status).toBe(429);
  expect(appCalls).toBe(1);
  clock += 10_000;
  const repeated = await call("spent-key");
  expect(repeated.status).toBe(429);
  expect(repeated.headers.get("retry-after")).toBe("19");
  expect(repeated.headers.get("ratelimit-limit")).toBe("300");
  expect(await repeated.json()).toEqual({ error: { code: "RATE_LIMITED", message: "Too many requests. Try again in 19 seconds." } });
  expect(appCalls).toBe(1);
  // 29 s after a "Retry-After: 30" the app decides again (Retry-After is rounded up, so the window may already be over).
  clock += 19_000;
  await call("spent-key");
  expect(appCalls).toBe(2);
});

test("another key, a call outside the API and a call without a key always reach the app", async () => {
  retryAfter = 30;
  await call("spent-key");
  appCalls = 0;
  expect((await call("fresh-key")).status).toBe(200);
  expect((await fetch(`${url}/api/v1/me`)).status).toBe(200);
  await call("spent-key", "/acme/customers");
  expect(appCalls).toBe(3);
});

test("a refusal of a second or less is not remembered: the app answers every call", async () => {
  clock += 120_000;
  retryAfter = 1;
  appCalls = 0;
  await call("spent-key");
  await call("spent-key");
  expect(appCalls).toBe(2);
});

test("at most four calls of one key are in the app or waiting for it; the fifth is refused at once; beside its first, the others go in one by one", async () => {
  appCalls = 0;
  const before = arrived.get("Bearer slow-key") ?? 0;
  const four = Array.from({ length: 4 }, () => call("slow-key"));
  // All four at the front door (they may arrive in any order) before the fifth is sent.
  await arrivals("slow-key", before, 4);
  await heldCall();
  const fifth = await call("slow-key");
  expect(fifth.status).toBe(429);
  expect(fifth.headers.get("retry-after")).toBe("1");
  expect(((await fifth.json()) as { error: { message: string } }).error.message).toMatch(/at most 4 calls of one key at a time/);
  // Another key is not held up by this one.
  expect((await call("fresh-key")).status).toBe(200);
  expect(held).toHaveLength(1);
  // Each answer lets the next of the key's waiting calls in (the app has nothing else), one at a time.
  for (let answered = 1; answered <= 4; answered += 1) {
    held.shift()!.writeHead(200).end("{}");
    if (answered < 4) await heldCall();
    expect(held.length).toBeLessThanOrEqual(1);
  }
  expect((await Promise.all(four)).map((answer) => answer.status)).toEqual([200, 200, 200, 200]);
  expect(appCalls).toBe(5);
});

describe("a key refused for its rate limit is served last", () => {
  interface Lane { url: string; entered: string[]; pages: ServerResponse[]; arrived: () => number; refuseFlooder: boolean; server: Server }
  let laneClock = 5_000_000;
  const lanes: Lane[] = [];

  /** A front door before a stand-in app that holds another workshop's page until the test answers it. */
  async function startLane(lastLaneMaxWaitMs: number): Promise<Lane> {
    const door = createFrontDoor({ now: () => laneClock, lastLaneMaxWaitMs });
    let flooderCalls = 0;
    const lane = { entered: [] as string[], pages: [] as ServerResponse[], arrived: () => flooderCalls, refuseFlooder: true } as Lane;
    lane.server = createServer((req, res) => {
      const who = req.headers.authorization?.replace("Bearer ", "") ?? req.url!;
      if (who === "flooder") flooderCalls += 1;
      door.serve(req, res, () => {
        lane.entered.push(who);
        if (req.url === "/acme/job-board") return void lane.pages.push(res);
        // Retry-After 1: not remembered as spent, so the key's next call reaches the app.
        if (who === "flooder" && lane.refuseFlooder) return void res.writeHead(429, { "Retry-After": "1" }).end("{}");
        res.writeHead(200).end("{}");
      });
    });
    await new Promise<void>((resolve) => lane.server.listen(0, "127.0.0.1", resolve));
    lane.url = `http://127.0.0.1:${(lane.server.address() as AddressInfo).port}`;
    lanes.push(lane);
    return lane;
  }

  afterAll(async () => {
    for (const lane of lanes) {
      lane.pages.splice(0).forEach((res) => res.writeHead(503).end());
      lane.server.closeAllConnections();
      await new Promise((resolve) => lane.server.close(resolve));
    }
  });

  const api = (lane: Lane, key: string) =>
    fetch(`${lane.url}/api/v1/me`, { headers: { Authorization: `Bearer ${key}` }, signal: AbortSignal.timeout(20_000) });
  /** Another workshop's page, held in the app until the test answers it; resolves once it is in. */
  const openJobBoard = async (lane: Lane) => {
    const answered = fetch(`${lane.url}/acme/job-board`, { signal: AbortSignal.timeout(20_000) });
    await until(() => lane.pages.length > 0, "the job board to be in the app");
    return { answered };
  };
  /** Refused once by the app for its limit: from now on the flooder is served last. */
  async function refuseOnce(lane: Lane) {
    expect((await api(lane, "flooder")).status).toBe(429);
    lane.refuseFlooder = false;
    lane.entered.length = 0;
  }

  // The longest wait is ten minutes here, so the order below comes from the app being busy or free, never from a slow machine.
  let patient: Lane;
  beforeAll(async () => {
    patient = await startLane(10 * 60_000);
    await refuseOnce(patient);
  });

  test("while another workshop's page is in the app, its call waits, other keys do not, and it goes in when the page is answered", async () => {
    const board = await openJobBoard(patient);
    const before = patient.arrived();
    const flooder = api(patient, "flooder");
    await until(() => patient.arrived() > before, "the flooder's call to reach the front door");
    // Another workshop's integration is let straight in beside the page.
    expect((await api(patient, "other-workshop")).status).toBe(200);
    expect(patient.entered).toEqual(["/acme/job-board", "other-workshop"]);
    patient.pages.shift()!.writeHead(200).end("<html></html>");
    expect((await flooder).status).toBe(200);
    expect(patient.entered).toEqual(["/acme/job-board", "other-workshop", "flooder"]);
    await board.answered;
  });

  test("it is not starved: after waiting the longest wait it goes in even while the app stays busy", async () => {
    const lane = await startLane(400);
    await refuseOnce(lane);
    const board = await openJobBoard(lane);
    const started = performance.now();
    expect((await api(lane, "flooder")).status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(350);
    expect(lane.pages).toHaveLength(1);
    lane.pages.shift()!.writeHead(200).end("<html></html>");
    await board.answered;
  });

  test("five minutes after its last refusal it is served like everyone else: beside the page, not after it", async () => {
    laneClock += 5 * 60_000 + 1;
    const board = await openJobBoard(patient);
    expect((await api(patient, "flooder")).status).toBe(200);
    expect(patient.pages).toHaveLength(1);
    patient.pages.shift()!.writeHead(200).end("<html></html>");
    await board.answered;
  });
});

test("a key that goes on calling through a refusal is held to one call a second for five minutes; a key that waits is not", async () => {
  clock += 10 * 60_000;
  retryAfter = 30;
  await call("spent-key");
  // Nine calls inside the window it was told to wait for: refused, and nothing more.
  for (let i = 0; i < 9; i += 1) expect((await call("spent-key")).status).toBe(429);
  clock += 30_000;
  appCalls = 0;
  retryAfter = 1;
  expect((await call("spent-key")).status).toBe(429);
  expect((await call("spent-key")).status).toBe(429);
  expect(appCalls).toBe(2);
  // The tenth refused call inside a window: it ignores Retry-After.
  retryAfter = 30;
  await call("spent-key");
  for (let i = 0; i < 10; i += 1) await call("spent-key");
  const slowedAt = clock;
  clock += 30_000;
  appCalls = 0;
  retryAfter = 1;
  expect((await call("spent-key")).status).toBe(429);
  const slowedAnswer = await call("spent-key");
  expect(slowedAnswer.status).toBe(429);
  expect(slowedAnswer.headers.get("retry-after")).toBe("1");
  expect(((await slowedAnswer.json()) as { error: { code: string; message: string } }).error).toEqual({
    code: "RATE_LIMITED", message: expect.stringMatching(/one call a second for the next 5 minutes\.$/),
  });
  expect(appCalls).toBe(1);
  clock += 1_000;
  await call("spent-key");
  expect(appCalls).toBe(2);

  // A call refused for being a fifth at once does not use up the key's turn for that second.
  holdSpentKey = true;
  const before = arrived.get("Bearer spent-key") ?? 0;
  const waiting: Promise<Response>[] = [];
  for (let i = 0; i < 4; i += 1) {
    clock += 1_000;
    waiting.push(call("spent-key"));
    await arrivals("spent-key", before, i + 1);
  }
  clock += 1_000;
  const fifth = await call("spent-key");
  expect(fifth.status).toBe(429);
  expect(((await fifth.json()) as { error: { message: string } }).error.message).toMatch(/at most 4 calls of one key at a time/);
  await heldCall();
  held.shift()!.writeHead(200).end("{}");
  // The next of the four goes in when the first is answered: then there is room, in the same second.
  await heldCall();
  waiting.push(call("spent-key"));
  let settled = 0;
  for (const answer of waiting) void answer.then(() => (settled += 1), () => (settled += 1));
  await until(() => {
    if (held.length > 0) held.shift()!.writeHead(200).end("{}");
    return settled === waiting.length;
  }, "every held call to be answered");
  expect((await Promise.all(waiting)).map((answer) => answer.status)).toEqual([200, 200, 200, 200, 200]);
  holdSpentKey = false;

  // The message counts down what is left of the five minutes.
  clock = slowedAt + 4 * 60_000 + 30_000;
  retryAfter = 1;
  await call("spent-key");
  const nearlyOver = await call("spent-key");
  expect(((await nearlyOver.json()) as { error: { message: string } }).error.message).toMatch(/for the next minute\.$/);
  clock = slowedAt + 5 * 60_000;
  appCalls = 0;
  await call("spent-key");
  await call("spent-key");
  expect(appCalls).toBe(2);
});
