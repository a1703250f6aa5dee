// In Chromium: a technician clocks on and off from a 375 px phone (a running
// timer, switching jobs in one tap); an advisor corrects the time with a reason;
// the owner reads the reports with charts, tables and CSV downloads; a
// technician asking for the reports gets the refusal page.
import type { Browser, Page } from "playwright-core";
import { hashPassword } from "@/lib/auth/password";
import { db, withTenant } from "@/lib/db";
import { issueInvoice } from "@/lib/invoices/issue-invoice";
import type { OrgContext } from "@/lib/org/context";
import { moveRepairOrder } from "@/lib/repair-orders/move-repair-order";
import { PASSWORD, contextFor, signUp } from "../support/accounts";
import { startAppServer, type AppServer } from "../support/app-server";
import { launchBrowser, screenshot, signIn, watchErrors } from "../support/browser";
import { orderWithJobs } from "../support/workshop-floor";

let app: AppServer;
let browser: Browser;
let owner: OrgContext;
let ownerEmail = "";
let techEmail = "";
let techId = "";
let orderId = "";
const errors: string[] = [];

async function member(role: "TECHNICIAN" | "SERVICE_ADVISOR", name: string) {
  const email = `${name.split(" ")[0]!.toLowerCase()}-${Date.now().toString(36)}@example.test`;
  const user = await db().user.create({ data: { email, name, passwordHash: await hashPassword(PASSWORD) } });
  await withTenant(owner.orgId, (tx) => tx.membership.create({ data: { organizationId: owner.orgId, userId: user.id, role } }));
  return { email, id: user.id };
}

async function phone(email: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 375, height: 800 } });
  const page = await context.newPage();
  errors.push(...watchErrors(page));
  await signIn(page, app.url, email, PASSWORD, owner.orgSlug);
  return page;
}

