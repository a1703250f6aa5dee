// Markup that is accepted is shown as text. A workshop's records hold script payloads in every free
// text field a page shows (customer, vehicle, repair order, job, line, part, supplier, a member's
// name); in Chromium no page that shows them (customer page and list, search results, job board,
// repair order, the customer's estimate page, part, supplier, audit log) gains an injected element
// or handler, runs one, or opens a dialog, and the payload reads back as the text typed. The CSV
// downloads (audit log, technicians report) put a quote before a cell a spreadsheet would run.
import { randomBytes } from "node:crypto";
import type { Browser, Page } from "playwright-core";
import { sendApprovalLink } from "@/lib/approvals/send-approval-link";
import { updateProfile } from "@/lib/auth/update-profile";
import { createCustomer } from "@/lib/customers/create-customer";
import { db } from "@/lib/db";
import { reloadServerEnv } from "@/lib/env";
import type { OrgContext } from "@/lib/org/context";
import { createPart } from "@/lib/parts/save-part";
import { createRepairOrder, ZCreateRepairOrder } from "@/lib/repair-orders/create-repair-order";
import { addJob, addLine, ZAddLine } from "@/lib/repair-orders/edit-jobs";
import { createSupplier } from "@/lib/suppliers/save-supplier";
import { addVehicle, ZVehicle } from "@/lib/vehicles/save-vehicle";
import { contextFor, lastMailTo, linkIn, origin, PASSWORD, signUp } from "../support/accounts";
import { startAppServer, type AppServer } from "../support/app-server";
import { launchBrowser, signIn } from "../support/browser";
import { FORMULA_PAYLOADS, SCRIPT_PAYLOADS } from "../support/hostile-input";

const [imgOnError, closeScript, svgOnLoad, iframeSrcdoc, jsUrl, anchorJs, template, detailsToggle] = SCRIPT_PAYLOADS as [string, string, string, string, string, string, string, string];
const FORMULA = FORMULA_PAYLOADS[0]!;

let app: AppServer;
let browser: Browser;
let page: Page;
let owner: OrgContext;
const dialogs: string[] = [];
const at: Record<string, string> = {};

beforeAll(async () => {
  // One session secret for the server and this process, which seeds records whose audit details it seals with it.
  process.env.NEXTAUTH_SECRET = randomBytes(32).toString("base64url");
  reloadServerEnv();
  app = await startAppServer({ RATE_LIMITS: "off", NEXTAUTH_SECRET: process.env.NEXTAUTH_SECRET });
  browser = await launchBrowser();
  const signedUp = await signUp("fuzz-escape");
  await db().organization.update({ where: { slug: signedUp.orgSlug }, data: { plan: "PROFESSIONAL" } });
  owner = await contextFor(signedUp.userId, signedUp.orgSlug);
  // The member's own name starts like a formula: it is the actor of every audit entry and a technician in the report.
  await updateProfile(signedUp.userId, `${FORMULA} ${imgOnError}`, origin());
  const customer = await createCustomer(owner, {
    displayName: `Fuzz ${imgOnError}`, notes: `${closeScript} ${template}`, city: svgOnLoad, addressLine1: detailsToggle, email: "fuzz.customer@example.test",
  });
  const vehicle = await addVehicle(owner, customer.id, ZVehicle.parse({ registration: "FZ26 XSS", make: iframeSrcdoc.slice(0, 60), model: jsUrl.slice(0, 60) }));
  const order = await createRepairOrder(owner, ZCreateRepairOrder.parse({ customerId: customer.id, vehicleId: vehicle.id, concerns: `${anchorJs} ${closeScript}` }));
  const job = await addJob(owner, { repairOrderId: order.id, title: `${svgOnLoad} brakes` });
  await addLine(owner, ZAddLine.parse({ jobId: job.id, kind: "FEE", description: `${imgOnError} fee`, quantity: "1", unitPrice: "5.00" }));
  const supplier = await createSupplier(owner, { name: `${detailsToggle}`.slice(0, 120) });
  const part = await createPart(owner, { sku: "XSS-1", description: `${imgOnError} pad`, cost: "1.00", priceRule: "FIXED", price: "2.00", defaultSupplierId: supplier.id });
  await sendApprovalLink(owner, { repairOrderId: order.id, email: "fuzz.customer@example.test" });
  const estimate = linkIn((await lastMailTo("fuzz.customer@example.test"))?.text);
  const slug = owner.orgSlug;
  Object.assign(at, {
    customer: `/${slug}/customers/${customer.id}`,
    customers: `/${slug}/customers?q=${encodeURIComponent("Fuzz")}`,
    search: `/${slug}/search?q=${encodeURIComponent("Fuzz")}`,
    searchForPayload: `/${slug}/search?q=${encodeURIComponent(imgOnError.slice(0, 90))}`,
    board: `/${slug}/repair-orders`,
    repairOrder: `/${slug}/repair-orders/${order.id}`,
    estimate: `${estimate.pathname}${estimate.search}`,
    part: `/${slug}/parts/${part.id}`,
    supplier: `/${slug}/suppliers/${supplier.id}`,
    auditLog: `/${slug}/settings/audit-log`,
    home: `/${slug}`,
  });
  page = await browser.newPage();
  page.on("dialog", (dialog) => {
    dialogs.push(`${page.url()}: ${dialog.message()}`);
    void dialog.dismiss();
  });
  await signIn(page, app.url, signedUp.email, PASSWORD, slug);
}, 180_000);

