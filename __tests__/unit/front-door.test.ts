// npm start's front door (scripts/front-door.cjs) in a real HTTP server, in front of a stand-in
// for the app that refuses one key with a 429: it repeats only refusals the app made, only for
// that key, and never past the window the app named.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

interface FrontDoor { answer(req: IncomingMessage, res: ServerResponse): boolean }
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { createFrontDoor } = require("../../scripts/front-door.cjs") as { createFrontDoor(options?: { now?: () => number }): FrontDoor };

let clock = 1_000_000;
let appCalls = 0;
let retryAfter = 30;
let server: Server;
let url = "";

beforeAll(async () => {
  const door = createFrontDoor({ now: () => clock });
  server = createServer((req, res) => {
    if (door.answer(req, res)) return;
    appCalls += 1;
    if (req.headers.authorization === "Bearer spent-key") {
      res.setHeader("Retry-After", String(retryAfter));
      res.setHeader("RateLimit-Limit", "300");
      res.writeHead(429, { "Content-Type": "application/json" }).end('{"error":{"code":"RATE_LIMITED"}}');
    } else {
      res.writeHead(200).end("{}");
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise((resolve) => server.close(resolve)));

const call = (key: string, path = "/api/v1/me") => fetch(`${url}${path}`, { headers: { Authorization: `Bearer ${key}` } });

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
