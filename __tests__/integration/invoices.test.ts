// Invoices and payments: issued from a ready repair order as a numbered,
// immutable snapshot; credit notes; partial payments; workshop B's attacks.
import { execFileSync } from "node:child_process";
import pg from "pg";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { recordApproval } from "@/lib/approvals/record-approval";
import { createCustomer } from "@/lib/customers/create-customer";
import { updateCustomer } from "@/lib/customers/update-customer";
import { db, withTenant } from "@/lib/db";
import { estimateDocument } from "@/lib/documents/estimate-document";
import { renderDocumentPdf } from "@/lib/documents/render-pdf";
import { invoiceView, listInvoices } from "@/lib/invoices/invoice-view";
import { issueCreditNote } from "@/lib/invoices/issue-credit-note";
import { issueInvoice } from "@/lib/invoices/issue-invoice";
import { recordPayment, ZRecordPayment } from "@/lib/invoices/record-payment";
import type { OrgContext } from "@/lib/org/context";
import { createRepairOrder } from "@/lib/repair-orders/create-repair-order";
import { addJob, addLine, ZAddLine } from "@/lib/repair-orders/edit-jobs";
import { moveRepairOrder } from "@/lib/repair-orders/move-repair-order";
import { addVehicle, ZVehicle } from "@/lib/vehicles/save-vehicle";
import { ZCustomer } from "@/lib/customers/customer-input";
import { updateWorkshopDetails } from "@/lib/org/update-workshop-details";
import { contextFor, joinWorkshop, signUp } from "../support/accounts";
import { workshopDay } from "@/lib/dashboard/workshop-day";
import { removeScratchDirs, scratchDir } from "../support/scratch-dir";
import { createTestDatabase, type TestDatabase } from "../support/test-database";

let database: TestDatabase;
let a: OrgContext;
let b: OrgContext;

beforeAll(async () => {
  database = await createTestDatabase({ poolSize: 12 });
  const first = await signUp("inv-a");
  const second = await signUp("inv-b");
  a = await contextFor(first.userId, first.orgSlug);
  b = await contextFor(second.userId, second.orgSlug);
  await db().organization.update({ where: { id: a.orgId }, data: { plan: "PROFESSIONAL", addressLine1: "12 Station Road", city: "Leeds", postcode: "LS1 4AB", taxNumber: "GB123456789" } });
});

afterAll(async () => {
  removeScratchDirs();
  await database.drop();
});

/** A repair order ready for collection: brakes 1.5 h labour (127.50) + pads 2 x 45.99, 20 % VAT included. */
async function readyOrder(ctx: OrgContext, name: string) {
  const customer = await createCustomer(ctx, { kind: "PERSON", displayName: name, paymentTermsDays: 30 });
  const vehicle = await addVehicle(ctx, customer.id, ZVehicle.parse({ registration: "INV 123", make: "Ford", model: "Focus" }));
  const order = await createRepairOrder(ctx, { customerId: customer.id, vehicleId: vehicle.id });
  const job = await addJob(ctx, { repairOrderId: order.id, title: "Front brakes" });
  await addLine(ctx, ZAddLine.parse({ jobId: job.id, kind: "LABOUR", description: "Fit pads", quantity: "1.5" }));
  await addLine(ctx, ZAddLine.parse({ jobId: job.id, kind: "PART", description: "Pads", quantity: "2", unitPrice: "45.99" }));
  await recordApproval(ctx, { repairOrderId: order.id, approverName: name, channel: "IN_PERSON" }, { [job.id]: "APPROVED" });
  await moveRepairOrder(ctx, order.id, "IN_PROGRESS");
  await moveRepairOrder(ctx, order.id, "READY");
  return { customer, vehicle, order, job };
}

const pay = (invoiceId: string, amount: string, method: "CASH" | "CARD" | "BANK_TRANSFER" = "CARD") => ({ invoiceId, method, amount });

