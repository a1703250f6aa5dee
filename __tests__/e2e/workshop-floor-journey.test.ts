// In Chromium, one car through the workshop on the real pages: the customer
// requests a time on the public booking page; the service advisor confirms it
// on the calendar, checks the car in and opens its repair order; the technician
// inspects it on a 375 px phone (a red brake pad, measured and photographed),
// which puts a job on the repair order; the advisor records the customer's yes
// by phone; the technician clocks on and off the job; the advisor orders the
// brake pads that ran low and books them in. Only the workshop, its plan, the
// location's hours, bays, members, a supplier and a low part are set up in lib.
import path from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { createBay } from "@/lib/appointments/create-bay";
import { MIN_FILL_MS } from "@/lib/appointments/booking-form-token";
import { setOnlineBooking } from "@/lib/appointments/set-online-booking";
import { updateOpeningHours } from "@/lib/appointments/update-opening-hours";
import { db, withTenant } from "@/lib/db";
import type { Role } from "@/lib/generated/prisma/client";
import { acceptInvitation } from "@/lib/members/accept-invitation";
import { inviteMember } from "@/lib/members/invitations";
import type { OrgContext } from "@/lib/org/context";
import { adjustStock } from "@/lib/parts/adjust-stock";
import { createPart } from "@/lib/parts/save-part";
import { createSupplier } from "@/lib/suppliers/save-supplier";
import { PASSWORD, contextFor, lastMailTo, linkIn, origin, signUp, uniqueEmail } from "../support/accounts";
import { startAppServer, type AppServer } from "../support/app-server";
import { launchBrowser, screenshot, signIn, watchErrors } from "../support/browser";

const TIME_ZONE = "Europe/London";
const customer = { name: "Priya Patel", email: uniqueEmail("priya"), phone: "07700 900123", plate: "PX19 BRK", concern: "Grinding noise from the front when braking" };
const CHECKLIST = "Brakes and visibility";
const PAD_JOB = "Front brake pads — 2.5 mm (RED)";
const PART = { sku: "BP-FRONT", description: "Front brake pad set" };

let app: AppServer;
let browser: Browser;
let owner: OrgContext;
let ownerEmail = "";
const advisor = { name: "Alex Advisor", email: uniqueEmail("alex-advisor") };
const technician = { name: "Tess Technician", email: uniqueEmail("tess-technician") };
let locationId = "";
let partId = "";
let repairOrderId = "";
const errorLists: string[][] = [];
const contexts: BrowserContext[] = [];
let advisorPage: Page;
let technicianPage: Page;

/** Tomorrow in the workshop's time zone (open every day), so every slot of it is still to come. */
const tomorrow = new Intl.DateTimeFormat("en-CA", { timeZone: TIME_ZONE }).format(new Date(Date.now() + 86_400_000));
const dayLabel = new Intl.DateTimeFormat("en-GB", { timeZone: "UTC", weekday: "short", day: "numeric", month: "short" }).format(new Date(`${tomorrow}T12:00:00Z`));

/** A member with a real name, through the invitation and its acceptance. */
async function member(role: Role, person: { name: string; email: string }) {
  await inviteMember(owner, { email: person.email, role });
  const link = linkIn((await lastMailTo(person.email))?.text);
  await acceptInvitation(
    link.searchParams.get("org")!, link.searchParams.get("token")!, { newAccount: { name: person.name, password: PASSWORD, confirm: PASSWORD } }, origin(),
  );
}

async function newPage(viewport: { width: number; height: number }, phone = false): Promise<Page> {
  const context = await browser.newContext({ viewport, ...(phone ? { isMobile: true, hasTouch: true } : {}) });
  contexts.push(context);
  // A step that cannot happen fails in 15 s, not at jest's limit with the steps after it.
  context.setDefaultTimeout(15_000);
  const page = await context.newPage();
  errorLists.push(watchErrors(page));
  return page;
}

/** Console errors, uncaught errors and CSP refusals of every page of the story so far. */
const errors = () => errorLists.flat();

const noHorizontalScroll = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);

