// In Chromium, on a phone-sized screen: an admin schedules a customer's erasure (a wrong name
// typed first: a field error and nothing scheduled), the customer's page then shows the banner
// with its date and a Cancel button, and cancelling removes it; an owner schedules closing the
// workshop (the wrong address first), keeps it open again, and once a closure has run nobody can
// open the workshop.
import { randomBytes } from "node:crypto";
import type { Browser, Page } from "playwright-core";
import { createCustomer } from "@/lib/customers/create-customer";
import { db, withTenant } from "@/lib/db";
import { reloadServerEnv } from "@/lib/env";
import { runDueErasures } from "@/lib/gdpr/erasure/run-due-erasures";
import type { OrgContext } from "@/lib/org/context";
import { contextFor, PASSWORD, signUp } from "../support/accounts";
import { startAppServer, type AppServer } from "../support/app-server";
import { launchBrowser, screenshot, signIn, watchErrors } from "../support/browser";

let app: AppServer;
let browser: Browser;
let owner: OrgContext;
let ownerEmail = "";
let page: Page;
let errors: string[] = [];

beforeAll(async () => {
  // The same secret here and in the server: customers made here have audit keys the server must open.
  process.env.NEXTAUTH_SECRET = randomBytes(32).toString("base64url");
  app = await startAppServer({ NEXTAUTH_SECRET: process.env.NEXTAUTH_SECRET });
  reloadServerEnv();
  browser = await launchBrowser();
  const signedUp = await signUp("privacy-erasure");
  ownerEmail = signedUp.email;
  owner = await contextFor(signedUp.userId, signedUp.orgSlug);
  page = await browser.newPage({ viewport: { width: 375, height: 800 } });
  errors = watchErrors(page);
  await signIn(page, app.url, ownerEmail, PASSWORD, owner.orgSlug);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  delete process.env.NEXTAUTH_SECRET;
  reloadServerEnv();
});

const erasures = () => withTenant(owner.orgId, (tx) => tx.privacyRequest.findMany({ where: { kind: "ERASURE" }, orderBy: { createdAt: "asc" } }));

test("erasing a customer: typed name, banner with the date, cancel", async () => {
  const customer = await createCustomer(owner, { displayName: "Odile Erasable", email: "odile@erase.test" });
  await page.goto(`${app.url}/${owner.orgSlug}/customers/${customer.id}`);
  const form = page.getByRole("form", { name: "Erase this customer" });
  await form.getByLabel(/Type the customer's name/).fill("Odile");
  await form.getByRole("button", { name: "Erase this customer" }).click();
  await page.getByText("Type the name exactly as shown: Odile Erasable").waitFor();
  expect(await erasures()).toEqual([]);

  await form.getByLabel(/Type the customer's name/).fill("Odile Erasable");
  await form.getByRole("button", { name: "Erase this customer" }).click();
  // The page refreshes: the form gives way to the banner.
  await page.getByRole("button", { name: "Cancel erasure" }).waitFor();
  const [scheduled] = await erasures();
  expect(scheduled).toMatchObject({ status: "SCHEDULED", customerId: customer.id });
  const day = scheduled!.executeAfter!.toISOString().slice(0, 10);
  await page.getByText(new RegExp(`Erasure scheduled for ${day}`)).waitFor();
  await page.reload();
  await page.getByText(new RegExp(`Erasure scheduled for ${day}`)).waitFor();
  expect(await page.getByRole("form", { name: "Erase this customer" }).count()).toBe(0);
  await screenshot(page, "privacy-erasure-banner");
  await page.getByRole("button", { name: "Cancel erasure" }).click();
  // The banner goes and the form is back.
  await page.getByRole("form", { name: "Erase this customer" }).waitFor();
  expect((await erasures())[0]).toMatchObject({ status: "CANCELLED", cancelledByUserId: owner.userId });
  expect(await page.getByText(/Erasure scheduled for/).count()).toBe(0);
});

test("closing the workshop: typed address, keep it open, and a closed workshop opens for nobody", async () => {
  await page.goto(`${app.url}/${owner.orgSlug}/settings/workshop`);
  const form = page.getByRole("form", { name: "Close this workshop" });
  await page.getByRole("link", { name: "export the whole workshop" }).waitFor();
  await form.getByLabel(/Type the workshop's address/).fill("not-this-one");
  await form.getByRole("button", { name: "Close this workshop" }).click();
  await page.getByText(`Type ${owner.orgSlug} to confirm.`).waitFor();
  await form.getByLabel(/Type the workshop's address/).fill(owner.orgSlug);
  await form.getByRole("button", { name: "Close this workshop" }).click();
  await page.getByText(/This workshop will be closed after/).waitFor();
  await screenshot(page, "privacy-closure-scheduled");
  await page.getByRole("button", { name: "Keep the workshop open" }).click();
  await page.getByRole("form", { name: "Close this workshop" }).waitFor();

  // Scheduled again and left to run: afterwards the owner's own link is a 404.
  await page.reload();
  await page.getByRole("form", { name: "Close this workshop" }).getByLabel(/Type the workshop's address/).fill(owner.orgSlug);
  await page.getByRole("form", { name: "Close this workshop" }).getByRole("button", { name: "Close this workshop" }).click();
  await page.getByText(/This workshop will be closed after/).waitFor();
  expect(await runDueErasures({ now: new Date(Date.now() + 31 * 86_400_000) })).toEqual({ completed: 1, failed: 0 });
  expect((await db().organization.findUniqueOrThrow({ where: { id: owner.orgId } })).closedAt).toBeInstanceOf(Date);
  const answer = await page.goto(`${app.url}/${owner.orgSlug}`);
  expect(answer?.status()).toBe(404);
  expect(errors.filter((error) => !error.includes("404"))).toEqual([]);
});