test("an invoice is issued only from a ready order, as a snapshot that later edits do not change", async () => {
  const { customer, order } = await readyOrder(a, "Snapshot Customer");
  const early = await createRepairOrder(a, { customerId: customer.id, vehicleId: order.vehicleId });
  await expect(issueInvoice(a, early.id)).rejects.toMatchObject({ code: "CONFLICT" });
  await expect(moveRepairOrder(a, order.id, "INVOICED")).rejects.toMatchObject({ code: "CONFLICT", message: "Issue the invoice to invoice a repair order." });

  const invoice = await issueInvoice(a, order.id);
  expect(invoice).toMatchObject({ kind: "INVOICE", grossMinor: 21948, taxMinor: 3658, netMinor: 18290, currency: "GBP" });
  expect(Math.round((invoice.dueAt.getTime() - invoice.issuedAt.getTime()) / 86_400_000)).toBe(30);
  await expect(issueInvoice(a, order.id)).rejects.toMatchObject({ code: "CONFLICT" });

  await updateCustomer(a, customer.id, ZCustomer.parse({ kind: "PERSON", displayName: "Renamed Later" }));
  const { snapshot } = await invoiceView(a, invoice.id);
  expect(snapshot.billTo.name).toBe("Snapshot Customer");
  expect(snapshot.workshop).toMatchObject({ addressLine1: "12 Station Road", taxNumber: "GB123456789" });
  expect(snapshot.jobs[0]!.lines.map((l) => l.gross)).toEqual([12750, 9198]);
});

test("an issued invoice cannot be edited or deleted by the app, nor by the table owner", async () => {
  const { order } = await readyOrder(a, "Immutable Customer");
  const invoice = await issueInvoice(a, order.id);
  await expect(withTenant(a.orgId, (tx) => tx.invoice.updateMany({ where: { id: invoice.id }, data: { grossMinor: 1 } }))).rejects.toThrow(/permission denied/);
  await expect(withTenant(a.orgId, (tx) => tx.invoice.deleteMany({ where: { id: invoice.id } }))).rejects.toThrow(/permission denied/);
  for (const sql of [`UPDATE "Invoice" SET "grossMinor" = 1, "netMinor" = 1, "taxMinor" = 0 WHERE id = $1`, `UPDATE "Invoice" SET snapshot = '{}' WHERE id = $1`, `DELETE FROM "Invoice" WHERE id = $1`]) {
    await expect(database.superuser.query(sql, [invoice.id])).rejects.toThrow(/issued invoice cannot change/);
  }
  await expect(database.superuser.query(`UPDATE "Payment" SET "amountMinor" = 1`)).resolves.toBeTruthy(); // no rows yet: nothing to refuse
  await recordPayment(a, pay(invoice.id, "10"));
  await expect(database.superuser.query(`UPDATE "Payment" SET "amountMinor" = 1 WHERE "invoiceId" = $1`, [invoice.id])).rejects.toThrow(/payment cannot change/);
  const after = await invoiceView(a, invoice.id);
  expect(after.invoice.grossMinor).toBe(21948);
});

