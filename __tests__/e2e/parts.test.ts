// In Chromium: the front desk adds a supplier and a marked-up part, counts
// stock in, puts the low part on a draft purchase order in one click, orders
// it and books the delivery (too many refused in words); a part is fitted on a
// repair order on a 375 px phone; a technician reads parts but gets the 403
// page for purchasing; another workshop's member gets 404.
import type { Browser, Page } from "playwright-core";
import { createCustomer } from "@/lib/customers/create-customer";
import { db, withTenant } from "@/lib/db";
import type { OrgContext } from "@/lib/org/context";
import { createRepairOrder } from "@/lib/repair-orders/create-repair-order";
import { addJob } from "@/lib/repair-orders/edit-jobs";
import { addVehicle, ZVehicle } from "@/lib/vehicles/save-vehicle";
import { PASSWORD, contextFor, joinWorkshop, signUp } from "../support/accounts";
import { startAppServer, type AppServer } from "../support/app-server";
import { launchBrowser, screenshot, signIn, watchErrors } from "../support/browser";

let app: AppServer;
let browser: Browser;
let page: Page;
let errors: string[];
let owner: OrgContext;
let email = "";

const status = (text: RegExp) => page.getByTestId("po-status").filter({ hasText: text });

/** Polls until the condition holds (the server action has committed) or fails after 10 s. */
async function eventually(condition: () => Promise<boolean>) {
  const deadline = Date.now() + 10_000;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error("condition not met within 10 s");
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const partId = async (sku: string) => (await withTenant(owner.orgId, (tx) => tx.part.findFirstOrThrow({ where: { sku } }))).id;

beforeAll(async () => {
  app = await startAppServer();
  browser = await launchBrowser();
  const account = await signUp("e2e-parts");
  email = account.email;
  owner = await contextFor(account.userId, account.orgSlug);
  await db().organization.update({ where: { id: owner.orgId }, data: { plan: "PROFESSIONAL" } });
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  errors = watchErrors(page);
  await signIn(page, app.url, email, PASSWORD, owner.orgSlug);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

test("a supplier and a part at cost plus markup; stock counted in shows on the ledger", async () => {
  await page.getByRole("link", { name: "Purchase orders", exact: true }).click();
  await page.getByRole("link", { name: "Suppliers", exact: true }).click();
  const supplierForm = page.getByRole("form", { name: "New supplier" });
  await supplierForm.getByLabel("Name").fill("Euro Car Parts");
  await supplierForm.getByLabel("Our account number").fill("ECP-42");
  await supplierForm.getByRole("button", { name: "Add supplier" }).click();
  await page.getByRole("link", { name: "Euro Car Parts" }).waitFor();

  await page.getByRole("navigation", { name: "Workshop" }).getByRole("link", { name: "Parts", exact: true }).click();
  await page.getByRole("link", { name: "Add part" }).click();
  const form = page.getByRole("form", { name: "New part" });
  await form.getByLabel("SKU (part number)").fill("wb-600");
  await form.getByLabel("Description").fill("Wiper blade 600 mm");
  await form.getByLabel("Cost per unit").fill("19.99");
  await form.getByLabel("Selling price").selectOption("MARKUP");
  await form.getByLabel("Markup (%)").fill("25");
  await form.getByLabel("Reorder level").fill("3");
  await form.getByLabel("Default supplier").selectOption({ label: "Euro Car Parts" });
  await form.getByRole("button", { name: "Add part" }).click();
  // 19.99 + 25 % = 24.9875, rounded half up to the penny.
  await page.getByRole("heading", { name: "WB-600 · Wiper blade 600 mm" }).waitFor();
  await page.getByText("Sells at £24.99").waitFor();

  const adjust = page.getByRole("form", { name: "Adjust stock" });
  await adjust.getByLabel("Change").fill("+1");
  await adjust.getByRole("button", { name: "Adjust stock" }).click();
  await adjust.getByText(/Say why/).waitFor();
  await adjust.getByLabel("Reason").fill("Stock take: one on the shelf");
  await adjust.getByRole("button", { name: "Adjust stock" }).click();
  await page.getByText("Stock adjusted: 1 on hand.").waitFor();
  await page.getByTestId("ledger").getByText("Stock take: one on the shelf").waitFor();
  await screenshot(page, "parts-01-part");
  expect(errors).toEqual([]);
});

test("low stock goes onto a draft purchase order in one click; the order is sent and received, too many refused", async () => {
  await page.goto(`${app.url}/${owner.orgSlug}/parts/low-stock`);
  await page.getByTestId("low-stock").getByText("1 on hand, reorder at 3").waitFor();
  await page.getByRole("button", { name: "Add to draft order for WB-600" }).click();
  await page.getByText("Added to draft purchase order 1.").waitFor();

  await page.getByRole("link", { name: "Purchase orders", exact: true }).click();
  await page.getByRole("link", { name: "PO 1", exact: true }).click();
  // Twice the reorder level less the one on hand.
  await page.getByTestId("po-lines").getByText("0 of 5 received").waitFor();
  await page.getByRole("button", { name: "Mark as ordered" }).click();
  await status(/^ordered$/).waitFor();

  const receive = page.getByRole("form", { name: "Receive a delivery" });
  await receive.getByLabel(/WB-600 Wiper blade 600 mm: arrived/).fill("6");
  await receive.getByRole("button", { name: "Book delivery" }).click();
  await receive.getByText("Only 5 more were ordered.").waitFor();
  await receive.getByLabel(/WB-600 Wiper blade 600 mm: arrived/).fill("2");
  await receive.getByRole("button", { name: "Book delivery" }).click();
  await status(/^partly received$/).waitFor();
  await page.getByRole("button", { name: "Everything arrived" }).click();
  await status(/^received$/).waitFor();

  await page.goto(`${app.url}/${owner.orgSlug}/parts/${await partId("WB-600")}`);
  await page.getByTestId("ledger").getByRole("link", { name: "PO 1", exact: true }).first().waitFor();
  const { rows } = await app.database.superuser.query(`SELECT "onHandMilli" FROM "StockLevel" WHERE "partId" = $1`, [await partId("WB-600")]);
  expect(rows).toEqual([{ onHandMilli: 6000 }]);
  await screenshot(page, "parts-02-received");
  expect(errors).toEqual([]);
});

test("on a phone, a catalogue part goes on a repair order and is fitted from stock", async () => {
  const customer = await createCustomer(owner, { kind: "PERSON", displayName: "Phone Customer" });
  const vehicle = await addVehicle(owner, customer.id, ZVehicle.parse({ registration: "PH01 ONE" }));
  const order = await createRepairOrder(owner, { customerId: customer.id, vehicleId: vehicle.id });
  const job = await addJob(owner, { repairOrderId: order.id, title: "Wipers" });
  const phone = await browser.newPage({ viewport: { width: 375, height: 812 } });
  const phoneErrors = watchErrors(phone);
  await signIn(phone, app.url, email, PASSWORD, owner.orgSlug);
  await phone.goto(`${app.url}/${owner.orgSlug}/repair-orders/${order.id}`);
  const add = phone.getByRole("form", { name: `Add a line to ${job.title}` });
  await add.getByLabel("Part from the catalogue (optional)").selectOption({ label: "WB-600 Wiper blade 600 mm · £24.99" });
  await add.getByLabel("Kind").selectOption("PART");
  await add.getByLabel("Quantity").fill("2");
  await add.getByRole("button", { name: "Add line" }).click();
  await phone.getByText("Wiper blade 600 mm (WB-600)").waitFor();
  await phone.getByTestId("total-gross").getByText("£49.98").waitFor();

  const status = phone.getByRole("form", { name: "Part status of Wiper blade 600 mm (WB-600)" });
  await status.getByLabel("Part status of Wiper blade 600 mm (WB-600)").selectOption("FITTED");
  await status.getByRole("button", { name: "Set" }).click();
  await eventually(async () => (await withTenant(owner.orgId, (tx) => tx.jobLine.findFirstOrThrow({ where: { jobId: job.id } }))).partStatus === "FITTED");
  const { rows } = await app.database.superuser.query(`SELECT "onHandMilli" FROM "StockLevel" WHERE "partId" = $1`, [await partId("WB-600")]);
  expect(rows).toEqual([{ onHandMilli: 4000 }]);
  await screenshot(phone, "parts-03-phone-fitted");
  expect(phoneErrors).toEqual([]);
  await phone.close();
});

test("a technician reads the catalogue but gets the 403 page for purchasing; another workshop's member gets 404", async () => {
  const technician = await joinWorkshop(owner, "TECHNICIAN", "e2e-parts-tech");
  const techEmail = (await db().user.findUniqueOrThrow({ where: { id: technician.userId } })).email;
  const context = await browser.newContext();
  const tech = await context.newPage();
  await signIn(tech, app.url, techEmail, PASSWORD, owner.orgSlug);
  const nav = tech.getByRole("navigation", { name: "Workshop" });
  await nav.getByRole("link", { name: "Parts", exact: true }).waitFor();
  expect(await nav.getByRole("link", { name: "Purchase orders", exact: true }).count()).toBe(0);
  await tech.goto(`${app.url}/${owner.orgSlug}/parts`);
  await tech.getByRole("link", { name: "WB-600", exact: true }).waitFor();
  expect(await tech.getByRole("link", { name: "Add part" }).count()).toBe(0);
  const po = await withTenant(owner.orgId, (tx) => tx.purchaseOrder.findFirstOrThrow({ where: { number: 1 } }));
  for (const target of [`/${owner.orgSlug}/purchase-orders`, `/${owner.orgSlug}/purchase-orders/${po.id}`, `/${owner.orgSlug}/suppliers`, `/${owner.orgSlug}/purchase-orders/new`]) {
    const response = await tech.goto(`${app.url}${target}`);
    expect({ target, status: response?.status() }).toEqual({ target, status: 403 });
    await tech.getByRole("heading", { name: "You don't have access to this page" }).waitFor();
  }
  await context.close();

  const intruder = await signUp("e2e-parts-intruder");
  const otherContext = await browser.newContext();
  const other = await otherContext.newPage();
  await signIn(other, app.url, intruder.email, PASSWORD, intruder.orgSlug);
  const part = await partId("WB-600");
  for (const target of [
    `/${owner.orgSlug}/parts/${part}`, `/${owner.orgSlug}/purchase-orders/${po.id}`,
    `/${intruder.orgSlug}/parts/${part}`, `/${intruder.orgSlug}/purchase-orders/${po.id}`, `/${intruder.orgSlug}/suppliers/${po.supplierId}`,
  ]) {
    const response = await other.request.get(`${app.url}${target}`, { maxRedirects: 0 });
    expect({ target, status: response.status() }).toEqual({ target, status: 404 });
    expect(await response.text()).not.toContain("Wiper blade");
  }
  await otherContext.close();
});