afterAll(async () => {
  delete process.env.NEXTAUTH_SECRET;
  reloadServerEnv();
  await browser?.close();
  await app?.stop();
});

/** What the injected markup would have made, had it been parsed as markup (and whether any of it ran). */
const injected = () =>
  page.evaluate(() => ({
    ran: (window as unknown as { __awmsXss?: unknown }).__awmsXss ?? null,
    elements: [...document.querySelectorAll('img[src="x"], svg[onload], iframe[srcdoc], details[ontoggle], #awms-xss-link, a[href^="javascript:"], [onerror]')].map((element) => element.outerHTML.slice(0, 120)),
    text: document.body.innerText,
  }));

test.each(["customer", "customers", "search", "searchForPayload", "board", "repairOrder", "estimate", "part", "supplier", "auditLog", "home"])(
  "the %s page shows stored markup as text: nothing injected, nothing run, no dialog",
  async (name) => {
    const response = await page.goto(`${app.url}${at[name]}`);
    expect(response?.status()).toBe(200);
    await page.waitForLoadState("load");
    // Scripts that would run on hydration or a toggle get their chance.
    await page.waitForTimeout(300);
    const found = await injected();
    expect(found.elements).toEqual([]);
    expect(found.ran).toBeNull();
    expect(dialogs).toEqual([]);
    if (["customer", "customers", "search", "estimate"].includes(name)) expect(found.text).toContain(`Fuzz ${imgOnError}`);
  },
);

test("the customer page reads every stored payload back as the text typed", async () => {
  await page.goto(`${app.url}${at.customer}`);
  const text = (await injected()).text;
  for (const payload of [imgOnError, svgOnLoad]) expect(text).toContain(payload);
});

const download = async (path: string) => {
  const response = await page.request.get(`${app.url}${path}`);
  expect(response.status()).toBe(200);
  return response.text();
};

test("CSV downloads put a quote before a cell a spreadsheet would run as a formula", async () => {
  const today = new Date().toISOString().slice(0, 10);
  const auditCsv = await download(`/${owner.orgSlug}/settings/audit-log/export/csv`);
  // The member's name is the actor of every entry: there, defused.
  expect(auditCsv).toContain(`"'${FORMULA.replace(/"/g, '""')}`);
  for (const csv of [auditCsv, await download(`/${owner.orgSlug}/reports/csv/technicians?from=${today}&to=${today}`)]) {
    const cells = csv.split(/\r\n/).flatMap((row) => row.split(","));
    expect(cells.filter((cell) => /^"?[=+\-@\t\r]/.test(cell) && !/^"?-?\d/.test(cell))).toEqual([]);
  }
});
