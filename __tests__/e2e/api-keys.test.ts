// In Chromium: an owner creates an API key (field error first), sees it once, an integration
// uses it, the list shows when it was last used, and revoking it stops it at once; a technician
// gets the refusal page; the API documentation is public; and a member over their rate limit sees
// the friendly message in the form instead of a change.
import type { Browser, Page } from "playwright-core";
import { db } from "@/lib/db";
import type { OrgContext } from "@/lib/org/context";
import { limitMemberRequest } from "@/lib/rate-limit/request-limits";
import { PER_USER } from "@/lib/rate-limit/rules";
import { contextFor, joinWorkshop, PASSWORD, resetLimiters, signUp } from "../support/accounts";
import { startAppServer, type AppServer } from "../support/app-server";
import { launchBrowser, screenshot, signIn, watchErrors } from "../support/browser";
import { removeRedisKeys } from "../support/shared-redis";

const REDIS_URL = "redis://127.0.0.1:6379";
const prefix = `awms-e2e-keys-${process.pid}-${Date.now()}`;
let app: AppServer;
let browser: Browser;
let owner: OrgContext;
let ownerEmail = "";
let page: Page;
let errors: string[] = [];
let key = "";

beforeAll(async () => {
  // The app and this test share a Redis prefix, so the last test can spend the owner's limit from here.
  app = await startAppServer({ REDIS_URL, AWMS_REDIS_PREFIX: prefix });
  browser = await launchBrowser();
  const signedUp = await signUp("api-keys");
  ownerEmail = signedUp.email;
  await db().organization.update({ where: { slug: signedUp.orgSlug }, data: { plan: "PROFESSIONAL" } });
  owner = await contextFor(signedUp.userId, signedUp.orgSlug);
  page = await browser.newPage();
  errors = watchErrors(page);
  await signIn(page, app.url, ownerEmail, PASSWORD, owner.orgSlug);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  delete process.env.REDIS_URL;
  delete process.env.AWMS_REDIS_PREFIX;
  await resetLimiters();
  await removeRedisKeys(prefix, REDIS_URL);
});

const me = (apiKey: string) => fetch(`${app.url}/api/v1/me`, { headers: { Authorization: `Bearer ${apiKey}` } });

test("an owner creates a key, sees it once, and an integration uses it", async () => {
  await page.goto(`${app.url}/${owner.orgSlug}/settings/api-keys`);
  await page.getByRole("button", { name: "Create key" }).click();
  await page.getByText("Name the key after the integration that will use it.").waitFor();

  await page.getByLabel("Name").fill("Parts supplier sync");
  await page.getByLabel("Access").selectOption("READ_WRITE");
  await page.getByRole("button", { name: "Create key" }).click();
  const shown = page.getByLabel("Your new key");
  await shown.waitFor();
  key = await shown.inputValue();
  expect(key).toMatch(/^awms_[A-Za-z0-9_-]{22}_[A-Za-z0-9_-]{43}$/);
  await screenshot(page, "api-keys-created");

  const answer = await me(key);
  expect(answer.status).toBe(200);
  // The tighter of the two API limits on Professional: 50 in any 10 seconds (300 a minute).
  expect(answer.headers.get("RateLimit-Limit")).toBe("50");
  expect(await answer.json()).toMatchObject({ workshop: { slug: owner.orgSlug }, apiKey: { scope: "READ_WRITE" } });
  const created = await fetch(`${app.url}/api/v1/customers`, {
    method: "POST",
    headers: { Authorization: `Bearer ${key}`, "Content-Type": "application/json" },
    body: JSON.stringify({ displayName: "Fleet from the API" }),
  });
  expect(created.status).toBe(201);

  // Shown once: after a reload the page has only the last four characters and when it was used.
  await page.reload();
  expect(await page.content()).not.toContain(key);
  await page.getByText(`…${key.slice(-4)}`).waitFor();
  await expect(page.getByText("Last used never").count()).resolves.toBe(0);
  await page.goto(`${app.url}/${owner.orgSlug}/customers`);
  await page.getByText("Fleet from the API").waitFor();
});

test("revoking the key stops the integration at once", async () => {
  await page.goto(`${app.url}/${owner.orgSlug}/settings/api-keys`);
  page.once("dialog", (dialog) => void dialog.accept());
  await page.getByRole("button", { name: "Revoke" }).click();
  await page.getByText("Revoked", { exact: true }).waitFor();
  const refused = await me(key);
  expect(refused.status).toBe(401);
  expect(await refused.json()).toMatchObject({ error: { code: "UNAUTHENTICATED" } });
});

test("a technician cannot open API keys; the API documentation is public", async () => {
  const technician = await joinWorkshop(owner, "TECHNICIAN", "api-keys-tech");
  const { email } = await db().user.findUniqueOrThrow({ where: { id: technician.userId }, select: { email: true } });
  const context = await browser.newContext();
  const techPage = await context.newPage();
  await signIn(techPage, app.url, email, PASSWORD, owner.orgSlug);
  const response = await techPage.goto(`${app.url}/${owner.orgSlug}/settings/api-keys`);
  expect(response?.status()).toBe(403);
  await techPage.getByText("You don't have access to this page").waitFor();
  await context.close();

  const visitor = await browser.newContext();
  const docs = await visitor.newPage();
  const docsErrors = watchErrors(docs);
  expect((await docs.goto(`${app.url}/developers/api`))?.status()).toBe(200);
  await docs.getByText("/api/v1/customers", { exact: false }).first().waitFor();
  await docs.getByText("RateLimit-Remaining", { exact: false }).first().waitFor();
  await screenshot(docs, "api-docs");
  expect(docsErrors).toEqual([]);
  await visitor.close();
  const document = await (await fetch(`${app.url}/api/v1/openapi.json`)).json();
  expect(document.openapi).toMatch(/^3\.1\./);
});

test("over the member's limit, a form says how long to wait and changes nothing", async () => {
  // Spend the owner's own limit as the app would count it (the same Redis and prefix).
  process.env.REDIS_URL = REDIS_URL;
  process.env.AWMS_REDIS_PREFIX = prefix;
  await resetLimiters();
  for (let i = 0; i < PER_USER.points * 2; i += 1) await limitMemberRequest(owner).catch(() => undefined);
  const before = await db().organization.findUniqueOrThrow({ where: { id: owner.orgId }, select: { _count: { select: { apiKeys: true } } } });

  await page.goto(`${app.url}/${owner.orgSlug}/settings/api-keys`);
  await page.getByLabel("Name").fill("One too many");
  await page.getByRole("button", { name: "Create key" }).click();
  await page.getByText(/Too many requests\. Try again in \d+ seconds?\./).waitFor();
  expect(await page.getByLabel("Name").inputValue()).toBe("One too many");
  await screenshot(page, "rate-limited-form");
  const after = await db().organization.findUniqueOrThrow({ where: { id: owner.orgId }, select: { _count: { select: { apiKeys: true } } } });
  expect(after._count.apiKeys).toBe(before._count.apiKeys);
  expect(errors).toEqual([]);
});
