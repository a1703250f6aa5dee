// In Chromium: the pictures in README.md, taken from a real AWMS with the demo
// workshop (Demo Motors) and a fortnight of its work: the day page, the
// calendar, a repair order, an inspection on a technician's phone, an invoice,
// the reports, and the admin's audit log and privacy pages when they exist.
// Each page is asserted to show the demo's data before it is photographed.
import { copyFileSync, existsSync, mkdirSync } from "node:fs";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { createAppointment } from "@/lib/appointments/create-appointment";
import { recordApproval } from "@/lib/approvals/record-approval";
import { createCustomer } from "@/lib/customers/create-customer";
import { db, withTenant } from "@/lib/db";
import { rateItem } from "@/lib/inspections/rate-item";
import { startInspection } from "@/lib/inspections/start-inspection";
import { issueInvoice } from "@/lib/invoices/issue-invoice";
import { recordPayment } from "@/lib/invoices/record-payment";
import type { OrgContext } from "@/lib/org/context";
import { createRepairOrder } from "@/lib/repair-orders/create-repair-order";
import { addJob, addLine, ZAddLine } from "@/lib/repair-orders/edit-jobs";
import { moveRepairOrder } from "@/lib/repair-orders/move-repair-order";
import { addVehicle, ZVehicle } from "@/lib/vehicles/save-vehicle";
import { DEMO_PASSWORD, DEMO_SLUG, seedDemoWorkshop } from "@/prisma/seed";
import { contextFor } from "../support/accounts";
import { startAppServer, type AppServer } from "../support/app-server";
import { SCREENSHOTS, launchBrowser, signIn, watchErrors } from "../support/browser";
import { backdate } from "../support/workshop-floor";

const README_SCREENSHOTS = path.join("docs", "screenshots");
const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 375, height: 812 };

let app: AppServer;
let browser: Browser;
let owner: OrgContext;
let technician: OrgContext;
let inServiceOrderId = "";
let inspectionId = "";
let invoiceId = "";
const DATE = futureWeekday();

/** A weekday at least a week ahead, so every booking on it is still to come. */
function futureWeekday(): string {
  const day = new Date(Date.now() + 7 * 86_400_000);
  while (day.getUTCDay() === 0 || day.getUTCDay() === 6) day.setUTCDate(day.getUTCDate() + 1);
  return day.toISOString().slice(0, 10);
}

const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);

/** Viewport-sized PNGs (small enough to commit), in docs/ for the README and artifacts/ for CI. */
async function photograph(page: Page, name: string) {
  mkdirSync(README_SCREENSHOTS, { recursive: true });
  const file = path.join(README_SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: false });
  copyFileSync(file, path.join(SCREENSHOTS, `readme-${name}.png`));
}

/** A finished visit of the past fortnight: customer, car, approved work, invoiced on `day`. */
async function pastVisit(name: string, registration: string, make: string, model: string, jobs: Array<{ title: string; hours: string; part: string; price: string; cost: string }>, day: string) {
  const customer = await createCustomer(owner, { kind: "PERSON", displayName: name, email: `${name.split(" ")[0]!.toLowerCase()}@example.com` });
  const vehicle = await addVehicle(owner, customer.id, ZVehicle.parse({ registration, make, model }));
  const order = await createRepairOrder(owner, { customerId: customer.id, vehicleId: vehicle.id, concerns: jobs.map((job) => job.title).join(", ") });
  const decisions: Record<string, "APPROVED"> = {};
  for (const spec of jobs) {
    const job = await addJob(owner, { repairOrderId: order.id, title: spec.title });
    await addLine(owner, ZAddLine.parse({ jobId: job.id, kind: "LABOUR", description: spec.title, quantity: spec.hours, technicianUserId: technician.userId }));
    await addLine(owner, ZAddLine.parse({ jobId: job.id, kind: "PART", description: spec.part, quantity: "1", unitPrice: spec.price, unitCost: spec.cost }));
    decisions[job.id] = "APPROVED";
  }
  await recordApproval(owner, { repairOrderId: order.id, approverName: name, channel: "PHONE" }, decisions);
  await moveRepairOrder(owner, order.id, "IN_PROGRESS");
  await moveRepairOrder(owner, order.id, "READY");
  const invoice = await issueInvoice(owner, order.id);
  // Today's stays as issued (now), so the day page has figures; the others move back to their day.
  if (day !== daysAgo(0)) await backdate(app.database.superuser, "Invoice", "issuedAt", [invoice.id], `${day}T15:30:00Z`);
  return invoice.id;
}