test("invoice numbers under concurrent issuing: 1..n, no duplicate, none skipped", async () => {
  const { userId, orgSlug } = await signUp("inv-numbers");
  const ctx = await contextFor(userId, orgSlug);
  await db().organization.update({ where: { id: ctx.orgId }, data: { plan: "PROFESSIONAL" } });
  const orders = [];
  for (let i = 0; i < 8; i += 1) orders.push((await readyOrder(ctx, `Numbered ${i}`)).order);
  const invoices = await Promise.all(orders.map((order) => issueInvoice(ctx, order.id)));
  expect(invoices.map((inv) => inv.number).sort((x, y) => x - y)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
});

test("partial payments reduce the balance; overpaying is refused; paying in full closes the order", async () => {
  const { order } = await readyOrder(a, "Paying Customer");
  const invoice = await issueInvoice(a, order.id);
  for (const amount of ["-5", "0", "12.345", "abc"]) expect(ZRecordPayment.safeParse({ invoiceId: invoice.id, method: "CASH", amount }).success).toBe(false);
  expect(ZRecordPayment.safeParse({ invoiceId: invoice.id, method: "CHEQUE", amount: "5" }).success).toBe(false);

  expect((await recordPayment(a, pay(invoice.id, "100", "CASH"))).balanceMinor).toBe(11948);
  await expect(recordPayment(a, pay(invoice.id, "119.49"))).rejects.toMatchObject({ code: "VALIDATION_FAILED", fields: { amount: "The balance due is 119.48." } });
  expect((await invoiceView(a, invoice.id)).money).toEqual({ creditedMinor: 0, paidMinor: 10000, balanceMinor: 11948 });
  // Two payments of the full balance at once: one wins, the other is refused.
  const results = await Promise.allSettled([recordPayment(a, pay(invoice.id, "119.48")), recordPayment(a, pay(invoice.id, "119.48", "BANK_TRANSFER"))]);
  expect(results.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);
  expect((await invoiceView(a, invoice.id)).money).toEqual({ creditedMinor: 0, paidMinor: 21948, balanceMinor: 0 });
  const closed = await withTenant(a.orgId, (tx) => tx.repairOrder.findFirstOrThrow({ where: { id: order.id } }));
  expect(closed.status).toBe("CLOSED");
  const unpaid = await listInvoices(a, { unpaidOnly: true });
  expect(unpaid.map((row) => row.id)).not.toContain(invoice.id);
});

test("a credit note cancels an invoice in full, sends the order back for correction, and the corrected invoice takes the next number", async () => {
  const { order } = await readyOrder(a, "Credited Customer");
  const invoice = await issueInvoice(a, order.id);
  await expect(issueCreditNote(a, { invoiceId: invoice.id, reason: "" })).rejects.toMatchObject({ code: "VALIDATION_FAILED", fields: { reason: expect.any(String) } });
  const credit = await issueCreditNote(a, { invoiceId: invoice.id, reason: "Pads charged twice" });
  expect(credit).toMatchObject({ kind: "CREDIT_NOTE", grossMinor: -21948, taxMinor: -3658, creditedInvoiceId: invoice.id });
  await expect(issueCreditNote(a, { invoiceId: invoice.id, reason: "Again" })).rejects.toMatchObject({ code: "CONFLICT" });
  await expect(recordPayment(a, pay(invoice.id, "1"))).rejects.toMatchObject({ code: "CONFLICT" });
  expect((await invoiceView(a, invoice.id)).money?.balanceMinor).toBe(0);
  const reopened = await withTenant(a.orgId, (tx) => tx.repairOrder.findFirstOrThrow({ where: { id: order.id } }));
  expect(reopened.status).toBe("READY");

  await moveRepairOrder(a, order.id, "IN_PROGRESS");
  const fix = await addJob(a, { repairOrderId: order.id, title: "Goodwill" });
  await addLine(a, ZAddLine.parse({ jobId: fix.id, kind: "DISCOUNT", description: "Sorry", quantity: "1", unitPrice: "10" }));
  // Extra work mid-job is approved on its own; the order stays in progress.
  await recordApproval(a, { repairOrderId: order.id, approverName: "Credited Customer", channel: "PHONE" }, { [fix.id]: "APPROVED" });
  expect((await withTenant(a.orgId, (tx) => tx.repairOrder.findFirstOrThrow({ where: { id: order.id } }))).status).toBe("IN_PROGRESS");
  await moveRepairOrder(a, order.id, "READY");
  const corrected = await issueInvoice(a, order.id);
  expect(corrected.number).toBeGreaterThan(invoice.number);
  expect(corrected.grossMinor).toBe(21948 - 1000);
});

test("workshop B gets 404 for A's invoices, payments, credit notes and estimates", async () => {
  const { order } = await readyOrder(a, "Private Invoice");
  const invoice = await issueInvoice(a, order.id);
  await expect(invoiceView(b, invoice.id)).rejects.toMatchObject({ code: "NOT_FOUND" });
  await expect(recordPayment(b, pay(invoice.id, "1"))).rejects.toMatchObject({ code: "NOT_FOUND" });
  await expect(issueCreditNote(b, { invoiceId: invoice.id, reason: "Steal" })).rejects.toMatchObject({ code: "NOT_FOUND" });
  await expect(issueInvoice(b, order.id)).rejects.toMatchObject({ code: "NOT_FOUND" });
  await expect(estimateDocument(b, order.id)).rejects.toMatchObject({ code: "NOT_FOUND" });
  expect((await listInvoices(b)).map((row) => row.id)).not.toContain(invoice.id);
  expect((await invoiceView(a, invoice.id)).money).toEqual({ creditedMinor: 0, paidMinor: 0, balanceMinor: 21948 });
});

test("the invoice PDF carries the workshop, customer, car, lines and the tax breakdown", async () => {
  const { order } = await readyOrder(a, "Pdf Customer");
  const invoice = await issueInvoice(a, order.id);
  const { snapshot } = await invoiceView(a, invoice.id);
  const pdf = await renderDocumentPdf({ title: `Invoice ${invoice.number}`, date: invoice.issuedAt, dueAt: invoice.dueAt, snapshot });
  expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
  const file = path.join(scratchDir("invoice-pdf"), "invoice.pdf");
  writeFileSync(file, pdf);
  const text = execFileSync("pdftotext", ["-layout", file, "-"]).toString();
  for (const expected of [`Invoice ${invoice.number}`, "12 Station Road", "VAT no. GB123456789", "Pdf Customer", "INV 123", "Ford Focus", "Fit pads", "£127.50", "£91.98", "Tax at 20% on £182.90", "£36.58", "£219.48"]) {
    expect(text).toContain(expected);
  }
  const estimate = await estimateDocument(a, order.id);
  expect(estimate.title).toBe(`Estimate ${order.number}`);
});

test("workshop details and rates: bad input changes nothing; new rates apply to new work, never to issued invoices", async () => {
  const { userId, orgSlug } = await signUp("inv-settings");
  const ctx = await contextFor(userId, orgSlug);
  const details = { addressLine1: "9 Forge Row", city: "Hull", postcode: "HU1 1AA", phone: "01482 000000", email: "Desk@Forge.test", taxNumber: "GB1", pricesIncludeTax: "no" as const, defaultTaxRate: "20", labourRate: "92.50" };
  for (const bad of [{ labourRate: "92.505" }, { labourRate: "-1" }, { defaultTaxRate: "120" }, { email: "not-an-email" }, { pricesIncludeTax: "maybe" }]) {
    await expect(updateWorkshopDetails(ctx, { ...details, ...bad } as typeof details)).rejects.toMatchObject({ code: "VALIDATION_FAILED", fields: { [Object.keys(bad)[0]!]: expect.any(String) } });
  }
  expect(await db().organization.findUniqueOrThrow({ where: { id: ctx.orgId } })).toMatchObject({ labourRateMinor: 8500, pricesIncludeTax: true, addressLine1: null });
  await expect(updateWorkshopDetails(b, details).then(() => db().organization.findUniqueOrThrow({ where: { id: ctx.orgId } }))).resolves.toMatchObject({ labourRateMinor: 8500 });
  await updateWorkshopDetails(ctx, details);
  expect(await db().organization.findUniqueOrThrow({ where: { id: ctx.orgId } })).toMatchObject({ labourRateMinor: 9250, pricesIncludeTax: false, email: "desk@forge.test", defaultTaxRateBp: 2000 });
  const { order } = await readyOrder(ctx, "Rate Customer");
  const invoice = await issueInvoice(ctx, order.id);
  // 1.5 h x 92.50 = 138.75 + pads 91.98 = 230.73 net, plus 20 % = 46.15 (27.75 + 18.40).
  expect(invoice).toMatchObject({ netMinor: 23073, taxMinor: 4615, grossMinor: 27688 });
  await updateWorkshopDetails(ctx, { ...details, labourRate: "100" });
  expect((await invoiceView(ctx, invoice.id)).invoice.grossMinor).toBe(27688);
});

test("only approved work is invoiced: pending work blocks ready and the invoice; an invoice moves only to a merged-away customer's survivor", async () => {
  const { order, customer } = await readyOrder(a, "Pending Customer");
  await moveRepairOrder(a, order.id, "IN_PROGRESS");
  const extra = await addJob(a, { repairOrderId: order.id, title: "Found: coolant leak" });
  await addLine(a, ZAddLine.parse({ jobId: extra.id, kind: "PART", description: "Hose", quantity: "1", unitPrice: "30" }));
  await expect(moveRepairOrder(a, order.id, "READY")).rejects.toMatchObject({ code: "CONFLICT", message: "Record the customer's decision on each job first." });
  await recordApproval(a, { repairOrderId: order.id, approverName: "Pending Customer", channel: "PHONE" }, { [extra.id]: "DECLINED" });
  await moveRepairOrder(a, order.id, "READY");
  const invoice = await issueInvoice(a, order.id);
  expect(invoice.grossMinor).toBe(21948);

  const other = await createCustomer(a, { kind: "PERSON", displayName: "Somebody Else" });
  // As the app role, through pg: the refusal comes at COMMIT (the check is deferred, so a merge can delete the duplicate last).
  const client = new pg.Client({ connectionString: database.appUrl });
  await client.connect();
  try {
    await client.query("BEGIN");
    await client.query("SELECT set_config('app.org_id', $1, true)", [a.orgId]);
    await client.query(`UPDATE "Invoice" SET "customerId" = $1 WHERE id = $2`, [other.id, invoice.id]);
    await expect(client.query("COMMIT")).rejects.toThrow(/merged away/);
  } finally {
    await client.end();
  }
  expect((await invoiceView(a, invoice.id)).invoice.customerId).toBe(customer.id);
});

test("today's figures: revenue is net of invoices less credit notes in the period, car count the orders invoiced and not credited, ARO their ratio", async () => {
  const { userId, orgSlug } = await signUp("inv-dashboard");
  const ctx = await contextFor(userId, orgSlug);
  await db().organization.update({ where: { id: ctx.orgId }, data: { plan: "PROFESSIONAL" } });
  const kept = await readyOrder(ctx, "Dash One");
  const credited = await readyOrder(ctx, "Dash Two");
  const third = await readyOrder(ctx, "Dash Three");
  await issueInvoice(ctx, kept.order.id);
  const cancelled = await issueInvoice(ctx, credited.order.id);
  await issueCreditNote(ctx, { invoiceId: cancelled.id, reason: "Wrong car" });
  // An invoice from 40 days ago (before this month began), written directly: the app only issues today.
  await database.superuser.query(
    `INSERT INTO "Invoice" ("organizationId", id, kind, number, "repairOrderId", "customerId", currency, "pricesIncludeTax", "netMinor", "taxMinor", "grossMinor", snapshot, "issuedByUserId", "issuedAt", "dueAt")
     VALUES ($1, gen_random_uuid(), 'INVOICE', 99, $2, $3, 'GBP', true, 50000, 10000, 60000, '{}', $4, now() - interval '40 days', now())`,
    [ctx.orgId, third.order.id, third.customer.id, ctx.userId],
  );
  for (const period of ["day", "week", "month"] as const) {
    // One order invoiced and kept: net 182.90. The credited one nets to zero and is not a car.
    expect({ period, ...(await workshopDay(ctx, period)).figures }).toEqual({ period, revenueMinor: 18290, carCount: 1, averageRepairOrderMinor: 18290 });
  }
  const day = await workshopDay(ctx, "day");
  expect(day.readyForPickup.map((o) => o.number).sort()).toEqual([credited.order.number, third.order.number].sort());
  // A technician sees the floor but not the money.
  const tech = await joinWorkshop(ctx, "TECHNICIAN", "dash-tech");
  expect((await workshopDay(tech, "day")).figures).toBeNull();
  expect((await workshopDay(b, "month")).figures).toMatchObject({ carCount: 0, revenueMinor: 0 });
});