beforeAll(async () => {
  app = await startAppServer();
  browser = await launchBrowser();
  const account = await signUp("e2e-floor");
  ownerEmail = account.email;
  owner = await contextFor(account.userId, account.orgSlug);
  await db().organization.update({ where: { id: owner.orgId }, data: { plan: "PROFESSIONAL" } });
  ({ email: techEmail, id: techId } = await member("TECHNICIAN", "Tess Technician"));
  const labour = (hours: string) => ({ kind: "LABOUR" as const, description: "Labour", quantity: hours, technicianUserId: techId });
  const ro = await orderWithJobs(owner, [{ title: "Front brakes", lines: [labour("1.5")] }, { title: "Wipers", lines: [labour("0.25")] }], "IN_PROGRESS", techId);
  orderId = ro.order.id;
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

test("a technician clocks on, switches job in one tap and clocks off, on a phone", async () => {
  const page = await phone(techEmail);
  await page.getByRole("link", { name: "My work" }).click();
  await page.getByRole("heading", { name: "My work" }).waitFor();
  await page.getByRole("button", { name: "Clock on to “Front brakes”" }).click();
  await page.getByRole("heading", { name: "On the clock" }).waitFor();
  const timer = page.getByTestId("running-timer");
  const first = await timer.textContent();
  await page.waitForTimeout(1500);
  expect(await timer.textContent()).not.toBe(first);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
  await screenshot(page, "my-work-375");

  await page.getByRole("button", { name: "Clock on to “Wipers”" }).click();
  await page.getByRole("button", { name: "Clock off “Wipers”" }).waitFor();
  const open = await withTenant(owner.orgId, (tx) => tx.timeEntry.findMany({ where: { technicianUserId: techId, endedAt: null }, include: { job: true } }));
  expect(open.map((entry) => entry.job.title)).toEqual(["Wipers"]);

  await page.getByRole("button", { name: "Clock off “Wipers”" }).click();
  await page.getByText("You are not clocked on.").waitFor();
  expect(await withTenant(owner.orgId, (tx) => tx.timeEntry.count({ where: { technicianUserId: techId, endedAt: null } }))).toBe(0);

  // The reports are not a technician's: the refusal page, and no Reports link.
  expect(await page.getByRole("link", { name: "Reports" }).count()).toBe(0);
  const refused = await page.goto(`${app.url}/${owner.orgSlug}/reports`);
  expect(refused?.status()).toBe(403);
  const csv = await page.request.get(`${app.url}/${owner.orgSlug}/reports/csv/sales`);
  expect(csv.status()).toBe(403);
  await page.context().close();
});

test("an advisor corrects the technician's time with a reason", async () => {
  const advisor = await member("SERVICE_ADVISOR", "Sam Advisor");
  const page = await phone(advisor.email);
  await page.getByRole("link", { name: "Technician time" }).click();
  const entry = page.getByTestId("time-entry").filter({ hasText: "Front brakes" }).first();
  await entry.getByText("Correct this time").click();
  // Yesterday morning: in the past whatever the hour, and clear of today's other entries.
  const yesterday = new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/London" }).format(new Date(Date.now() - 86_400_000));
  await entry.getByLabel("Clocked on").fill(`${yesterday}T08:10`);
  await entry.getByLabel("Clocked off").fill(`${yesterday}T08:05`);
  await entry.getByRole("button", { name: "Save correction" }).click();
  // The form is checked first (the reason); the times are compared in the workshop's time zone after it.
  await entry.getByText("Say why the time is corrected.").waitFor();
  await entry.getByLabel("Reason").fill("Forgot to clock on");
  await entry.getByRole("button", { name: "Save correction" }).click();
  // Said twice: under "Clocked off" and in the form's message.
  await entry.locator('[id$="-endedAt-error"]').filter({ hasText: "Clocking off must come after clocking on." }).waitFor();
  await entry.getByLabel("Clocked off").fill(`${yesterday}T09:10`);
  await entry.getByRole("button", { name: "Save correction" }).click();
  // The entry leaves today's list once it is moved to yesterday: read the outcome from the database.
  const deadline = Date.now() + 10_000;
  while ((await withTenant(owner.orgId, (tx) => tx.auditLog.count({ where: { action: "timeEntry.correct" } }))) === 0) {
    if (Date.now() > deadline) throw new Error("the correction was not saved");
    await page.waitForTimeout(100);
  }
  await page.goto(`${app.url}/${owner.orgSlug}/time-entries?day=${yesterday}`);
  await page.getByTestId("time-entry").filter({ hasText: "Front brakes" }).getByText("(1 h 00 min)").waitFor();
  await page.context().close();
});

test("the owner reads the reports: charts with their tables, and CSV downloads", async () => {
  await moveRepairOrder(owner, orderId, "READY");
  await issueInvoice(owner, orderId);
  const page = await phone(ownerEmail);
  await page.getByRole("link", { name: "Reports" }).click();
  await page.getByRole("heading", { name: "Reports" }).waitFor();
  expect(await page.getByTestId("report-car-count").textContent()).toBe("1");
  await page.getByRole("img", { name: /Revenue and gross profit/ }).waitFor();
  await page.getByRole("img", { name: /Productivity and efficiency/ }).waitFor();
  await page.getByTestId("sales-table").waitFor();
  await page.getByTestId("technician-table").getByText("Tess Technician").waitFor();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
  await screenshot(page, "reports-375");

  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Download sales CSV" }).click()]);
  expect(download.suggestedFilename()).toMatch(/^sales-\d{4}-\d{2}-\d{2}-to-\d{4}-\d{2}-\d{2}-by-day\.csv$/);

  await page.getByLabel("Show").selectOption("month");
  await page.getByRole("button", { name: "Show" }).click();
  await page.waitForURL(/by=month/);
  // exact: the header's search box is labelled "Search customers, vehicles, repair orders and invoices", which contains "to".
  await page.getByLabel("From", { exact: true }).fill("2026-03-31");
  await page.getByLabel("To", { exact: true }).fill("2026-03-01");
  await page.getByRole("button", { name: "Show" }).click();
  await page.getByText("The last day must be on or after the first.").first().waitFor();
  expect(errors).toEqual([]);
  await page.context().close();
});