beforeAll(async () => {
  app = await startAppServer();
  browser = await launchBrowser();
  const account = await signUp("e2e-journey");
  ownerEmail = account.email;
  owner = await contextFor(account.userId, account.orgSlug);
  // PROFESSIONAL includes online booking.
  await db().organization.update({ where: { id: owner.orgId }, data: { plan: "PROFESSIONAL", phone: "01904 555 010" } });
  await setOnlineBooking(owner, true);
  const location = await withTenant(owner.orgId, (tx) => tx.location.findFirstOrThrow({}));
  locationId = location.id;
  expect(location.timezone).toBe(TIME_ZONE);
  await updateOpeningHours(owner, {
    locationId, opensAt: "08:00", closesAt: "17:30", bookingSlotMinutes: 60,
    weekday1: "on", weekday2: "on", weekday3: "on", weekday4: "on", weekday5: "on", weekday6: "on", weekday7: "on",
  });
  await createBay(owner, { locationId, name: "Bay 1" });
  await createBay(owner, { locationId, name: "Bay 2" });
  await member("SERVICE_ADVISOR", advisor);
  await member("TECHNICIAN", technician);
  const supplier = await createSupplier(owner, { name: "Euro Car Parts", accountNumber: "ECP-42" });
  const part = await createPart(owner, { ...PART, cost: "28.50", priceRule: "FIXED", price: "54.00", reorderLevel: "2", defaultSupplierId: supplier.id });
  partId = part.id;
  await adjustStock(owner, { partId, locationId, change: "+1", note: "Stock take: one set on the shelf" });
}, 180_000);

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => {});
  await browser?.close();
  await app?.stop();
});

test("0. the owner sets up a short checklist for the technicians", async () => {
  const page = await newPage({ width: 1280, height: 900 });
  await signIn(page, app.url, ownerEmail, PASSWORD, owner.orgSlug);
  await page.goto(`${app.url}/${owner.orgSlug}/settings/inspections`);
  const create = page.getByRole("form", { name: "New checklist" });
  await create.getByLabel("Checklist name").fill(CHECKLIST);
  await create.getByLabel("Start from").selectOption("empty");
  await create.getByRole("button", { name: "Create checklist" }).click();
  const add = page.getByRole("form", { name: `Add an item to ${CHECKLIST}` });
  await add.waitFor();
  for (const item of [{ section: "Brakes", label: "Front brake pads", unit: "mm" }, { section: "Visibility", label: "Wiper blades", unit: "" }]) {
    await add.getByLabel("Section").fill(item.section);
    await add.getByLabel("What to check").fill(item.label);
    await add.getByLabel("Unit (if measured)").fill(item.unit);
    await add.getByRole("button", { name: "Add item" }).click();
    await page.getByRole("button", { name: `Remove ${item.label}` }).waitFor();
  }
  await page.getByText("(measured in mm)").waitFor();
  await screenshot(page, "journey-00-checklist");
  await page.context().close();
  expect(errors()).toEqual([]);
});

test("1. the customer requests a time on the booking page from a phone", async () => {
  const page = await newPage({ width: 375, height: 812 }, true);
  await page.goto(`${app.url}/book/${owner.orgSlug}`);
  await page.getByRole("heading", { name: "Book an appointment" }).waitFor();
  await page.getByRole("link", { name: new RegExp(`^${dayLabel}`) }).click();
  await page.waitForURL(new RegExp(`day=${tomorrow}`));
  await page.getByRole("group", { name: `Free times on ${dayLabel}` }).waitFor();
  // The form carries the moment it was drawn: a person takes a few seconds to fill it in.
  const drawnAt = Date.now();
  await page.getByRole("radio", { name: "10:00" }).check();
  await page.getByLabel("Your name").fill(customer.name);
  await page.getByLabel("Email").fill(customer.email);
  await page.getByLabel("Phone (optional)").fill(customer.phone);
  await page.getByLabel("Registration (optional)").fill(customer.plate);
  await page.getByLabel("What does the car need? (optional)").fill(customer.concern);
  expect(await noHorizontalScroll(page)).toBe(true);
  await screenshot(page, "journey-01-booking-form");
  await page.waitForTimeout(Math.max(0, MIN_FILL_MS + 500 - (Date.now() - drawnAt)));
  await page.getByRole("button", { name: "Send request" }).click();
  await page.waitForURL(new RegExp(`/book/${owner.orgSlug}/received$`));
  await page.getByRole("heading", { name: "Request received" }).waitFor();
  await page.getByText("This is a request, not yet a confirmed booking").waitFor();
  await screenshot(page, "journey-02-request-received");
  await page.context().close();
  expect(errors()).toEqual([]);
});

