// In Chromium: the front desk drags repair orders across the job board, the
// board refuses illegal columns (and shows the server's refusal on the card),
// and filters by technician and promised time through the URL.
import type { Browser, Locator, Page } from "playwright-core";
import { createCustomer } from "@/lib/customers/create-customer";
import { db, withTenant } from "@/lib/db";
import type { OrgContext } from "@/lib/org/context";
import { assignTechnician } from "@/lib/repair-orders/assign-technician";
import { createRepairOrder } from "@/lib/repair-orders/create-repair-order";
import { moveRepairOrder } from "@/lib/repair-orders/move-repair-order";
import { addVehicle, ZVehicle } from "@/lib/vehicles/save-vehicle";
import { PASSWORD, contextFor, signUp } from "../support/accounts";
import { startAppServer, type AppServer } from "../support/app-server";
import { launchBrowser, screenshot, signIn, watchErrors } from "../support/browser";

let app: AppServer;
let browser: Browser;
let page: Page;
let errors: string[];
let owner: OrgContext;
let email = "";
const technicians: Record<string, string> = {};
const orders: Record<string, string> = {};

async function addTechnician(name: string) {
  const user = await db().user.create({ data: { email: `${name.split(" ")[0]!.toLowerCase()}-${Date.now().toString(36)}@example.test`, name } });
  await withTenant(owner.orgId, (tx) => tx.membership.create({ data: { organizationId: owner.orgId, userId: user.id, role: "TECHNICIAN" } }));
  return user.id;
}

async function openOrder(plate: string, promisedAt?: Date) {
  const customer = await createCustomer(owner, { kind: "PERSON", displayName: `Customer ${plate}` });
  const vehicle = await addVehicle(owner, customer.id, ZVehicle.parse({ registration: plate }));
  const order = await createRepairOrder(owner, { customerId: customer.id, vehicleId: vehicle.id, ...(promisedAt ? { promisedAt } : {}) });
  return order.id;
}

const column = (label: string) => page.locator("section[data-status]").filter({ has: page.getByRole("heading", { name: new RegExp(`^${label} \\(\\d+\\)$`) }) });
const card = (number: number) => page.getByTestId(`ro-card-${number}`);
const statusOf = async (id: string) => (await withTenant(owner.orgId, (tx) => tx.repairOrder.findFirstOrThrow({ where: { id } }))).status;

async function centre(locator: Locator) {
  const box = (await locator.boundingBox())!;
  return { x: box.x + box.width / 2, y: box.y + Math.min(box.height / 2, 20) };
}

