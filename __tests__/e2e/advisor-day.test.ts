// In Chromium: a service advisor's day. A new customer and car, an estimate
// from a canned job, the customer's approval from the emailed link on a phone,
// the work, the invoice, two payments and the PDF.
import type { Browser, Page } from "playwright-core";
import { db, withTenant } from "@/lib/db";
import type { OrgContext } from "@/lib/org/context";
import { createCannedJob } from "@/lib/repair-orders/canned-jobs";
import { withCheckDigit } from "@/lib/vehicles/vin";
import { PASSWORD, contextFor, signUp } from "../support/accounts";
import { startAppServer, type AppServer } from "../support/app-server";
import { launchBrowser, screenshot, signIn, watchErrors } from "../support/browser";

let app: AppServer;
let browser: Browser;
let page: Page;
let errors: string[];
let owner: OrgContext;
let email = "";
const driver = { name: "Dana Driver", email: `dana-${Date.now().toString(36)}@example.test`, plate: "DD24 DAY" };
const vin = withCheckDigit("1HGCM82633A004352");

beforeAll(async () => {
  app = await startAppServer();
  browser = await launchBrowser();
  const account = await signUp("e2e-day");
  email = account.email;
  owner = await contextFor(account.userId, account.orgSlug);
  await db().organization.update({ where: { id: owner.orgId }, data: { plan: "PROFESSIONAL", addressLine1: "4 Garage Lane", city: "York", postcode: "YO1 7HH", taxNumber: "GB999999973" } });
  await createCannedJob(owner, {
    title: "Front brake pads",
    lines: [
      { kind: "LABOUR", description: "Fit front pads", quantityMilli: 1000 },
      { kind: "PART", description: "Front pad set", quantityMilli: 1000, unitPriceMinor: 4999, unitCostMinor: 2600 },
    ],
  });
  await createCannedJob(owner, { title: "Wiper blades", lines: [{ kind: "PART", description: "Wiper blade pair", quantityMilli: 1000, unitPriceMinor: 2400 }] });
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  errors = watchErrors(page);
  await signIn(page, app.url, email, PASSWORD, owner.orgSlug);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

const status = () => page.getByTestId("ro-status");

test("customer, vehicle and an estimate from canned jobs", async () => {
  await page.goto(`${app.url}/${owner.orgSlug}/customers/new`);
  await page.getByLabel("Name").fill(driver.name);
  await page.getByLabel("Email", { exact: true }).fill(driver.email);
  await page.getByRole("button", { name: "Add customer" }).click();
  await page.getByRole("heading", { name: driver.name }).waitFor();

  await page.getByLabel("VIN").fill("1HGCM82633A00435X");
  await page.getByRole("button", { name: "Add vehicle" }).click();
  await page.getByText(/check digit/i).first().waitFor();
  await page.getByLabel("Registration plate").fill(driver.plate);
  await page.getByLabel("VIN").fill(vin);
  await page.getByRole("button", { name: "Add vehicle" }).click();
  await page.getByText(`${driver.plate} added.`).waitFor();

  await page.getByLabel(`Odometer in (${driver.plate})`).fill("52000");
  await page.getByLabel(`Customer's concern (${driver.plate})`).fill("Squeal when braking");
  await page.getByRole("button", { name: `Open repair order for ${driver.plate}` }).click();
  await page.getByRole("heading", { name: /^Repair order \d+$/ }).waitFor();

  for (const title of ["Front brake pads", "Wiper blades"]) {
    await page.getByLabel("Canned job", { exact: true }).selectOption({ label: title });
    await page.getByRole("button", { name: "Add", exact: true }).click();
    await page.getByRole("heading", { name: new RegExp(`\\d\\. ${title}`) }).waitFor();
  }
  // 1 h at the workshop's 85.00 + pads 49.99 + wipers 24.00, VAT included.
  await expect(page.getByTestId("total-gross").textContent()).resolves.toBe("£158.99");
  await screenshot(page, "30-estimate-from-canned-jobs");
  expect(errors).toEqual([]);
});

test("the customer approves the brakes and declines the wipers from the emailed link on a phone", async () => {
  await page.getByRole("button", { name: "Email approval link" }).click();
  await page.getByText(`Estimate sent to ${driver.email}.`).waitFor();
  await expect(status().textContent()).resolves.toBe("Awaiting approval");
  const mail = await db().outboxEmail.findFirstOrThrow({ where: { to: driver.email }, orderBy: { createdAt: "desc" } });
  const link = mail.text.match(/https?:\/\/\S+/)![0];

  const phone = await browser.newContext({ viewport: { width: 375, height: 740 }, userAgent: "Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) Mobile Safari" });
  const mobile = await phone.newPage();
  const mobileErrors = watchErrors(mobile);
  await mobile.goto(link);
  await mobile.getByRole("heading", { name: /Estimate for DD24 DAY/ }).waitFor();
  await mobile.getByRole("button", { name: "Send my answer" }).click();
  await mobile.getByText("Choose one.").first().waitFor();
  await mobile.getByRole("group", { name: /Front brake pads/ }).getByText("Approve").click();
  await mobile.getByRole("group", { name: /Wiper blades/ }).getByText("Decline").click();
  await mobile.getByLabel("Your name").fill(driver.name);
  await screenshot(mobile, "31-customer-approves-on-phone");
  await mobile.getByRole("button", { name: "Send my answer" }).click();
  await mobile.getByText("Thank you. The workshop has your approval").waitFor();
  expect(await mobile.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
  // The link answers once.
  await mobile.goto(link);
  await mobile.getByText("This estimate was already answered.").waitFor();
  expect(mobileErrors).toEqual([]);
  await phone.close();

  await page.reload();
  await expect(status().textContent()).resolves.toBe("Approved");
  await expect(page.getByTestId("decisions").textContent()).resolves.toContain(`Front brake pads: Approved by ${driver.name} (online)`);
  await expect(page.getByTestId("total-gross").textContent()).resolves.toBe("£134.99");
  await screenshot(page, "32-approved-estimate");
});

test("the work is done, invoiced, paid in two parts, and the invoice prints", async () => {
  await page.getByRole("button", { name: "Mark in progress" }).click();
  await expect(status().filter({ hasText: "In progress" }).waitFor()).resolves.toBeUndefined();
  await page.getByRole("button", { name: "Mark ready" }).click();
  await status().filter({ hasText: "Ready" }).waitFor();
  await page.getByRole("button", { name: "Issue invoice" }).click();
  await page.getByRole("heading", { name: /^Invoice 1$/ }).waitFor();
  await expect(page.getByTestId("invoice-total").textContent()).resolves.toBe("£134.99");

  await page.getByLabel("Amount").fill("200");
  await page.getByRole("button", { name: "Record payment" }).click();
  await page.getByText("The balance due is 134.99.").waitFor();
  await page.getByLabel("Amount").fill("100");
  await page.getByLabel("Method").selectOption("CASH");
  await page.getByRole("button", { name: "Record payment" }).click();
  await page.getByText("Balance due: £34.99").waitFor();
  await page.getByLabel("Amount").fill("34.99");
  await page.getByRole("button", { name: "Record payment" }).click();
  await page.getByText("Paid in full.").first().waitFor();
  await screenshot(page, "33-invoice-paid");

  const invoiceUrl = page.url();
  const pdf = await page.request.get(`${invoiceUrl}/pdf`);
  expect(pdf.status()).toBe(200);
  expect(pdf.headers()["content-type"]).toBe("application/pdf");
  expect((await pdf.body()).subarray(0, 5).toString()).toBe("%PDF-");
  // Another visitor without a session gets no PDF.
  const anonymous = await fetch(`${invoiceUrl}/pdf`, { redirect: "manual" });
  expect([302, 303, 307, 401]).toContain(anonymous.status);

  const order = await withTenant(owner.orgId, (tx) => tx.repairOrder.findFirstOrThrow({ where: { vehicle: { registration: driver.plate } } }));
  expect(order.status).toBe("CLOSED");
  await page.goto(`${app.url}/${owner.orgSlug}?period=day`);
  await expect(page.getByTestId("car-count").textContent()).resolves.toBe("1");
  await expect(page.getByTestId("revenue").textContent()).resolves.toBe("£112.49");
  await screenshot(page, "34-dashboard");
  expect(errors).toEqual([]);
});

test("a member of another workshop gets 404 for every page and PDF of this day's work", async () => {
  const intruder = await signUp("e2e-intruder");
  const context = await browser.newContext();
  const other = await context.newPage();
  await signIn(other, app.url, intruder.email, PASSWORD, intruder.orgSlug);
  const { order, invoice } = await withTenant(owner.orgId, async (tx) => ({
    order: await tx.repairOrder.findFirstOrThrow({ where: { vehicle: { registration: driver.plate } } }),
    invoice: await tx.invoice.findFirstOrThrow({ where: { kind: "INVOICE" } }),
  }));
  const targets = [
    `/${owner.orgSlug}/repair-orders/${order.id}`, `/${owner.orgSlug}/invoices/${invoice.id}`, `/${owner.orgSlug}/invoices/${invoice.id}/pdf`,
    `/${owner.orgSlug}/repair-orders/${order.id}/estimate`, `/${owner.orgSlug}`, `/${owner.orgSlug}/invoices`,
    `/${intruder.orgSlug}/repair-orders/${order.id}`, `/${intruder.orgSlug}/invoices/${invoice.id}`, `/${intruder.orgSlug}/invoices/${invoice.id}/pdf`,
    `/${intruder.orgSlug}/repair-orders/${order.id}/estimate`,
  ];
  for (const target of targets) {
    const response = await other.request.get(`${app.url}${target}`, { maxRedirects: 0 });
    expect({ target, status: response.status() }).toEqual({ target, status: 404 });
    expect(await response.text()).not.toContain(driver.name);
  }
  await context.close();
});
