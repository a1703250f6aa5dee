// In Chromium: the front desk books by clicking an empty slot on the calendar,
// moves the booking with the arrow keys, sees the server refuse an overlap on
// the card itself (which snaps back), then confirms, checks the customer in
// and converts the appointment into a repair order.
import type { Browser, Page } from "playwright-core";
import { createAppointment } from "@/lib/appointments/create-appointment";
import { createBay } from "@/lib/appointments/create-bay";
import { createCustomer } from "@/lib/customers/create-customer";
import { db, withTenant } from "@/lib/db";
import type { OrgContext } from "@/lib/org/context";
import { addVehicle, ZVehicle } from "@/lib/vehicles/save-vehicle";
import { PASSWORD, contextFor, signUp } from "../support/accounts";
import { startAppServer, type AppServer } from "../support/app-server";
import { launchBrowser, screenshot, signIn, watchErrors } from "../support/browser";

let app: AppServer;
let browser: Browser;
let page: Page;
let errors: string[];
let owner: OrgContext;
let locationId = "";
let customerId = "";
let appointmentId = "";

const ROW_PX = 24;
const TIME_ZONE = "Europe/London";
const clock = new Intl.DateTimeFormat("en-GB", { timeZone: TIME_ZONE, hour: "2-digit", minute: "2-digit", hourCycle: "h23" });

/** A weekday at least a week ahead, so every time on it is still to come. */
function futureWeekday(): string {
  const day = new Date(Date.now() + 8 * 86_400_000);
  while (day.getUTCDay() === 0 || day.getUTCDay() === 6) day.setUTCDate(day.getUTCDate() + 1);
  return day.toISOString().slice(0, 10);
}
const DATE = futureWeekday();

const appointment = (id: string) => withTenant(owner.orgId, (tx) => tx.appointment.findFirstOrThrow({ where: { id } }));
const card = () => page.getByTestId(`appointment-${appointmentId}`);