beforeAll(async () => {
  app = await startAppServer();
  browser = await launchBrowser();
  const account = await signUp("e2e-board");
  email = account.email;
  owner = await contextFor(account.userId, account.orgSlug);
  await db().organization.update({ where: { id: owner.orgId }, data: { plan: "PROFESSIONAL" } });
  technicians.tess = await addTechnician("Tess Technician");
  technicians.theo = await addTechnician("Theo Technician");
  const yesterday = new Date(Date.now() - 24 * 3600_000);
  orders.first = await openOrder("JB01 AAA");
  orders.second = await openOrder("JB02 BBB", yesterday);
  orders.third = await openOrder("JB03 CCC");
  for (const to of ["APPROVED"] as const) await moveRepairOrder(owner, orders.first, to);
  for (const to of ["APPROVED", "IN_PROGRESS"] as const) await moveRepairOrder(owner, orders.second, to);
  await assignTechnician(owner, orders.first, technicians.tess);
  await assignTechnician(owner, orders.second, technicians.theo);

  page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  errors = watchErrors(page);
  await signIn(page, app.url, email, PASSWORD, owner.orgSlug);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

test("a card dragged from Approved to In progress lands there and the move is saved", async () => {
  await page.getByRole("link", { name: "Job board" }).click();
  await column("Approved").getByText("#1 JB01 AAA").waitFor();
  await card(1).dragTo(column("In progress"));
  await column("In progress").getByText("#1 JB01 AAA").waitFor();
  await page.getByRole("heading", { name: "In progress (2)" }).waitFor();
  await page.getByRole("status").filter({ hasText: "#1 moved to In progress." }).waitFor({ state: "attached" });
  // The board as the server now draws it, not only the optimistic move.
  await page.reload();
  await column("In progress").getByText("#1 JB01 AAA").waitFor();
  expect(await statusOf(orders.first!)).toBe("IN_PROGRESS");
  await screenshot(page, "20-job-board-dragged");
  expect(errors).toEqual([]);
});

test("while dragging, illegal columns are visibly closed, and a drop there changes nothing", async () => {
  const source = card(2);
  const from = await centre(source);
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  const to = await centre(column("Estimate"));
  await page.mouse.move(to.x, to.y, { steps: 8 });
  await expect(column("Estimate").getAttribute("data-drop")).resolves.toBe("refused");
  await column("Estimate").getByText("Can't move here").waitFor();
  await expect(column("Waiting parts").getAttribute("data-drop")).resolves.toBe("allowed");
  await expect(column("Ready").getAttribute("data-drop")).resolves.toBe("allowed");
  await expect(column("Approved").getAttribute("data-drop")).resolves.toBe("refused");
  await screenshot(page, "21-job-board-dragging");
  await page.mouse.up();
  await expect(column("Estimate").getAttribute("data-drop")).resolves.toBe("none");
  await source.dragTo(column("Approved"));
  await column("In progress").getByText("#2 JB02 BBB").waitFor();
  await expect(column("Estimate").getByText("#2 JB02 BBB").count()).resolves.toBe(0);
  await expect(column("Approved").getByText("#2 JB02 BBB").count()).resolves.toBe(0);
  expect(await statusOf(orders.second!)).toBe("IN_PROGRESS");
  expect(errors).toEqual([]);
});

test("when someone else moved the order meanwhile, the server refuses and the card says why", async () => {
  await column("Estimate").getByText("#3 JB03 CCC").waitFor();
  // Behind this page's back, the customer approves by phone.
  await moveRepairOrder(owner, orders.third!, "AWAITING_APPROVAL");
  await moveRepairOrder(owner, orders.third!, "APPROVED");
  await card(3).dragTo(column("Awaiting approval"));
  await card(3).getByRole("alert").filter({ hasText: "A repair order cannot go from approved to awaiting approval." }).waitFor();
  // The board then shows where the order really is.
  await column("Approved").getByTestId("ro-card-3").waitFor();
  expect(await statusOf(orders.third!)).toBe("APPROVED");
  await screenshot(page, "22-job-board-refused");
  expect(errors).toEqual([]);
});

test("the keyboard and phone way: Move to… lists only legal columns", async () => {
  const select = page.getByLabel("Move #2 to");
  await expect(select.locator("option").allTextContents()).resolves.toEqual(["Waiting parts", "Ready"]);
  await select.selectOption({ label: "Waiting parts" });
  await page.getByRole("button", { name: "Move #2" }).click();
  await column("Waiting parts").getByText("#2 JB02 BBB").waitFor();
  // The card moves at once; the announcement comes when the server has said yes.
  await page.getByRole("status").filter({ hasText: "#2 moved to Waiting parts." }).waitFor({ state: "attached" });
  expect(await statusOf(orders.second!)).toBe("WAITING_PARTS");
  expect(errors).toEqual([]);
});

test("filters by technician and promised time live in the URL", async () => {
  await page.getByLabel("Technician").selectOption({ label: "Tess Technician" });
  await page.getByRole("button", { name: "Apply filters" }).click();
  await page.waitForURL((url) => url.searchParams.get("technician") === technicians.tess);
  await column("In progress").getByText("#1 JB01 AAA").waitFor();
  await expect(page.getByText("#2 JB02 BBB").count()).resolves.toBe(0);
  await expect(page.getByText("#3 JB03 CCC").count()).resolves.toBe(0);
  await screenshot(page, "23-job-board-technician");

  // A shared link opens the same view.
  const shared = await browser.newContext({ viewport: { width: 375, height: 800 } });
  const other = await shared.newPage();
  await other.context().addCookies(await page.context().cookies());
  await other.goto(`${app.url}/${owner.orgSlug}/repair-orders?technician=${technicians.theo}&due=overdue`);
  await other.getByText("#2 JB02 BBB").waitFor();
  await expect(other.getByText("#1 JB01 AAA").count()).resolves.toBe(0);
  await expect(other.getByLabel("Technician").inputValue()).resolves.toBe(technicians.theo);
  await expect(other.getByLabel("Promised").inputValue()).resolves.toBe("overdue");
  await other.getByText(/^Overdue: promised /).waitFor();
  await screenshot(other, "24-job-board-phone");
  await shared.close();

  await page.getByRole("link", { name: "Clear filters" }).click();
  await page.getByText("#3 JB03 CCC").waitFor();
  expect(errors).toEqual([]);
});

test("canned jobs: field errors for bad prices and quantities, then the job is listed with its lines", async () => {
  await page.getByRole("link", { name: "Canned jobs" }).click();
  await page.getByText("No canned jobs yet.").waitFor();
  const form = page.getByRole("form", { name: "New canned job" });
  const line = (n: number) => form.getByRole("group", { name: `Line ${n}` });
  await form.getByLabel("Job name").fill("Front brake pads");
  await line(1).getByLabel("Description").fill("Fit front pads");
  await line(1).getByLabel("Quantity").fill("-1");
  await line(2).getByLabel("Kind").selectOption("PART");
  await line(2).getByLabel("Description").fill("Pad set");
  await line(2).getByLabel("Unit price").fill("49.999");
  await form.getByRole("button", { name: "Save canned job" }).click();
  await line(1).getByText("Enter a quantity like 1, 2.5 or 0.75").waitFor();
  await line(2).getByText("Enter an amount like 85 or 85.50").waitFor();
  await expect(line(2).getByLabel("Description").inputValue()).resolves.toBe("Pad set");
  await expect(line(2).getByLabel("Kind").inputValue()).resolves.toBe("PART");
  await screenshot(page, "25-canned-job-errors");
  await line(1).getByLabel("Quantity").fill("1.5");
  await line(2).getByLabel("Unit price").fill("49.99");
  await form.getByRole("button", { name: "Save canned job" }).click();
  await page.getByText("Canned job “Front brake pads” saved.").waitFor();
  // 1.5 h at the default £85.00 rate + £49.99.
  await page.getByRole("cell", { name: "£177.49" }).waitFor();
  await page.getByRole("cell", { name: "Pad set (part)" }).waitFor();
  await screenshot(page, "26-canned-jobs");
  expect(errors).toEqual([]);
});