test("2. the advisor finds the request on the calendar, confirms it, checks the car in and opens the repair order", async () => {
  advisorPage = await newPage({ width: 1280, height: 900 });
  const page = advisorPage;
  await signIn(page, app.url, advisor.email, PASSWORD, owner.orgSlug);
  await page.getByRole("navigation", { name: "Workshop" }).getByRole("link", { name: "Appointments" }).click();
  await page.getByRole("heading", { name: "Appointments" }).waitFor();
  await page.getByLabel("Date", { exact: true }).fill(tomorrow);
  await page.getByRole("button", { name: "Go" }).click();
  await page.waitForURL(new RegExp(`date=${tomorrow}`));
  const request = page.getByRole("button", { name: `10:00–11:00, ${customer.name}, ${customer.plate}, Bay 1, Requested` });
  await request.waitFor();
  await screenshot(page, "journey-03-calendar-request");
  await request.click();
  await page.waitForURL(/\/appointments\/[0-9a-f-]{36}$/);
  const status = page.getByTestId("appointment-status");
  await status.filter({ hasText: "Requested · Requested online" }).waitFor();
  await page.getByRole("definition").filter({ hasText: customer.concern }).waitFor();

  await page.getByRole("button", { name: "Confirm", exact: true }).click();
  await status.filter({ hasText: "Confirmed" }).waitFor();
  await page.getByRole("button", { name: "Customer arrived" }).click();
  await status.filter({ hasText: "Arrived" }).waitFor();
  const convert = page.getByRole("form", { name: "Open a repair order" });
  await expect(convert.getByLabel("Vehicle that came in").locator("option:checked").textContent()).resolves.toBe(customer.plate);
  await convert.getByLabel("Odometer in").fill("61250");
  await convert.getByRole("button", { name: "Convert to repair order" }).click();
  await page.waitForURL(/\/repair-orders\/[0-9a-f-]{36}$/);
  repairOrderId = page.url().split("/").pop()!;
  await page.getByRole("heading", { name: "Repair order 1" }).waitFor();
  await page.getByText(`Concern: ${customer.concern}`).waitFor();
  await page.getByText(`${customer.plate} · in at 61,250`).waitFor();

  const assign = page.getByRole("form", { name: "Assign a technician" });
  await assign.getByLabel("Technician").selectOption({ label: technician.name });
  await assign.getByRole("button", { name: "Assign" }).click();
  await assign.getByText("Technician assigned.").waitFor();
  await screenshot(page, "journey-04-repair-order-opened");
  expect(errors()).toEqual([]);
});

test("3. the technician inspects the car on a phone: a red brake pad, measured and photographed, becomes a job", async () => {
  technicianPage = await newPage({ width: 375, height: 812 }, true);
  const page = technicianPage;
  await signIn(page, app.url, technician.email, PASSWORD, owner.orgSlug);
  await page.goto(`${app.url}/${owner.orgSlug}/repair-orders/${repairOrderId}`);
  const start = page.getByRole("form", { name: "Start an inspection" });
  await start.getByLabel("Checklist").selectOption({ label: CHECKLIST });
  await start.getByRole("button", { name: "Start inspection" }).click();
  await page.getByRole("heading", { name: CHECKLIST }).waitFor();
  await page.getByTestId("rated-count").filter({ hasText: "0 of 2 rated" }).waitFor();
  expect(await noHorizontalScroll(page)).toBe(true);

  const item = (label: string) => page.getByRole("article", { name: label });
  await item("Front brake pads").getByLabel("Measurement (mm)").fill("2.5");
  await item("Front brake pads").getByLabel("Note").fill("Inner pad down to the wear indicator");
  await item("Front brake pads").getByRole("button", { name: /^Red/ }).click();
  await item("Front brake pads").getByText("Saved: red.").waitFor();
  await item("Front brake pads").getByLabel(/Add photo/).setInputFiles(path.join(__dirname, "../fixtures/brake-pad.jpg"));
  const photo = item("Front brake pads").getByRole("img", { name: "Front brake pads, photo 1" });
  await photo.waitFor();
  await page.waitForFunction((element) => (element as HTMLImageElement).complete && (element as HTMLImageElement).naturalWidth > 0, await photo.elementHandle());
  await item("Wiper blades").getByRole("button", { name: /^Green/ }).click();
  await item("Wiper blades").getByText("Saved: green.").waitFor();
  await screenshot(page, "journey-05-inspection-rated");

  await page.getByRole("button", { name: "Complete inspection" }).click();
  await page.getByRole("status").filter({ hasText: "1 job on the repair order to price" }).waitFor();
  await item("Front brake pads").getByText(`On the repair order: ${PAD_JOB}`).waitFor();
  await screenshot(page, "journey-06-inspection-completed");

  await page.getByRole("link", { name: "Repair order 1" }).click();
  await page.getByRole("heading", { name: `1. ${PAD_JOB}` }).waitFor();
  await page.getByTestId("approval-1").filter({ hasText: "Waiting for approval" }).waitFor();
  await page.getByText("Completed · 1 red").waitFor();
  expect(errors()).toEqual([]);
});

