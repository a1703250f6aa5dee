// In Chromium against the production build: what an operator sees of a
// workshop adding a customer. The Server Action's log line names the action
// (from the build's manifest), its request id, workshop and user, and none of
// the customer's details; /api/metrics counts it by name; /api/ready is 200.
import { readFileSync } from "node:fs";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import type { OrgContext } from "@/lib/org/context";
import { PASSWORD, contextFor, signUp } from "../support/accounts";
import { startAppServer, type AppServer } from "../support/app-server";
import { launchBrowser, signIn } from "../support/browser";
import { parsePrometheusText, sampleValue } from "../support/prometheus-text";

const METRICS_TOKEN = "e2e-scrape-token-0123456789";
const customer = { name: "Olive Observed", email: `olive-${Date.now().toString(36)}@example.test`, phone: "07700 900457" };
let app: AppServer;
let browser: Browser;
let page: Page;
let owner: OrgContext;

beforeAll(async () => {
  app = await startAppServer({ LOG_LEVEL: "info", METRICS_TOKEN });
  browser = await launchBrowser();
  const account = await signUp("e2e-observed");
  owner = await contextFor(account.userId, account.orgSlug);
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await signIn(page, app.url, account.email, PASSWORD, owner.orgSlug);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

const logEntries = () =>
  app
    .logs()
    .split("\n")
    .filter((line) => line.startsWith("{"))
    .map((line) => JSON.parse(line) as Record<string, unknown>);

test("adding a customer logs one line for the action with its request id, workshop and user, and nothing personal", async () => {
  await page.goto(`${app.url}/${owner.orgSlug}/customers/new`);
  await page.getByLabel("Name").fill(customer.name);
  await page.getByLabel("Email", { exact: true }).fill(customer.email);
  await page.getByRole("button", { name: "Add customer" }).click();
  await page.getByRole("heading", { name: customer.name }).waitFor();

  const action = logEntries().find((entry) => entry.event === "action" && entry.action === "createCustomerAction");
  expect(action).toMatchObject({ outcome: "ok", organizationId: owner.orgId, userId: owner.userId, level: 30, service: "awms" });
  expect(action!.requestId).toMatch(/^[A-Za-z0-9-]{8,64}$/);
  expect(typeof action!.ms).toBe("number");
  // Every line of that request carries the same id; none carries the customer's details.
  expect(logEntries().filter((entry) => entry.requestId === action!.requestId).length).toBeGreaterThanOrEqual(1);
  expect(app.logs()).not.toContain(customer.email);
  expect(app.logs()).not.toContain(customer.name);
});

test("/api/metrics counts the action by name, /api/ready is 200, /api/metrics refuses a wrong token", async () => {
  const scrape = await fetch(`${app.url}/api/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
  expect(scrape.status).toBe(200);
  const samples = parsePrometheusText(await scrape.text());
  expect(sampleValue(samples, "awms_server_actions_total", { action: "createCustomerAction", outcome: "ok" })).toBe(1);
  expect(samples.some((sample) => sample.labels.action === "unknown")).toBe(false);
  expect((await fetch(`${app.url}/api/metrics`, { headers: { authorization: "Bearer wrong" } })).status).toBe(401);
  const ready = await fetch(`${app.url}/api/ready`);
  expect(await ready.json()).toMatchObject({ status: "ready", checks: { database: { status: "up" }, jobs: { status: "up" } } });
});

/** A Server Action's id in this build, as the browser would send it. */
function actionIdOf(name: string): string {
  const manifest = JSON.parse(readFileSync(path.join(process.cwd(), ".next/server/server-reference-manifest.json"), "utf8")) as {
    node: Record<string, { exportedName?: string; workers?: Record<string, { exportedName?: string }> }>;
  };
  const found = Object.entries(manifest.node).find(([, entry]) => entry.exportedName === name || Object.values(entry.workers ?? {}).some((worker) => worker.exportedName === name));
  if (!found) throw new Error(`no ${name} in the build`);
  return found[0];
}

test("a customer search as the export form types is logged with its request id, workshop and user, and counted by name", async () => {
  const response = await page.request.post(`${app.url}/${owner.orgSlug}/settings/privacy`, {
    headers: { "Next-Action": actionIdOf("searchExportCustomersAction"), "Content-Type": "text/plain;charset=UTF-8", Accept: "text/x-component", Origin: app.url },
    data: JSON.stringify([owner.orgSlug, "Olive"]),
  });
  expect(response.status()).toBe(200);
  expect(await response.text()).toContain("Olive Observed");
  const search = logEntries().find((entry) => entry.event === "action" && entry.action === "searchExportCustomersAction");
  expect(search).toMatchObject({ outcome: "ok", organizationId: owner.orgId, userId: owner.userId });
  expect(search!.requestId).toMatch(/^[A-Za-z0-9-]{8,64}$/);
  expect(app.logs()).not.toContain(customer.email);
  const scrape = await fetch(`${app.url}/api/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
  expect(sampleValue(parsePrometheusText(await scrape.text()), "awms_server_actions_total", { action: "searchExportCustomersAction", outcome: "ok" })).toBe(1);
});

test("a member's own profile change is logged with their user id", async () => {
  await page.goto(`${app.url}/account/profile`);
  await page.getByLabel("Name").fill("Owner Observed");
  await page.getByRole("button", { name: "Save" }).click();
  await page.getByText("Profile saved.").waitFor();
  const saved = logEntries().find((entry) => entry.event === "action" && entry.action === "updateProfileAction");
  expect(saved).toMatchObject({ outcome: "ok", userId: owner.userId });
  expect(saved!.requestId).toMatch(/^[A-Za-z0-9-]{8,64}$/);
});
