// In Chromium: an owner upgrades through (fake) Stripe Checkout and sees the new limits.
import type { Browser } from "playwright-core";
import { startAppServer, type AppServer } from "../support/app-server";
import { launchBrowser, screenshot, watchErrors } from "../support/browser";
import { startFakeStripe, type FakeStripe } from "../support/fake-stripe";

let app: AppServer;
let fake: FakeStripe;
let browser: Browser;
const stamp = Date.now().toString(36);

beforeAll(async () => {
  fake = await startFakeStripe();
  app = await startAppServer(fake.env);
  fake.webhookUrl = `${app.url}/api/stripe/webhook`;
  browser = await launchBrowser();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  await fake?.close();
});

test("an owner upgrades to Starter through Checkout and the limits follow", async () => {
  const page = await browser.newPage();
  const errors = watchErrors(page);
  await page.goto(`${app.url}/sign-up`);
  await page.getByLabel("Your name").fill("Billie Owner");
  await page.getByLabel("Email").fill(`billie-${stamp}@example.test`);
  await page.getByLabel("Password").fill("invoice-paid-in-full");
  await page.getByLabel("Workshop name").fill(`Quayside Motors ${stamp}`);
  await page.getByRole("button", { name: "Create workshop" }).click();
  await page.waitForURL(new RegExp(`/quayside-motors-${stamp}$`));

  await page.getByRole("link", { name: "Billing" }).click();
  await page.getByRole("heading", { name: "Plan: Free trial" }).waitFor();
  await page.getByText("Free trial: 14 days left").waitFor();
  await expectText(page, "usage-seats", "1 of 3");
  await screenshot(page, "10-billing-free");

  await page.getByRole("button", { name: "Upgrade to Starter" }).click();
  await page.getByRole("heading", { name: "Fake Stripe Checkout" }).waitFor();
  await page.getByRole("button", { name: "Pay and subscribe" }).click();
  await page.waitForURL(/\/settings\/billing\?checkout=success$/);
  await page.getByRole("heading", { name: "Plan: Starter" }).waitFor();
  await expectText(page, "usage-seats", "1 of 5");
  await expectText(page, "usage-customers", "0 of 2,000");
  await page.getByRole("button", { name: "Payment methods and invoices" }).waitFor();
  await screenshot(page, "11-billing-starter");
  // Checkout, then each webhook re-read the customer's subscriptions from Stripe.
  expect(fake.requests).toEqual(expect.arrayContaining(["POST /v1/customers", "POST /v1/checkout/sessions", "POST /pay/" + fake.requests.find((r) => r.startsWith("GET /pay/"))!.slice(9)]));
  expect(fake.requests.filter((r) => r === "GET /v1/subscriptions").length).toBeGreaterThanOrEqual(3);
  expect(errors).toEqual([]);
});

async function expectText(page: import("playwright-core").Page, testId: string, text: string) {
  await page.getByTestId(testId).filter({ hasText: text }).waitFor({ timeout: 10_000 });
}
