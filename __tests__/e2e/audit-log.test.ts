// In Chromium: an admin finds the owner's change to a customer in the audit
// log by filtering, opens the entry and reads the before/after, verifies the
// chain ("Intact"), and downloads the filtered entries as CSV.
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import type { Browser, Page } from "playwright-core";
import { createCustomer } from "@/lib/customers/create-customer";
import { ZCustomer } from "@/lib/customers/customer-input";
import { updateCustomer } from "@/lib/customers/update-customer";
import { db } from "@/lib/db";
import { reloadServerEnv } from "@/lib/env";
import type { OrgContext } from "@/lib/org/context";
import { contextFor, joinWorkshop, PASSWORD, signUp } from "../support/accounts";
import { startAppServer, type AppServer } from "../support/app-server";
import { launchBrowser, screenshot, signIn, watchErrors } from "../support/browser";
import { removeScratchDirs, scratchDir } from "../support/scratch-dir";

let app: AppServer;
let browser: Browser;
let page: Page;
let errors: string[] = [];
let admin: OrgContext;
let customerId = "";

beforeAll(async () => {
  // One session secret for this process and the server: it also keys the customers' sealed audit values.
  process.env.NEXTAUTH_SECRET = randomBytes(32).toString("base64url");
  reloadServerEnv();
  app = await startAppServer({ NEXTAUTH_SECRET: process.env.NEXTAUTH_SECRET, AUDIT_ANCHOR_DIR: scratchDir("e2e-anchors") });
  browser = await launchBrowser();
  const owner = await signUp("audit-e2e");
  const ownerCtx = await contextFor(owner.userId, owner.orgSlug);
  admin = await joinWorkshop(ownerCtx, "ADMIN", "audit-e2e-admin");
  const customer = await createCustomer(ownerCtx, ZCustomer.parse({ displayName: "Margaret Thornton", phone: "+44 7700 900555" }));
  customerId = customer.id;
  await updateCustomer(ownerCtx, customerId, ZCustomer.parse({ displayName: "Margaret Thornton-Hale", phone: "+44 7700 900556" }));
  const { email } = await db().user.findUniqueOrThrow({ where: { id: admin.userId } });
  page = await browser.newPage({ acceptDownloads: true });
  errors = watchErrors(page);
  await signIn(page, app.url, email, PASSWORD, admin.orgSlug);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  removeScratchDirs();
  delete process.env.NEXTAUTH_SECRET;
  reloadServerEnv();
});

test("an admin filters the log, reads a customer change, verifies the chain and downloads the CSV", async () => {
  await page.getByRole("navigation", { name: "Workshop" }).getByRole("link", { name: "Audit log" }).click();
  await page.getByRole("heading", { name: "Audit log" }).waitFor();
  await page.getByText("All times and dates here are UTC.").waitFor();

  await page.getByLabel("Action").selectOption("customer.update");
  await page.getByRole("button", { name: "Filter" }).click();
  await page.waitForURL(/action=customer.update/);
  const rows = page.getByTestId("audit-entry");
  expect(await rows.count()).toBe(1);
  expect(await rows.first().textContent()).toContain(customerId);
  await screenshot(page, "audit-log-filtered");

  await rows.first().getByRole("link").click();
  await page.getByRole("heading", { name: /customer\.update/ }).waitFor();
  const changes = page.getByTestId("changed-field");
  expect(await changes.allTextContents()).toEqual(["displayNameMargaret ThorntonMargaret Thornton-Hale", "phone+44 7700 900555+44 7700 900556"]);
  await page.getByText("198.51.100.7").waitFor();
  await screenshot(page, "audit-log-entry");

  await page.getByRole("link", { name: "Back to the audit log" }).click();
  await page.getByRole("button", { name: "Verify the chain" }).click();
  await page.getByRole("status").filter({ hasText: /^Intact: \d+ entries, head [0-9a-f]{64}/ }).waitFor();
  await screenshot(page, "audit-log-verified");

  await page.getByLabel("Action").selectOption("customer.update");
  await page.getByRole("button", { name: "Filter" }).click();
  await page.waitForURL(/action=customer.update/);
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Download CSV" }).click()]);
  expect(download.suggestedFilename()).toMatch(new RegExp(`^audit-log-${admin.orgSlug}-\\d{4}-\\d{2}-\\d{2}\\.csv$`));
  const csv = readFileSync((await download.path())!, "utf8").trimEnd().split("\r\n");
  expect(csv[0]).toMatch(/^Seq,Time \(UTC\),Actor,/);
  expect(csv.slice(1)).toHaveLength(1);
  expect(csv[1]).toContain(`,customer.update,Customer,${customerId},`);
  expect(errors).toEqual([]);
});