beforeAll(async () => {
  app = await startAppServer();
  browser = await launchBrowser();
  const account = await signUp("e2e-calendar");
  owner = await contextFor(account.userId, account.orgSlug);
  const location = await withTenant(owner.orgId, (tx) => tx.location.findFirstOrThrow({}));
  locationId = location.id;
  // Opening hours 08:00-17:30 (the default): the grid's first row is 08:00.
  expect(location).toMatchObject({ timezone: TIME_ZONE, opensAtMinute: 480 });
  await createBay(owner, { locationId, name: "Bay 1" });
  await createBay(owner, { locationId, name: "Bay 2" });
  const customer = await createCustomer(owner, { kind: "PERSON", displayName: "Carla Calendar", email: "carla@example.test" });
  customerId = customer.id;
  await addVehicle(owner, customer.id, ZVehicle.parse({ registration: "CA11 END" }));

  page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  errors = watchErrors(page);
  await signIn(page, app.url, account.email, PASSWORD, owner.orgSlug);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

test("clicking the 10:00 slot of Bay 1 opens the booking form; the booking appears on the calendar and the customer is emailed", async () => {
  await page.getByRole("link", { name: "Appointments" }).click();
  await page.getByRole("heading", { name: "Appointments" }).waitFor();
  await page.goto(`${app.url}/${owner.orgSlug}/appointments?location=${locationId}&date=${DATE}&view=day&by=bay`);
  const column = page.locator('[data-column="Bay 1"]');
  const box = (await column.boundingBox())!;
  // Row 8 from 08:00 is 10:00.
  await page.mouse.click(box.x + box.width / 2, box.y + 8 * ROW_PX + ROW_PX / 2);
  const dialog = page.getByRole("dialog", { name: "New appointment" });
  await dialog.waitFor();
  await expect(dialog.getByLabel("Starts").inputValue()).resolves.toBe(`${DATE}T10:00`);
  await expect(dialog.getByLabel("Bay").inputValue()).resolves.not.toBe("");
  await dialog.getByLabel("Find a customer").fill("Carla");
  await dialog.getByRole("radio", { name: /Carla Calendar/ }).check();
  await expect(dialog.getByLabel("Vehicle").locator("option:checked").textContent()).resolves.toBe("CA11 END");
  await dialog.getByLabel("Customer's concerns").fill("Clunk from the front left");
  await screenshot(page, "60-calendar-booking-form");
  await dialog.getByRole("button", { name: "Book appointment" }).click();
  await dialog.waitFor({ state: "detached" });

  const booked = await withTenant(owner.orgId, (tx) => tx.appointment.findFirstOrThrow({ where: { customerId } }));
  appointmentId = booked.id;
  expect(booked).toMatchObject({ status: "CONFIRMED", source: "STAFF", concerns: "Clunk from the front left" });
  expect(clock.format(booked.startsAt)).toBe("10:00");
  expect(booked.endsAt.getTime() - booked.startsAt.getTime()).toBe(60 * 60_000);
  await card().filter({ hasText: "Carla Calendar" }).waitFor();
  expect(await db().outboxEmail.count({ where: { to: "carla@example.test", subject: { contains: "confirmed" } } })).toBe(1);
  await screenshot(page, "61-calendar-booked");
  expect(errors).toEqual([]);
});

test("the arrow keys move the card by 15 minutes; the move is saved when the keys rest", async () => {
  await card().focus();
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("ArrowDown");
  await page.getByRole("status").filter({ hasText: "Carla Calendar: now 10:30–11:30" }).waitFor({ state: "attached" });
  const moved = await appointment(appointmentId);
  expect([clock.format(moved.startsAt), clock.format(moved.endsAt)]).toEqual(["10:30", "11:30"]);
  // Shift+Down makes it 15 minutes longer.
  await card().focus();
  await page.keyboard.press("Shift+ArrowDown");
  await page.getByRole("status").filter({ hasText: "now 10:30–11:45" }).waitFor({ state: "attached" });
  expect(clock.format((await appointment(appointmentId)).endsAt)).toBe("11:45");
  expect(errors).toEqual([]);
});

test("a move onto another booking in the same bay is refused by the server: the card snaps back and says why", async () => {
  const bay1 = await withTenant(owner.orgId, (tx) => tx.bay.findFirstOrThrow({ where: { name: "Bay 1" } }));
  const other = await createCustomer(owner, { kind: "PERSON", displayName: "Oscar Other" });
  await createAppointment(owner, { locationId, customerId: other.id, bayId: bay1.id, startsAt: `${DATE}T11:45`, endsAt: `${DATE}T12:45` }, { source: "STAFF" });
  await page.reload();
  await card().focus();
  // 10:45-12:00 would overlap Oscar's 11:45-12:45.
  await page.keyboard.press("ArrowDown");
  await card().getByRole("alert").filter({ hasText: "Bay 1 is booked from 11:45 to 12:45." }).waitFor();
  // The alert comes first; the card snaps back once the refused transition (and its refresh) ends.
  await page.locator(`[data-testid="appointment-${appointmentId}"][aria-label^="10:30–11:45, Carla Calendar"]`).waitFor({ timeout: 5_000 });
  const unchanged = await appointment(appointmentId);
  expect([clock.format(unchanged.startsAt), clock.format(unchanged.endsAt)]).toEqual(["10:30", "11:45"]);
  await screenshot(page, "62-calendar-refused");
  expect(errors).toEqual([]);
});

test("Enter opens the appointment; Arrived, then Convert to repair order goes to the new repair order", async () => {
  await card().focus();
  await page.keyboard.press("Enter");
  await page.waitForURL(new RegExp(`/appointments/${appointmentId}$`));
  await page.getByTestId("appointment-status").filter({ hasText: "Confirmed" }).waitFor();
  // Only the moves the status machine allows from Confirmed (no-show only once the start has passed).
  await expect(page.getByRole("button", { name: "Confirm", exact: true }).count()).resolves.toBe(0);
  await expect(page.getByRole("button", { name: "No-show", exact: true }).count()).resolves.toBe(0);
  await page.getByRole("button", { name: "Customer arrived" }).click();
  await page.getByTestId("appointment-status").filter({ hasText: "Arrived" }).waitFor();
  await page.getByLabel("Odometer in").fill("48210");
  await page.getByRole("button", { name: "Convert to repair order" }).click();
  await page.waitForURL(/\/repair-orders\/[0-9a-f-]{36}$/);
  const converted = await appointment(appointmentId);
  expect(converted.status).toBe("CONVERTED");
  expect(page.url()).toContain(`/repair-orders/${converted.repairOrderId}`);
  await page.getByText("Clunk from the front left").first().waitFor();
  await screenshot(page, "63-calendar-converted");
  expect(errors).toEqual([]);
});

test("at 375 px the day scrolls sideways inside the calendar, not the page", async () => {
  const phone = await browser.newContext({ viewport: { width: 375, height: 800 } });
  const other = await phone.newPage();
  await other.context().addCookies(await page.context().cookies());
  await other.goto(`${app.url}/${owner.orgSlug}/appointments?location=${locationId}&date=${DATE}&view=day&by=bay`);
  await other.getByTestId("calendar").waitFor();
  const widths = await other.evaluate(() => ({ page: document.documentElement.scrollWidth, viewport: window.innerWidth }));
  expect(widths.page).toBeLessThanOrEqual(widths.viewport);
  await screenshot(other, "64-calendar-phone");
  await phone.close();
});
