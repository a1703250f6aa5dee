// In Chromium: an owner opens a customer, follows "Download my customer's data"
// to the Data & privacy page with the customer chosen, starts the export, watches
// its progress reach ready (the job runs in the app's own worker), and downloads
// the ZIP, which holds that customer; the same link opened later by a technician
// is refused.
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { db, withTenant } from "@/lib/db";
import type { OrgContext } from "@/lib/org/context";
import { contextFor, joinWorkshop, PASSWORD, signUp } from "../support/accounts";
import { startAppServer, type AppServer } from "../support/app-server";
import { launchBrowser, screenshot, signIn, watchErrors } from "../support/browser";
import { unzip } from "../support/unzip";

let app: AppServer;
let browser: Browser;
let owner: OrgContext;
let ownerEmail = "";
let page: Page;
let errors: string[] = [];
let files = "";
let customerId = "";
const customerName = `Grace Export ${Date.now().toString(36)}`;

beforeAll(async () => {
  files = await mkdtemp(path.join(tmpdir(), "awms-e2e-export-"));
  app = await startAppServer({ ATTACHMENTS_DIR: files });
  browser = await launchBrowser();
  const signedUp = await signUp("privacy-export");
  ownerEmail = signedUp.email;
  owner = await contextFor(signedUp.userId, signedUp.orgSlug);
  customerId = (
    await withTenant(owner.orgId, (tx) =>
      tx.customer.create({ data: { organizationId: owner.orgId, displayName: customerName, email: "grace.export@customer.example", phone: "07700 900123" } }),
    )
  ).id;
  await withTenant(owner.orgId, (tx) => tx.customer.create({ data: { organizationId: owner.orgId, displayName: "Someone Else Entirely", email: "else@customer.example" } }));
  page = await browser.newPage({ acceptDownloads: true });
  errors = watchErrors(page);
  await signIn(page, app.url, ownerEmail, PASSWORD, owner.orgSlug);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  await rm(files, { recursive: true, force: true });
});

test("an owner exports one customer from the customer's page, sees the progress reach ready, and downloads the ZIP", async () => {
  await page.goto(`${app.url}/${owner.orgSlug}/customers/${customerId}`);
  await page.getByRole("link", { name: "Download my customer's data" }).click();
  await page.waitForURL(new RegExp(`/settings/privacy\\?customerId=${customerId}$`));
  await page.getByRole("heading", { name: "Data & privacy" }).waitFor();
  expect(await page.getByRole("radio", { name: new RegExp(customerName) }).isChecked()).toBe(true);
  // the page is in the settings navigation
  await page.getByRole("navigation", { name: "Workshop" }).getByRole("link", { name: "Data & privacy" }).waitFor();

  await page.getByRole("button", { name: "Start export" }).click();
  await page.getByText("Export started").waitFor();
  const row = page.getByRole("table", { name: "Privacy requests" }).getByRole("row").filter({ hasText: customerName });
  await row.waitFor();
  await screenshot(page, "privacy-export-started");
  // The row shows the legal deadline, one month away.
  const due = new Date();
  due.setUTCMonth(due.getUTCMonth() + 1);
  await row.getByText(due.toISOString().slice(0, 10)).waitFor();

  const download = row.getByRole("link", { name: "Download ZIP" });
  await download.waitFor({ timeout: 60_000 });
  await screenshot(page, "privacy-export-ready");
  const [file] = await Promise.all([page.waitForEvent("download"), download.click()]);
  expect(file.suggestedFilename()).toMatch(/^awms-customer-export-\d{4}-\d{2}-\d{2}-[0-9a-f]{8}\.zip$/);
  const saved = path.join(files, "downloaded.zip");
  await file.saveAs(saved);
  const entries = unzip(await readFile(saved));
  const customers = JSON.parse(entries.get("customers.json")!.toString("utf8")) as Array<{ id: string; displayName: string }>;
  expect(customers).toEqual([expect.objectContaining({ id: customerId, displayName: customerName })]);
  expect(entries.get("customers.json")!.toString("utf8")).not.toContain("Someone Else Entirely");
  expect(entries.has("metadata.json") && entries.has("schema.json")).toBe(true);

  const downloads = await withTenant(owner.orgId, (tx) => tx.auditLog.count({ where: { action: "gdpr.export.downloaded", actorUserId: owner.userId } }));
  expect(downloads).toBe(1);
  expect(errors).toEqual([]);

  // The same signed link in a technician's browser: refused in words, nothing downloaded.
  const href = (await download.getAttribute("href"))!;
  const technician = await joinWorkshop(owner, "TECHNICIAN", "privacy-tech");
  const technicianEmail = (await db().user.findUniqueOrThrow({ where: { id: technician.userId } })).email;
  const other = await browser.newPage();
  await signIn(other, app.url, technicianEmail, PASSWORD, owner.orgSlug);
  const refused = await other.request.get(`${app.url}${href}`);
  expect(refused.status()).toBe(403);
  expect(await withTenant(owner.orgId, (tx) => tx.auditLog.count({ where: { action: "gdpr.export.downloaded" } }))).toBe(1);
  await other.close();
}, 180_000);