test("4. the advisor prices the job and records the customer's yes by phone; the technician clocks on and off it", async () => {
  const page = advisorPage;
  await page.reload();
  await page.getByRole("heading", { name: `1. ${PAD_JOB}` }).waitFor();
  const line = page.getByRole("form", { name: `Add a line to ${PAD_JOB}` });
  await line.getByLabel("Kind").selectOption("LABOUR");
  await line.getByLabel("Description").fill("Replace front brake pads");
  await line.getByLabel("Quantity").fill("1");
  await line.getByRole("button", { name: "Add line" }).click();
  await page.getByRole("cell", { name: /Replace front brake pads/ }).waitFor();

  const answer = page.getByRole("form", { name: "Record the customer's answer" });
  await answer.getByRole("group", { name: new RegExp(PAD_JOB.replace(/[()]/g, "\\$&")) }).getByText("Approve").click();
  await answer.getByLabel("Who answered").fill(customer.name);
  await answer.getByLabel("How").selectOption("PHONE");
  await answer.getByRole("button", { name: "Record answer" }).click();
  await page.getByTestId("ro-status").filter({ hasText: /^Approved$/ }).waitFor();
  await page.getByTestId("decisions").getByText(`${PAD_JOB}: Approved by ${customer.name} (phone)`).waitFor();
  await screenshot(page, "journey-07-approved-by-phone");

  const phone = technicianPage;
  await phone.getByRole("navigation", { name: "Workshop" }).getByRole("link", { name: "My work" }).click();
  await phone.getByRole("heading", { name: "My work" }).waitFor();
  await phone.getByRole("button", { name: `Clock on to “${PAD_JOB}”` }).click();
  await phone.getByRole("heading", { name: "On the clock" }).waitFor();
  const timer = phone.getByTestId("running-timer");
  const first = await timer.textContent();
  await phone.waitForTimeout(1_500);
  expect(await timer.textContent()).not.toBe(first);
  expect(await noHorizontalScroll(phone)).toBe(true);
  await screenshot(phone, "journey-08-on-the-clock");
  await phone.getByRole("button", { name: `Clock off “${PAD_JOB}”` }).click();
  await phone.getByText("You are not clocked on.").waitFor();
  await screenshot(phone, "journey-09-clocked-off");
  expect(errors()).toEqual([]);
});

