// In Chromium: a new owner signs up a workshop, invites a technician, the
// technician accepts and finds billing and member settings closed to them.
import type { Browser } from "playwright-core";
import { db, withTenant } from "@/lib/db";
import { removeMember } from "@/lib/members/manage-members";
import { loadOrgContext } from "@/lib/org/context";
import { startAppServer, type AppServer } from "../support/app-server";
import { launchBrowser, screenshot, signIn, watchErrors } from "../support/browser";

let app: AppServer;
let browser: Browser;
const stamp = Date.now().toString(36);
const owner = { name: "Morgan Owner", email: `morgan-${stamp}@example.test`, password: "spanner-and-socket-42" };
const tech = { name: "Terry Tech", email: `terry-${stamp}@example.test`, password: "torque-wrench-2026" };
let orgSlug = "";
let techCookie = "";

beforeAll(async () => {
  app = await startAppServer();
  browser = await launchBrowser();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

test("an owner signs up a workshop and invites a technician", async () => {
  const page = await browser.newPage();
  const errors = watchErrors(page);
  await page.goto(`${app.url}/sign-up`);
  await page.getByRole("button", { name: "Create workshop" }).click();
  await page.getByText("Enter your name.").waitFor();
  await screenshot(page, "01-sign-up-errors");

  await page.getByLabel("Your name").fill(owner.name);
  await page.getByLabel("Email").fill(owner.email);
  await page.getByLabel("Password").fill(owner.password);
  await page.getByLabel("Workshop name").fill(`Hillside Garage ${stamp}`);
  await page.getByRole("button", { name: "Create workshop" }).click();
  await page.waitForURL(new RegExp(`/hillside-garage-${stamp}$`));
  orgSlug = new URL(page.url()).pathname.slice(1);
  await page.getByRole("heading", { name: `Hillside Garage ${stamp}` }).waitFor();
  await screenshot(page, "02-workshop-home");

  await page.getByRole("link", { name: "Members" }).click();
  await page.getByLabel("Email", { exact: true }).fill(tech.email);
  await page.getByLabel("Role", { exact: true }).selectOption("TECHNICIAN");
  await page.getByRole("button", { name: "Send invitation" }).click();
  await page.getByText(`Invitation sent to ${tech.email}.`).waitFor();
  await page.getByText("Pending invitations").waitFor();
  await screenshot(page, "03-members-invited");
  expect(errors).toEqual([]);
  await page.close();
});

test("the technician accepts by email link and cannot open billing or member settings", async () => {
  expect(orgSlug).not.toBe("");
  const mail = await db().outboxEmail.findFirstOrThrow({ where: { to: tech.email }, orderBy: { createdAt: "desc" } });
  const link = mail.text.match(/https?:\/\/\S+/)![0];
  expect(link.startsWith(`${app.url}/invitations/accept?org=${orgSlug}&token=`)).toBe(true);

  const context = await browser.newContext();
  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.goto(link);
  await page.getByText("You are invited as Technician").waitFor();
  await page.getByLabel("Your name").fill(tech.name);
  await page.getByLabel("Choose a password").fill(tech.password);
  await page.getByLabel("Repeat the password").fill(tech.password);
  await screenshot(page, "04-accept-invitation");
  await page.getByRole("button", { name: "Create account and join" }).click();
  await page.waitForURL(new RegExp(`/${orgSlug}$`));
  await page.getByText("(Technician)").waitFor();
  await screenshot(page, "05-technician-home");

  const nav = page.getByRole("navigation", { name: "Workshop" });
  await expect(nav.getByRole("link", { name: "Members" }).count()).resolves.toBe(0);
  await expect(nav.getByRole("link", { name: "Billing" }).count()).resolves.toBe(0);
  expect(errors).toEqual([]);

  for (const area of ["billing", "members"]) {
    const response = await page.goto(`${app.url}/${orgSlug}/settings/${area}`);
    expect(response?.status()).toBe(403);
    await page.getByRole("heading", { name: "You don't have access to this page" }).waitFor();
  }
  await screenshot(page, "06-technician-forbidden");
  techCookie = (await context.cookies()).map((c) => `${c.name}=${c.value}`).join("; ");

  // The invitation link is used up.
  const again = await browser.newPage();
  await again.goto(link);
  await again.getByText("This invitation link is invalid, expired, revoked or already used").waitFor();
  await context.close();
});

describe("without middleware's help", () => {
  const bypass = { "x-middleware-subrequest": "middleware:middleware:middleware:middleware:middleware" };

  test("a signed-out request with x-middleware-subrequest still gets no workshop page", async () => {
    for (const path of [`/${orgSlug}`, `/${orgSlug}/settings/members`, `/${orgSlug}/settings/billing`, "/account/security"]) {
      const response = await fetch(`${app.url}${path}`, { headers: bypass, redirect: "manual" });
      expect({ path, status: response.status }).toEqual({ path, status: 307 });
      expect(response.headers.get("location")).toMatch(/\/sign-in/);
      expect(await response.text()).not.toContain(owner.email);
    }
  });

  test("the technician with x-middleware-subrequest still cannot open billing or members", async () => {
    expect(techCookie).toContain("next-auth.session-token");
    for (const area of ["billing", "members"]) {
      const response = await fetch(`${app.url}/${orgSlug}/settings/${area}`, { headers: { ...bypass, cookie: techCookie }, redirect: "manual" });
      expect({ area, status: response.status }).toEqual({ area, status: 403 });
      expect(await response.text()).not.toContain(owner.email);
    }
  });

  test("a session cookie for another workshop's slug gets 404, not its data", async () => {
    const other = await db().organization.create({
      data: { slug: `other-${stamp}`, name: "Other Garage", country: "GB", currency: "GBP", timezone: "Europe/London" },
    });
    const response = await fetch(`${app.url}/${other.slug}/settings/members`, { headers: { ...bypass, cookie: techCookie }, redirect: "manual" });
    expect(response.status).toBe(404);
    expect(await response.text()).not.toContain("Other Garage");
  });
});

describe("sessions end when they should", () => {
  test("a workshop that requires two-factor sends members without it to set it up", async () => {
    await db().organization.update({ where: { slug: orgSlug }, data: { requireMfa: true } });
    try {
      const response = await fetch(`${app.url}/${orgSlug}`, { headers: { cookie: techCookie }, redirect: "manual" });
      expect(response.status).toBe(307);
      expect(response.headers.get("location")).toBe(`/account/security?required=${orgSlug}`);
    } finally {
      await db().organization.update({ where: { slug: orgSlug }, data: { requireMfa: false } });
    }
  });

  test("removing the technician ends their session on the next request", async () => {
    const before = await fetch(`${app.url}/${orgSlug}`, { headers: { cookie: techCookie }, redirect: "manual" });
    expect(before.status).toBe(200);
    const organization = await db().organization.findUniqueOrThrow({ where: { slug: orgSlug } });
    const ownerUser = await db().user.findUniqueOrThrow({ where: { email: owner.email } });
    const techUser = await db().user.findUniqueOrThrow({ where: { email: tech.email } });
    const ctx = (await loadOrgContext(ownerUser.id, orgSlug, { ip: null, userAgent: "jest", requestId: null }))!;
    const membership = await withTenant(organization.id, (tx) => tx.membership.findFirstOrThrow({ where: { userId: techUser.id } }));
    await removeMember(ctx, membership.id);
    const after = await fetch(`${app.url}/account/profile`, { headers: { cookie: techCookie }, redirect: "manual" });
    expect(after.status).toBe(307);
    expect(after.headers.get("location")).toMatch(/\/sign-in/);
  });
});


describe("the front desk", () => {
  test("the owner adds a customer and a vehicle by VIN, then finds the car by its plate without the space", async () => {
    const page = await browser.newPage();
    const errors = watchErrors(page);
    await signIn(page, app.url, owner.email, owner.password, orgSlug);

    await page.getByRole("link", { name: "Customers" }).click();
    await page.getByRole("link", { name: "Add customer" }).click();
    await page.getByRole("button", { name: "Add customer" }).click();
    await page.getByText("Enter the customer's name.").waitFor();
    await page.getByLabel("Name", { exact: true }).fill("Dorothy Vaughan");
    await page.getByLabel("Email", { exact: true }).fill("not-an-email");
    await page.getByLabel("Phone", { exact: true }).fill("+44 7700 900999");
    await page.getByRole("button", { name: "Add customer" }).click();
    await page.getByText("Enter a valid email address.").waitFor();
    await expect(page.getByLabel("Phone", { exact: true }).inputValue()).resolves.toBe("+44 7700 900999");
    await page.getByLabel("Email", { exact: true }).fill("dorothy@example.test");
    await page.getByRole("button", { name: "Add customer" }).click();
    await page.getByRole("heading", { name: "Dorothy Vaughan" }).waitFor();

    await page.getByLabel("VIN").fill("1HGCM82633A004353");
    await page.getByRole("button", { name: "Add vehicle" }).click();
    await page.getByText("This is not a valid VIN").waitFor();
    await page.getByLabel("VIN").fill("1HGCM82633A004352");
    await page.getByLabel("Registration plate").fill("dv03 hon");
    await page.getByRole("button", { name: "Add vehicle" }).click();
    await page.getByText("DV03 HON · Honda 2003").waitFor();
    await screenshot(page, "07-customer-with-vehicle");

    // The car comes in: open a repair order, add a job with labour and a part.
    await page.getByLabel("Odometer in (DV03 HON)").fill("52000");
    await page.getByLabel("Customer's concern (DV03 HON)").fill("Squeal from the front when braking");
    await page.getByRole("button", { name: "Open repair order for DV03 HON" }).click();
    await page.getByRole("heading", { name: "Repair order 1" }).waitFor();
    await page.getByLabel("New job").fill("Front brake pads");
    await page.getByRole("button", { name: "Add job" }).click();
    const lines = page.getByRole("form", { name: "Add a line to Front brake pads" });
    await lines.getByLabel("Description").fill("Fit pads");
    await lines.getByLabel("Quantity").fill("1.2345");
    await lines.getByRole("button", { name: "Add line" }).click();
    await lines.getByText("Enter a quantity like 1, 2.5 or 0.75").waitFor();
    await lines.getByLabel("Quantity").fill("1.5");
    await lines.getByRole("button", { name: "Add line" }).click();
    await page.getByRole("cell", { name: "Fit pads (labour)" }).waitFor();
    await lines.getByLabel("Kind").selectOption("PART");
    await lines.getByLabel("Description").fill("Pad set");
    await lines.getByLabel("Quantity").fill("1");
    await lines.getByLabel("Unit price").fill("49.99");
    await lines.getByRole("button", { name: "Add line" }).click();
    await page.getByRole("cell", { name: "Pad set (part)" }).waitFor();
    // 1.5 h x £85.00 + £49.99, prices including 20 % VAT.
    await page.getByTestId("total-gross").filter({ hasText: "£177.49" }).waitFor();
    await page.getByRole("button", { name: "Mark awaiting approval" }).click();
    await page.getByTestId("ro-status").filter({ hasText: "Awaiting approval" }).waitFor();
    await screenshot(page, "07b-repair-order");
    await page.getByRole("link", { name: "Job board" }).click();
    await page.getByRole("region", { name: "Awaiting approval (1)" }).getByRole("link", { name: "#1 DV03 HON" }).waitFor();
    await screenshot(page, "07c-job-board");

    await page.getByRole("link", { name: "Customers" }).click();
    await page.getByLabel("Search customers and vehicles").fill("dv03hon");
    await page.getByRole("button", { name: "Search" }).click();
    await page.getByRole("link", { name: "DV03 HON" }).waitFor();
    await screenshot(page, "08-search-by-plate");
    expect(errors).toEqual([]);
    await page.close();
  });
});
