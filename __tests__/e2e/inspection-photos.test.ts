// In Chromium on a 375 px phone: a technician works through an inspection
// (measurement, one-tap ratings, a photo from the camera input, a refused text
// file), completes it, and the customer sees the findings and the photo on
// the estimate link; the photo's own address works only with that link.
import { readFile } from "node:fs/promises";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { sendApprovalLink } from "@/lib/approvals/send-approval-link";
import { createCustomer } from "@/lib/customers/create-customer";
import { db, withTenant } from "@/lib/db";
import { createTemplate } from "@/lib/inspections/create-template";
import { addTemplateItem } from "@/lib/inspections/template-items";
import type { OrgContext } from "@/lib/org/context";
import { assignTechnician } from "@/lib/repair-orders/assign-technician";
import { createRepairOrder } from "@/lib/repair-orders/create-repair-order";
import { addVehicle, ZVehicle } from "@/lib/vehicles/save-vehicle";
import { PASSWORD, contextFor, joinWorkshop, lastMailTo, linkIn, signUp, uniqueEmail } from "../support/accounts";
import { startAppServer, type AppServer } from "../support/app-server";
import { launchBrowser, screenshot, signIn, watchErrors } from "../support/browser";

let app: AppServer;
let browser: Browser;
let page: Page;
let errors: string[];
let owner: OrgContext;
let technician: OrgContext;
let technicianEmail = "";
let repairOrderId = "";

beforeAll(async () => {
  app = await startAppServer();
  browser = await launchBrowser();
  const account = await signUp("e2e-dvi");
  owner = await contextFor(account.userId, account.orgSlug);
  technician = await joinWorkshop(owner, "TECHNICIAN", "e2e-dvi-tech");
  technicianEmail = (await db().user.findUniqueOrThrow({ where: { id: technician.userId } })).email;
  const template = await createTemplate(owner, { name: "Quick check" });
  await addTemplateItem(owner, { templateId: template.id, section: "Brakes", label: "Front brake pads", measurementUnit: "mm" });
  await addTemplateItem(owner, { templateId: template.id, section: "Visibility", label: "Wiper blades" });
  const customer = await createCustomer(owner, { kind: "PERSON", displayName: "Dana Driver", email: uniqueEmail("dana") });
  const vehicle = await addVehicle(owner, customer.id, ZVehicle.parse({ registration: "DV24 PHO" }));
  repairOrderId = (await createRepairOrder(owner, { customerId: customer.id, vehicleId: vehicle.id })).id;
  await assignTechnician(owner, repairOrderId, technician.userId);
  page = await browser.newPage({ viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true });
  errors = watchErrors(page);
  await signIn(page, app.url, technicianEmail, PASSWORD, owner.orgSlug);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

const item = (label: string) => page.getByRole("article", { name: label });

test("the technician rates, measures and photographs on a phone, then completes the inspection", async () => {
  await page.goto(`${app.url}/${owner.orgSlug}/repair-orders/${repairOrderId}`);
  await page.getByLabel("Checklist").selectOption({ label: "Quick check" });
  await page.getByRole("button", { name: "Start inspection" }).click();
  await page.getByRole("heading", { name: "Quick check" }).waitFor();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);

  await item("Front brake pads").getByLabel("Measurement (mm)").fill("2.5");
  await item("Front brake pads").getByLabel("Note").fill("Down to the wear indicator");
  await item("Front brake pads").getByRole("button", { name: /^Red/ }).click();
  await item("Front brake pads").getByText("Saved: red.").waitFor();

  const photo = await readFile(path.join(__dirname, "../fixtures/brake-pad.jpg"));
  await item("Front brake pads").getByLabel(/Add photo/).setInputFiles({ name: "IMG_0001.jpg", mimeType: "image/jpeg", buffer: photo });
  await item("Front brake pads").getByRole("img", { name: "Front brake pads, photo 1" }).waitFor();
  await item("Wiper blades").getByLabel(/Add photo/).setInputFiles({ name: "notes.jpg", mimeType: "image/jpeg", buffer: Buffer.from("not a photo at all") });
  await item("Wiper blades").getByRole("alert").filter({ hasText: "not a photo" }).waitFor();

  await page.getByRole("button", { name: "Complete inspection" }).click();
  await page.getByRole("alert").filter({ hasText: "Rate every item first: 1 left (Wiper blades)" }).waitFor();
  await item("Wiper blades").getByRole("button", { name: /^Green/ }).click();
  await item("Wiper blades").getByText("Saved: green.").waitFor();
  await page.getByRole("button", { name: "Complete inspection" }).click();
  await page.getByRole("status").filter({ hasText: "1 job on the repair order to price" }).waitFor();
  await screenshot(page, "60-inspection-phone");
  const jobs = await withTenant(owner.orgId, (tx) => tx.job.findMany({ where: { repairOrderId } }));
  expect(jobs.map((job) => job.title)).toEqual(["Front brake pads — 2.5 mm (RED)"]);
  // The refused text file is the one failed request the browser reports.
  expect(errors.filter((error) => !error.includes("status of 400"))).toEqual([]);
});

test("the customer sees the red finding with its photo, which no other address serves", async () => {
  const email = uniqueEmail("dana-link");
  await sendApprovalLink(owner, { repairOrderId, email });
  const link = linkIn((await lastMailTo(email))?.text);
  const customer = await browser.newPage({ viewport: { width: 375, height: 812 } });
  const customerErrors = watchErrors(customer);
  await customer.goto(`${app.url}${link.pathname}`);
  await customer.getByRole("heading", { name: "Needs attention now (1)" }).waitFor();
  const image = customer.getByRole("img", { name: "Front brake pads, photo 1" });
  await image.waitFor();
  // The photo may load lazily below the fold of a phone's screen: the customer scrolls to it, and it loads.
  await image.scrollIntoViewIfNeeded();
  await customer.waitForFunction((element) => (element as HTMLImageElement).complete && (element as HTMLImageElement).naturalWidth > 0, await image.elementHandle(), { timeout: 10_000 });
  await screenshot(customer, "61-estimate-with-inspection");
  const src = (await image.getAttribute("src"))!;
  const served = await customer.request.get(`${app.url}${src}`);
  expect(served.status()).toBe(200);
  expect(served.headers()["cache-control"]).toContain("private");
  const guessed = await customer.request.get(`${app.url}${src.replace(/photos\/.*/, "photos/0190f7a2-1111-7000-8000-000000000000")}`);
  expect(guessed.status()).toBe(404);
  const withoutLink = await customer.request.get(`${app.url}/${owner.orgSlug}/attachments/${src.split("/").pop()}`, { maxRedirects: 0 });
  expect([302, 303, 307, 401, 404]).toContain(withoutLink.status());
  expect(customerErrors).toEqual([]);
  await customer.close();
});