test("5. the advisor orders the brake pads that ran low, books the delivery in and sees the stock move", async () => {
  const page = advisorPage;
  await page.getByRole("navigation", { name: "Workshop" }).getByRole("link", { name: "Purchase orders", exact: true }).click();
  await page.getByRole("link", { name: "Low stock" }).click();
  await page.getByTestId("low-stock").getByText("1 on hand, reorder at 2").waitFor();

  await page.goto(`${app.url}/${owner.orgSlug}/purchase-orders`);
  await page.getByRole("link", { name: "New purchase order" }).click();
  const create = page.getByRole("form", { name: "New purchase order" });
  await create.getByLabel("Supplier", { exact: true }).selectOption({ label: "Euro Car Parts" });
  await create.getByRole("button", { name: "Open draft purchase order" }).click();
  await page.getByRole("heading", { name: "Purchase order 1" }).waitFor();
  const add = page.getByRole("form", { name: "Add a part to this order" });
  await add.getByLabel("Part", { exact: true }).selectOption({ label: `${PART.sku} ${PART.description}` });
  await add.getByLabel("Quantity", { exact: true }).fill("4");
  await add.getByRole("button", { name: "Add line" }).click();
  await page.getByTestId("po-lines").getByText("0 of 4 received").waitFor();
  await page.getByRole("button", { name: "Mark as ordered" }).click();
  await page.getByTestId("po-status").filter({ hasText: /^ordered$/ }).waitFor();

  const receive = page.getByRole("form", { name: "Receive a delivery" });
  await receive.getByLabel(`${PART.sku} ${PART.description}: arrived`).fill("4");
  await receive.getByRole("button", { name: "Book delivery" }).click();
  await page.getByTestId("po-status").filter({ hasText: /^received$/ }).waitFor();
  await page.getByTestId("po-lines").getByText("4 of 4 received").waitFor();
  await screenshot(page, "journey-10-delivery-booked");

  await page.getByTestId("po-lines").getByRole("link", { name: PART.sku, exact: true }).click();
  await page.getByRole("heading", { name: `${PART.sku} · ${PART.description}` }).waitFor();
  await expect(page.getByTestId(`on-hand-${locationId}`).textContent()).resolves.toBe("5");
  const received = page.getByTestId("ledger").getByRole("row").filter({ hasText: "Received" });
  await received.filter({ hasText: "+4" }).getByRole("link", { name: "PO 1", exact: true }).waitFor();
  await screenshot(page, "journey-11-stock-moved");
  expect(errors()).toEqual([]);
});

test("the database holds what the pages showed", async () => {
  const facts = await withTenant(owner.orgId, async (tx) => ({
    appointment: await tx.appointment.findFirstOrThrow({ where: { source: "ONLINE" }, include: { vehicle: true } }),
    order: await tx.repairOrder.findFirstOrThrow({ where: { id: repairOrderId }, include: { jobs: true } }),
    item: await tx.inspectionItem.findFirstOrThrow({ where: { label: "Front brake pads" }, include: { photos: true } }),
    entries: await tx.timeEntry.findMany({ where: { repairOrderId } }),
    movements: await tx.stockMovement.findMany({ where: { partId }, orderBy: { createdAt: "asc" } }),
    level: await tx.stockLevel.findFirstOrThrow({ where: { partId, locationId } }),
  }));
  expect(facts.appointment).toMatchObject({ status: "CONVERTED", repairOrderId, concerns: customer.concern });
  expect(facts.appointment.vehicle?.registration).toBe(customer.plate);
  // The customer heard twice: the request arrived, then the workshop confirmed it.
  const mails = await db().outboxEmail.findMany({ where: { to: customer.email }, orderBy: { createdAt: "asc" } });
  expect(mails.map((mail) => mail.subject)).toEqual([
    `We have your booking request: Workshop e2e-journey`, `Your appointment at Workshop e2e-journey is confirmed`,
  ]);
  expect(facts.order).toMatchObject({ status: "APPROVED", concerns: customer.concern, odometerIn: 61250, vehicleId: facts.appointment.vehicleId });
  expect(facts.order.jobs.map((job) => [job.title, job.approval])).toEqual([[PAD_JOB, "APPROVED"]]);
  expect(facts.item).toMatchObject({ rating: "RED", measurementMilli: 2500 });
  expect(facts.item.photos).toHaveLength(1);
  expect(facts.item.proposedJobId).toBe(facts.order.jobs[0]!.id);
  expect(facts.entries).toHaveLength(1);
  expect(facts.entries[0]!.jobId).toBe(facts.order.jobs[0]!.id);
  expect(facts.entries[0]!.endedAt).not.toBeNull();
  expect(facts.entries[0]!.endedAt!.getTime()).toBeGreaterThan(facts.entries[0]!.startedAt.getTime());
  expect(facts.movements.map((m) => [m.kind, m.quantityMilli])).toEqual([["ADJUSTED", 1000], ["RECEIVED", 4000]]);
  expect(facts.movements[1]!.purchaseOrderLineId).not.toBeNull();
  expect(facts.level.onHandMilli).toBe(5000);
});