beforeAll(async () => {
  app = await startAppServer();
  browser = await launchBrowser();
  await seedDemoWorkshop(app.database.app);
  const users = await db().user.findMany({ where: { email: { in: ["owner@demo-motors.test", "tech@demo-motors.test"] } } });
  const userId = (email: string) => users.find((user) => user.email === email)!.id;
  owner = await contextFor(userId("owner@demo-motors.test"), DEMO_SLUG);
  technician = await contextFor(userId("tech@demo-motors.test"), DEMO_SLUG);

  // A fortnight of finished work, for the reports.
  const visits: Array<[string, string, string, string, string, number]> = [
    ["Oliver Hughes", "OH16 KLM", "Ford", "Focus", "Front brake pads", 12],
    ["Amelia Clarke", "AC18 PQR", "Vauxhall", "Corsa", "Clutch replacement", 10],
    ["Harry Wilson", "HW67 STU", "BMW", "320d", "Timing belt", 8],
    ["Isla Thompson", "IT20 VWX", "Kia", "Sportage", "Annual service", 6],
    ["George Evans", "GE14 YZA", "Nissan", "Qashqai", "Rear shock absorbers", 3],
    ["Sophie Walker", "SW69 BCD", "Audi", "A3", "Annual service", 0],
  ];
  for (const [name, plate, make, model, title, age] of visits) {
    const heavy = title === "Clutch replacement" || title === "Timing belt";
    invoiceId = await pastVisit(name, plate, make, model, [{ title, hours: heavy ? "4" : "1.5", part: `${title} kit`, price: heavy ? "289.00" : "64.50", cost: heavy ? "151.00" : "31.20" }], daysAgo(age));
  }

  const orders = await withTenant(owner.orgId, (tx) => tx.repairOrder.findMany({ orderBy: { number: "asc" }, include: { vehicle: true } }));
  const inService = orders.find((order) => order.status === "IN_PROGRESS")!;
  inServiceOrderId = inService.id;

  // The technician's inspection of the car in for its service: mostly green, the tyres amber, the pads red.
  const template = await withTenant(owner.orgId, (tx) => tx.inspectionTemplate.findFirstOrThrow({}));
  const inspection = await startInspection(technician, { repairOrderId: inService.id, templateId: template.id });
  inspectionId = inspection.id;
  const items = await withTenant(owner.orgId, (tx) => tx.inspectionItem.findMany({ where: { inspectionId }, orderBy: { position: "asc" } }));
  for (const item of items.slice(0, 8)) {
    const label = item.label.toLowerCase();
    const red = label.includes("pad");
    const amber = label.includes("tyre") || label.includes("wiper");
    await rateItem(technician, {
      itemId: item.id,
      rating: red ? "RED" : amber ? "AMBER" : "GREEN",
      note: red ? "Down to the wear indicator, squeals when braking." : amber ? "Legal, replace within 3 months." : undefined,
      measurement: item.measurementUnit ? (red ? "2.5" : amber ? "3" : "7") : undefined,
    });
  }

  // Today's invoice, part paid by card (the demo's ready car stays ready for pickup).
  await recordPayment(owner, { invoiceId, method: "CARD", amount: "50.00", reference: "Card terminal 0042" });

  // Next week's calendar.
  const location = await withTenant(owner.orgId, (tx) => tx.location.findFirstOrThrow({}));
  const bays = await withTenant(owner.orgId, (tx) => tx.bay.findMany({ orderBy: { position: "asc" } }));
  const demoCustomers = ["Jane Miller", "Raj Patel", "Emily Chen", "Greenleaf Florists Ltd", "Swift Couriers Fleet"];
  const customers = await withTenant(owner.orgId, (tx) => tx.customer.findMany({ where: { displayName: { in: demoCustomers } }, include: { vehicles: true } }));
  customers.sort((a, b) => demoCustomers.indexOf(a.displayName) - demoCustomers.indexOf(b.displayName));
  const bookings: Array<[number, number, string, string, string]> = [
    [0, 0, "09:00", "10:30", "Annual service"],
    [1, 1, "09:30", "11:00", "Brake judder"],
    [2, 2, "11:00", "12:00", "MOT"],
    [3, 0, "13:00", "15:30", "Clutch slipping"],
    [4, 1, "14:00", "15:00", "Tyre pressure warning"],
  ];
  for (const [customerIndex, bayIndex, from, to, notes] of bookings) {
    const customer = customers[customerIndex % customers.length]!;
    await createAppointment(
      owner,
      { locationId: location.id, customerId: customer.id, vehicleId: customer.vehicles[0]?.id, bayId: bays[bayIndex]!.id, startsAt: `${DATE}T${from}`, endsAt: `${DATE}T${to}`, concerns: notes, status: "CONFIRMED" },
      { source: "STAFF" },
    );
  }
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

async function ownerPage(viewport = DESKTOP): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage({ viewport, isMobile: viewport === PHONE, hasTouch: viewport === PHONE });
  const errors = watchErrors(page);
  await signIn(page, app.url, "owner@demo-motors.test", DEMO_PASSWORD, DEMO_SLUG);
  return { page, errors };
}

let desk: { page: Page; errors: string[] };

beforeAll(async () => {
  desk = await ownerPage();
}, 60_000);

afterEach(() => {
  expect(desk.errors).toEqual([]);
});

test("the day page: cars in, waiting for approval, ready for pickup", async () => {
  const { page } = desk;
  await page.goto(`${app.url}/${DEMO_SLUG}`);
  await page.getByRole("heading", { name: "Demo Motors", level: 1 }).waitFor();
  await page.getByTestId("ready-for-pickup").getByRole("link").first().waitFor();
  await photograph(page, "workshop-day");
});

test("the job board", async () => {
  const { page } = desk;
  await page.goto(`${app.url}/${DEMO_SLUG}/repair-orders`);
  await page.getByRole("heading", { name: "Job board", level: 1 }).waitFor();
  await photograph(page, "job-board");
});

test("the calendar by bay, with next week's bookings", async () => {
  const { page } = desk;
  await page.goto(`${app.url}/${DEMO_SLUG}/appointments?date=${DATE}&view=day&by=bay`);
  await page.getByRole("heading", { name: "Appointments", level: 1 }).waitFor();
  await page.getByText("Raj Patel").first().waitFor();
  await photograph(page, "calendar");
});

test("a repair order in progress", async () => {
  const { page } = desk;
  await page.goto(`${app.url}/${DEMO_SLUG}/repair-orders/${inServiceOrderId}`);
  await page.getByRole("heading", { name: /^Repair order \d+$/, level: 1 }).waitFor();
  await page.getByText("Annual service").first().waitFor();
  await photograph(page, "repair-order");
});

test("an invoice, part paid", async () => {
  const { page } = desk;
  await page.goto(`${app.url}/${DEMO_SLUG}/invoices/${invoiceId}`);
  await page.getByRole("heading", { level: 1 }).waitFor();
  await page.getByText("Balance due").first().waitFor();
  await photograph(page, "invoice");
});

test("the reports for the last two weeks", async () => {
  const { page } = desk;
  await page.goto(`${app.url}/${DEMO_SLUG}/reports?from=${daysAgo(13)}&to=${daysAgo(0)}&by=day`);
  await page.getByRole("heading", { name: "Reports", level: 1 }).waitFor();
  await page.getByRole("img", { name: /Revenue and gross profit/ }).waitFor();
  expect(Number(await page.getByTestId("report-car-count").textContent())).toBeGreaterThanOrEqual(6);
  await photograph(page, "reports");
});

// The admin pages of the audit and GDPR work, when they are part of the build.
const adminPages: Array<[string, string, RegExp]> = [
  ["app/[orgSlug]/settings/audit-log/page.tsx", "settings/audit-log", /Audit log/],
  ["app/[orgSlug]/settings/privacy/page.tsx", "settings/privacy", /privacy/i],
];
for (const [file, route, heading] of adminPages) {
  (existsSync(file) ? test : test.skip)(`the admin page ${route}`, async () => {
    const { page } = desk;
    await page.goto(`${app.url}/${DEMO_SLUG}/${route}`);
    await page.getByRole("heading", { name: heading, level: 1 }).waitFor();
    await photograph(page, route.split("/").pop()!);
  });
}

test("the inspection on a technician's phone", async () => {
  const { page, errors } = await ownerPage(PHONE);
  await page.goto(`${app.url}/${DEMO_SLUG}/repair-orders/${inServiceOrderId}/inspections/${inspectionId}`);
  await page.getByRole("heading", { level: 1 }).waitFor();
  // An open inspection keeps each note in its field, ready to edit: bring the red brake pads into view.
  const redNote = page.locator('input[name="note"][value^="Down to the wear indicator"]').first();
  await redNote.waitFor();
  await redNote.scrollIntoViewIfNeeded();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
  await photograph(page, "inspection-phone");
  expect(errors).toEqual([]);
});
