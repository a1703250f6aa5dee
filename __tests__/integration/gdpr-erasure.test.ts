// GDPR erasure (Art. 17) and closing a workshop, against a real Postgres. The
// subject is seeded everywhere a person leaves a trace (contacts, vehicle,
// booking, repair order, inspection note and photo, approval by link, invoice
// and payment, reminder, mails, audit entries); after the job the WHOLE
// database, every schema and every text or JSON column, is searched for them
// as a superuser. Workshop B is the bystander that must not change.
import { randomBytes } from "node:crypto";
import { access, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { answerEstimate } from "@/lib/approvals/customer-estimate";
import { sendApprovalLink } from "@/lib/approvals/send-approval-link";
import { createAppointment } from "@/lib/appointments/create-appointment";
import { addInspectionPhoto } from "@/lib/attachments/add-inspection-photo";
import { verifyOrganizationChain } from "@/lib/audit/verify-chain";
import { addCustomerContact } from "@/lib/customers/customer-contacts";
import { createCustomer } from "@/lib/customers/create-customer";
import { updateCustomer } from "@/lib/customers/update-customer";
import { ZCustomer } from "@/lib/customers/customer-input";
import { db, withTenant } from "@/lib/db";
import { reloadServerEnv } from "@/lib/env";
import { cancelErasure } from "@/lib/gdpr/erasure/cancel-erasure";
import { confirmCustomerName, confirmWorkshopSlug } from "@/lib/gdpr/erasure/confirm-typed";
import { addLegalMonth, erasureSchedule } from "@/lib/gdpr/erasure/deadlines";
import { requestClosure } from "@/lib/gdpr/erasure/request-closure";
import { requestErasure } from "@/lib/gdpr/erasure/request-erasure";
import { runDueErasures } from "@/lib/gdpr/erasure/run-due-erasures";
import { exportFileKey, exportFileStore } from "@/lib/gdpr/export/export-file-store";
import { sendJob, stopJobProducer } from "@/lib/jobs/send-job";
import { startJobWorkers } from "@/lib/jobs/workers";
import { createTemplate } from "@/lib/inspections/create-template";
import { inspectionView } from "@/lib/inspections/inspection-view";
import { rateItem } from "@/lib/inspections/rate-item";
import { startInspection } from "@/lib/inspections/start-inspection";
import { addTemplateItem } from "@/lib/inspections/template-items";
import { issueInvoice } from "@/lib/invoices/issue-invoice";
import { recordPayment } from "@/lib/invoices/record-payment";
import { loadOrgContext, type OrgContext } from "@/lib/org/context";
import { sendDueReminders } from "@/lib/reminders/send-due-reminders";
import { createRepairOrder } from "@/lib/repair-orders/create-repair-order";
import { addJob, addLine, ZAddLine } from "@/lib/repair-orders/edit-jobs";
import { moveRepairOrder } from "@/lib/repair-orders/move-repair-order";
import { addVehicle, ZVehicle } from "@/lib/vehicles/save-vehicle";
import { useFakeStripe } from "../support/billing";
import type { FakeStripe } from "../support/fake-stripe";
import { contextFor, joinWorkshop, lastMailTo, linkIn, signUp } from "../support/accounts";
import { createTestDatabase, type TestDatabase } from "../support/test-database";

let database: TestDatabase;
let folder: string;
let stripe: FakeStripe;
let a: OrgContext;
let b: OrgContext;
let jpeg: Buffer;
const DAY = 86_400_000;
const later = (days: number) => new Date(Date.now() + days * DAY);

beforeAll(async () => {
  database = await createTestDatabase({ poolSize: 10 });
  folder = await mkdtemp(path.join(os.tmpdir(), "awms-erasure-"));
  process.env.ATTACHMENTS_DIR = folder;
  stripe = await useFakeStripe();
  jpeg = await readFile(path.join(__dirname, "../fixtures/brake-pad.jpg"));
  const first = await signUp("erase-a");
  const second = await signUp("erase-b");
  a = await contextFor(first.userId, first.orgSlug);
  b = await contextFor(second.userId, second.orgSlug);
  await db().organization.update({ where: { id: a.orgId }, data: { plan: "PROFESSIONAL" } });
});

afterAll(async () => {
  await stopJobProducer();
  delete process.env.ATTACHMENTS_DIR;
  reloadServerEnv();
  await stripe.close();
  await rm(folder, { recursive: true, force: true });
  await database.drop();
});

/** A person's unique traces: every value is searched for in the whole database after the erasure. */
function uniquePerson() {
  const tag = randomBytes(4).toString("hex");
  const digits = String(parseInt(tag, 16) % 10_000_000).padStart(7, "0");
  const plate = `Q${digits.slice(0, 2)} ${tag.slice(0, 3).toUpperCase()}`;
  return {
    name: `Quirinus Zabludowicz ${tag}`,
    email: `quirinus.${tag}@erase.test`,
    phone: `+44 7700 ${digits}`,
    address: `${digits.slice(0, 3)} Verbena ${tag} Road`,
    plate,
    plateKey: plate.replace(/\s/g, ""),
    contactName: `Yolanda Contact ${tag}`,
    contactEmail: `yolanda.${tag}@erase.test`,
    approver: `Q. Zabludowicz ${tag}`,
    note: `private-note-${tag}`,
    userAgent: `ErasureTestPhone/${tag}`,
    ip: `198.51.${Number(digits.slice(0, 2)) + 1}.${100 + Number(digits.slice(2, 4))}`,
  };
}
type Person = ReturnType<typeof uniquePerson>;

async function locationOf(ctx: OrgContext) {
  return (await withTenant(ctx.orgId, (tx) => tx.location.findFirstOrThrow({ select: { id: true } }))).id;
}

/** The person everywhere: returns their ids and the photo's file. */
async function seedPerson(ctx: OrgContext, person: Person) {
  const customer = await createCustomer(ctx, ZCustomer.parse({
    displayName: person.name, email: person.email, phone: person.phone, addressLine1: person.address, city: "Ipswich", postcode: "IP1 1AA",
    reminderConsent: "on", notes: `Prefers mornings ${person.note}`,
  }));
  await updateCustomer(ctx, customer.id, ZCustomer.parse({
    displayName: person.name, email: person.email, phone: person.phone, addressLine1: person.address, city: "Ipswich", postcode: "IP1 2BB",
    reminderConsent: "on", notes: `Prefers afternoons ${person.note}`,
  }));
  await addCustomerContact(ctx, { customerId: customer.id, name: person.contactName, email: person.contactEmail, role: "Partner" });
  const soon = new Date(Date.now() + 10 * DAY).toISOString().slice(0, 10);
  const vehicle = await addVehicle(ctx, customer.id, ZVehicle.parse({ registration: person.plate, make: "Volvo", model: "V70", year: "2012", nextServiceDue: soon }));
  const startsAt = new Date(Date.now() + 3 * DAY);
  startsAt.setUTCHours(10, 0, 0, 0);
  await createAppointment(ctx, {
    locationId: await locationOf(ctx), customerId: customer.id, vehicleId: vehicle.id,
    startsAt: startsAt.toISOString(), endsAt: new Date(startsAt.getTime() + 3_600_000).toISOString(), concerns: `Rattle at speed ${person.note}`,
  }, { source: "STAFF" });
  const order = await createRepairOrder(ctx, { customerId: customer.id, vehicleId: vehicle.id, concerns: `Squeal when braking ${person.note}` });
  const job = await addJob(ctx, { repairOrderId: order.id, title: "Front brakes" });
  await addLine(ctx, ZAddLine.parse({ jobId: job.id, kind: "PART", description: "Brake pads", quantity: "1", unitPrice: "80" }));
  const template = await createTemplate(ctx, { name: `Brake check ${randomBytes(3).toString("hex")}` });
  await addTemplateItem(ctx, { templateId: template.id, section: "Brakes", label: "Front brake pads", measurementUnit: "mm" });
  const inspection = await startInspection(ctx, { repairOrderId: order.id, templateId: template.id });
  const [pads] = (await inspectionView(ctx, inspection.id)).items;
  await rateItem(ctx, { itemId: pads!.id, rating: "RED", note: `Worn, ${person.name} was told ${person.note}`, measurement: "2" });
  const photo = await addInspectionPhoto(ctx, { inspectionItemId: pads!.id, bytes: jpeg, originalName: `${person.plateKey}.jpg` });

  await sendApprovalLink(ctx, { repairOrderId: order.id, email: person.email });
  const link = linkIn((await lastMailTo(person.email))?.text);
  const [, , slug, token] = link.pathname.split("/");
  await answerEstimate(slug!, token!, { approverName: person.approver, [`decision.${job.id}`]: "APPROVED" }, { ip: person.ip, userAgent: person.userAgent, requestId: "req-phone" });
  await moveRepairOrder(ctx, order.id, "IN_PROGRESS");
  await moveRepairOrder(ctx, order.id, "READY");
  const invoice = await issueInvoice(ctx, order.id);
  await recordPayment(ctx, { invoiceId: invoice.id, method: "CARD", amount: "20", reference: "card 4242" });
  return { customerId: customer.id, vehicleId: vehicle.id, orderId: order.id, invoiceId: invoice.id, photoFile: path.join(folder, photo.storageKey) };
}

const TEXT_TYPES = new Set(["text", "character varying", "character", "json", "jsonb", "ARRAY", "USER-DEFINED"]);

/** Every place in the database, any schema, where one of the values occurs (case-insensitive), as "schema.table.column". */
async function searchDatabase(values: string[]): Promise<string[]> {
  const columns = (await database.superuser.query<{ table_schema: string; table_name: string; column_name: string; data_type: string }>(
    `SELECT c.table_schema, c.table_name, c.column_name, c.data_type
       FROM information_schema.columns c JOIN information_schema.tables t USING (table_schema, table_name)
      WHERE t.table_type = 'BASE TABLE' AND c.table_schema NOT IN ('pg_catalog', 'information_schema')`,
  )).rows.filter((column) => TEXT_TYPES.has(column.data_type));
  const patterns = values.map((value) => `%${value.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`);
  const hits: string[] = [];
  for (const column of columns) {
    const table = `"${column.table_schema}"."${column.table_name}"`;
    const { rows } = await database.superuser.query<{ value: string }>(
      `SELECT "${column.column_name}"::text AS value FROM ${table} WHERE "${column.column_name}"::text ILIKE ANY($1::text[])`, [patterns],
    );
    for (const row of rows) {
      for (const value of values) if (row.value.toLowerCase().includes(value.toLowerCase())) hits.push(`${column.table_schema}.${column.table_name}.${column.column_name}: ${value}`);
    }
  }
  return [...new Set(hits)];
}

// The approving phone's address and user agent too: the customer's answer keeps them on the decision
// (cleared by erasure) and sealed in its audit entry (shredded), never in the audit log's clear columns.
const personValues = (person: Person) => [person.userAgent, person.ip, person.name, person.email, person.phone, person.address, person.plate, person.plateKey, person.contactName, person.contactEmail, person.approver, person.note];

/** Every row of every workshop table (and the workshop's own row) of one organization, as the superuser sees it. */
async function workshopRows(orgId: string, except: string[] = []): Promise<Record<string, unknown[]>> {
  const tables = (await database.superuser.query<{ table_name: string }>(
    `SELECT table_name FROM information_schema.columns WHERE table_schema = 'public' AND column_name = 'organizationId' ORDER BY table_name`,
  )).rows.map((row) => row.table_name).filter((table) => !except.includes(table));
  const rows: Record<string, unknown[]> = {};
  for (const table of tables) {
    rows[table] = (await database.superuser.query(`SELECT to_jsonb(t) AS row FROM "${table}" t WHERE "organizationId" = $1 ORDER BY to_jsonb(t)::text`, [orgId])).rows.map((r: { row: unknown }) => r.row);
  }
  rows.Organization = (await database.superuser.query(`SELECT to_jsonb(o) AS row FROM "Organization" o WHERE id = $1`, [orgId])).rows;
  return rows;
}

const customerRows = async (orgId: string, customerId: string) => ({
  customer: (await database.superuser.query(`SELECT to_jsonb(c) AS row FROM "Customer" c WHERE "organizationId" = $1 AND id = $2`, [orgId, customerId])).rows,
  vehicles: (await database.superuser.query(`SELECT to_jsonb(v) AS row FROM "Vehicle" v WHERE "organizationId" = $1 AND "customerId" = $2 ORDER BY id`, [orgId, customerId])).rows,
  orders: (await database.superuser.query(`SELECT to_jsonb(r) AS row FROM "RepairOrder" r WHERE "organizationId" = $1 AND "customerId" = $2 ORDER BY id`, [orgId, customerId])).rows,
  invoices: (await database.superuser.query(`SELECT to_jsonb(i) AS row FROM "Invoice" i WHERE "organizationId" = $1 AND "customerId" = $2 ORDER BY id`, [orgId, customerId])).rows,
  contacts: (await database.superuser.query(`SELECT to_jsonb(c) AS row FROM "CustomerContact" c WHERE "organizationId" = $1 AND "customerId" = $2 ORDER BY id`, [orgId, customerId])).rows,
});

/** A finished export holding the person's data, as the privacy-export job leaves it: READY, with its file in the store. */
async function readyExport(ctx: OrgContext, customerId: string | null, content: string) {
  const request = await withTenant(ctx.orgId, (tx) => tx.privacyRequest.create({
    data: {
      organizationId: ctx.orgId, kind: "EXPORT", scope: customerId ? "CUSTOMER" : "ORGANIZATION", customerId, status: "READY",
      requestedByUserId: ctx.userId, dueAt: later(30), expiresAt: later(7),
    },
  }));
  const key = exportFileKey(ctx.orgId, request.id);
  const store = exportFileStore();
  const local = path.join(await store.scratchDir(key), "built.zip");
  await writeFile(local, content);
  await store.save(key, local, { sha256: "0".repeat(64), byteSize: content.length });
  await withTenant(ctx.orgId, (tx) => tx.privacyRequest.updateMany({ where: { id: request.id }, data: { fileKey: key } }));
  return { id: request.id, file: path.join(folder, ...key.split("/")) };
}

const requestRow = (orgId: string, id: string) => withTenant(orgId, (tx) => tx.privacyRequest.findFirstOrThrow({ where: { id } }));
const exists = (file: string) => access(file).then(() => true, () => false);

describe("deadlines", () => {
  test("the legal month is a calendar month, clamped to the month's end; the grace period never outlasts it", () => {
    expect(addLegalMonth(new Date("2027-01-31T10:00:00Z")).toISOString()).toBe("2027-02-28T10:00:00.000Z");
    expect(addLegalMonth(new Date("2028-01-31T10:00:00Z")).toISOString()).toBe("2028-02-29T10:00:00.000Z");
    expect(addLegalMonth(new Date("2027-12-15T08:30:00Z")).toISOString()).toBe("2028-01-15T08:30:00.000Z");
    // March: the full 30 days fit inside the 31-day month.
    const march = erasureSchedule(new Date("2027-03-01T12:00:00Z"));
    expect(march).toEqual({ dueAt: new Date("2027-04-01T12:00:00Z"), executeAfter: new Date("2027-03-31T12:00:00Z") });
    // February: 28 days to the deadline; the grace ends a day before it (27 days).
    const february = erasureSchedule(new Date("2027-02-01T12:00:00Z"));
    expect(february).toEqual({ dueAt: new Date("2027-03-01T12:00:00Z"), executeAfter: new Date("2027-02-28T12:00:00Z") });
  });
});

describe("erasing a customer", () => {
  test("after the grace period the person is nowhere in the database or the file store; the invoice stays, anonymized; others are untouched", async () => {
    const person = uniquePerson();
    const other = uniquePerson();
    const bystander = uniquePerson();
    const subject = await seedPerson(a, person);
    const kept = await seedPerson(a, other);
    await seedPerson(b, bystander);
    await sendDueReminders();
    // The seed reached everywhere it should: otherwise the search below would prove nothing.
    expect((await searchDatabase([person.email])).sort()).toEqual(expect.arrayContaining([
      "public.Customer.email: " + person.email, "public.OutboxEmail.to: " + person.email, "public.ApprovalLink.sentTo: " + person.email,
    ]));
    expect(await searchDatabase([person.plate])).toEqual(expect.arrayContaining(["public.Vehicle.registration: " + person.plate, "public.Invoice.snapshot: " + person.plate]));
    expect(await searchDatabase([person.approver])).toEqual(["public.JobDecision.approverName: " + person.approver]);
    expect(await withTenant(a.orgId, (tx) => tx.serviceReminder.count({ where: { customerId: subject.customerId } }))).toBe(1);
    expect(await exists(subject.photoFile)).toBe(true);

    const ownExport = await readyExport(a, subject.customerId, person.name);
    const workshopExport = await readyExport(a, null, person.name);
    const othersExport = await readyExport(a, kept.customerId, other.name);
    expect(await exists(ownExport.file)).toBe(true);
    const otherBefore = await customerRows(a.orgId, kept.customerId);
    const workshopBBefore = await workshopRows(b.orgId);

    const request = await requestErasure(a, subject.customerId, `Asked by phone, ${person.name}`);
    expect(request).toMatchObject({ status: "SCHEDULED", scope: "CUSTOMER" });
    expect(request.executeAfter!.getTime()).toBeLessThan(request.dueAt.getTime());
    await expect(requestErasure(a, subject.customerId)).rejects.toMatchObject({ code: "CONFLICT" });
    // Not due yet: nothing runs.
    expect(await runDueErasures({ now: later(10) })).toEqual({ completed: 0, failed: 0 });
    expect((await requestRow(a.orgId, request.id)).status).toBe("SCHEDULED");

    expect(await runDueErasures({ now: later(31) })).toEqual({ completed: 1, failed: 0 });
    const done = await requestRow(a.orgId, request.id);
    expect(done).toMatchObject({ status: "COMPLETED", error: null });
    expect(done.completedAt).toBeInstanceOf(Date);

    expect(await searchDatabase(personValues(person))).toEqual([]);
    expect(await exists(subject.photoFile)).toBe(false);
    expect(await exists(kept.photoFile)).toBe(true);
    // Exports holding the person (theirs, the whole workshop's) are gone; another customer's is not.
    for (const held of [ownExport, workshopExport]) {
      expect(await exists(held.file)).toBe(false);
      expect(await requestRow(a.orgId, held.id)).toMatchObject({ status: "COMPLETED", fileKey: null });
    }
    expect(await exists(othersExport.file)).toBe(true);
    expect((await requestRow(a.orgId, othersExport.id)).status).toBe("READY");

    // The invoice and its payment stay, under the erased name; the amounts are untouched.
    const invoice = await withTenant(a.orgId, (tx) => tx.invoice.findFirstOrThrow({ where: { id: subject.invoiceId }, include: { payments: true } }));
    const snapshot = invoice.snapshot as { billTo: Record<string, unknown>; vehicle: Record<string, unknown>; repairOrder: Record<string, unknown>; jobs: unknown[] };
    expect(snapshot.billTo).toEqual({ name: `Erased customer ${subject.customerId.slice(-8)}`, addressLine1: null, city: null, postcode: null, email: null });
    expect(snapshot.vehicle).toMatchObject({ registration: null, vin: null, make: "Volvo", model: "V70" });
    expect(snapshot.repairOrder.concerns).toBeNull();
    expect(snapshot.jobs).toHaveLength(1);
    expect(invoice.grossMinor).toBe(8000);
    expect(invoice.payments.map((p) => p.amountMinor)).toEqual([2000]);
    const customer = await withTenant(a.orgId, (tx) => tx.customer.findFirstOrThrow({ where: { id: subject.customerId } }));
    expect(customer).toMatchObject({ displayName: `Erased customer ${subject.customerId.slice(-8)}`, email: null, phone: null, notes: null, reminderConsent: false });

    expect(await customerRows(a.orgId, kept.customerId)).toEqual(otherBefore);
    expect(await workshopRows(b.orgId)).toEqual(workshopBBefore);
    expect(await searchDatabase([other.name, other.plate, other.email])).not.toEqual([]);

    const chain = await verifyOrganizationChain(a.orgId);
    expect(chain).toMatchObject({ ok: true });
    const entries = await withTenant(a.orgId, (tx) => tx.auditLog.findMany({ where: { targetType: "PrivacyRequest", targetId: request.id }, orderBy: { seq: "asc" } }));
    expect(entries.map((entry) => entry.action)).toEqual(["gdpr.erasure.requested", "gdpr.erasure.completed"]);
    expect(entries[1]!.metadata).toMatchObject({ requestId: request.id, contacts: 1, vehicles: 1, photos: 1, invoices: 1, reminders: 1, auditKeys: 1, exports: 2 });
    expect(entries[1]!.actorUserId).toBeNull();

    // Done is done: another run changes nothing, and the customer cannot be erased twice.
    expect(await runDueErasures({ now: later(40) })).toEqual({ completed: 0, failed: 0 });
    await expect(requestErasure(a, subject.customerId)).rejects.toMatchObject({ code: "CONFLICT", message: expect.stringContaining("already been erased") });
  });

  test("cancelled within the grace period, an erasure changes nothing, and the job never runs it", async () => {
    const person = uniquePerson();
    const subject = await seedPerson(a, person);
    const before = await workshopRows(a.orgId, ["PrivacyRequest", "AuditLog"]);
    const outboxBefore = (await database.superuser.query(`SELECT to_jsonb(o) AS row FROM "OutboxEmail" o ORDER BY id`)).rows;

    const request = await requestErasure(a, subject.customerId, "Changed their mind later");
    expect(await withTenant(a.orgId, (tx) => tx.privacyRequest.count({ where: { customerId: subject.customerId, status: "SCHEDULED" } }))).toBe(1);
    await cancelErasure(a, request.id);
    await expect(cancelErasure(a, request.id)).rejects.toMatchObject({ code: "CONFLICT" });
    expect(await runDueErasures({ now: later(45) })).toEqual({ completed: 0, failed: 0 });

    expect(await requestRow(a.orgId, request.id)).toMatchObject({ status: "CANCELLED", cancelledByUserId: a.userId, startedAt: null, completedAt: null });
    expect(await workshopRows(a.orgId, ["PrivacyRequest", "AuditLog"])).toEqual(before);
    expect((await database.superuser.query(`SELECT to_jsonb(o) AS row FROM "OutboxEmail" o ORDER BY id`)).rows).toEqual(outboxBefore);
    expect(await exists(subject.photoFile)).toBe(true);
    const actions = (await withTenant(a.orgId, (tx) => tx.auditLog.findMany({ where: { targetId: request.id }, orderBy: { seq: "asc" } }))).map((e) => e.action);
    expect(actions).toEqual(["gdpr.erasure.requested", "gdpr.erasure.cancelled"]);
    // A new request may be filed after a cancellation.
    const again = await requestErasure(a, subject.customerId);
    await cancelErasure(a, again.id);
  });

  test("the forms' confirmations: the customer's name and the workshop's address, typed, or a field error", async () => {
    const customer = await createCustomer(a, { displayName: "Ada  Lovelace" });
    await expect(confirmCustomerName(a, customer.id, "Ada")).rejects.toMatchObject({
      code: "VALIDATION_FAILED", fields: { confirmName: "Type the name exactly as shown: Ada  Lovelace" },
    });
    await expect(confirmCustomerName(a, customer.id, " Ada Lovelace ")).resolves.toBeUndefined();
    await expect(confirmCustomerName(b, customer.id, "Ada Lovelace")).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(confirmWorkshopSlug(a, b.orgSlug)).rejects.toMatchObject({ code: "VALIDATION_FAILED", fields: { confirmSlug: `Type ${a.orgSlug} to confirm.` } });
    await expect(confirmWorkshopSlug(a, a.orgSlug)).resolves.toBeUndefined();
  });

  test("the hourly privacy-erasures job, through pg-boss, runs a request whose grace period has passed", async () => {
    const customer = await createCustomer(a, { displayName: "Jobrun Erasable", email: "jobrun.erasable@erase.test" });
    const request = await requestErasure(a, customer.id);
    // The grace period over, as the clock will see it in 30 days.
    await database.superuser.query(`UPDATE "PrivacyRequest" SET "executeAfter" = now() - interval '1 minute' WHERE id = $1`, [request.id]);
    const workers = await startJobWorkers({ connectionString: database.appUrl, pollingIntervalSeconds: 0.5, jobs: ["privacy-erasures"] });
    try {
      const jobId = await sendJob("privacy-erasures");
      const deadline = Date.now() + 20_000;
      while ((await workers.boss.getJobById("privacy-erasures", jobId!))?.state !== "completed") {
        if (Date.now() > deadline) throw new Error("the privacy-erasures job did not complete");
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    } finally {
      await workers.stop({ timeoutMs: 5_000 });
    }
    expect((await requestRow(a.orgId, request.id)).status).toBe("COMPLETED");
    expect(await searchDatabase(["Jobrun Erasable", "jobrun.erasable@erase.test"])).toEqual([]);
  });

  test("after the grace period a request can no longer be cancelled", async () => {
    const customer = await createCustomer(a, { displayName: "Late Canceller" });
    const request = await requestErasure(a, customer.id);
    await expect(cancelErasure(a, request.id, later(31))).rejects.toMatchObject({ code: "CONFLICT" });
    await cancelErasure(a, request.id);
  });

  test("only owners and admins erase; another workshop's customers and requests are not found", async () => {
    const customer = await createCustomer(a, { displayName: "Permission Subject" });
    const technician = await joinWorkshop(a, "TECHNICIAN", "erase-tech");
    const advisor = await joinWorkshop(a, "SERVICE_ADVISOR", "erase-advisor");
    const admin = await joinWorkshop(a, "ADMIN", "erase-admin");
    await expect(requestErasure(technician, customer.id)).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(requestErasure(advisor, customer.id)).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(requestErasure(b, customer.id)).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(requestErasure(a, "not-a-uuid")).rejects.toMatchObject({ code: "NOT_FOUND" });

    const request = await requestErasure(admin, customer.id);
    await expect(cancelErasure(technician, request.id)).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(cancelErasure(b, request.id)).rejects.toMatchObject({ code: "NOT_FOUND" });
    await cancelErasure(admin, request.id);

    await expect(requestClosure(admin)).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(requestClosure(advisor)).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect(await withTenant(a.orgId, (tx) => tx.privacyRequest.count({ where: { kind: "ERASURE", scope: "ORGANIZATION" } }))).toBe(0);
  });
});

describe("closing a workshop", () => {
  test("after the grace period only the retained invoices and the rows they need remain, anonymized; Stripe is cancelled once; nobody opens it again", async () => {
    const signup = await signUp("erase-close");
    const owner = await contextFor(signup.userId, signup.orgSlug);
    const admin = await joinWorkshop(owner, "ADMIN", "close-admin");
    const person = uniquePerson();
    const second = uniquePerson();
    const invoiced = await seedPerson(owner, person);
    const uninvoiced = await createCustomer(owner, { displayName: second.name, email: second.email, phone: second.phone });
    await addVehicle(owner, uninvoiced.id, ZVehicle.parse({ registration: second.plate }));
    const stripeCustomer = `cus_close_${randomBytes(3).toString("hex")}`;
    const subscription = stripe.createSubscription(stripeCustomer, "price_fake_starter");
    await db().organization.update({ where: { id: owner.orgId }, data: { stripeCustomerId: stripeCustomer, stripeSubscriptionId: subscription.id, subscriptionStatus: "ACTIVE", plan: "STARTER" } });
    const workshopBBefore = await workshopRows(b.orgId);

    const finalExport = await readyExport(owner, null, person.name);
    const closure = await requestClosure(owner);
    await expect(requestClosure(owner)).rejects.toMatchObject({ code: "CONFLICT" });
    // A customer erasure pending at closure is done by it.
    const pending = await requestErasure(owner, uninvoiced.id);
    expect(await runDueErasures({ now: later(5) })).toEqual({ completed: 0, failed: 0 });

    // Stripe down: the closure fails with words, changes nothing, and is retried.
    stripe.failSubscriptionReads(20);
    expect(await runDueErasures({ now: later(31) })).toEqual({ completed: 0, failed: 1 });
    expect(await requestRow(owner.orgId, closure.id)).toMatchObject({ status: "FAILED", error: expect.stringContaining("Stripe") });
    expect(await loadOrgContext(owner.userId, owner.orgSlug, { ip: null, userAgent: null, requestId: null })).not.toBeNull();
    expect(await withTenant(owner.orgId, (tx) => tx.membership.count())).toBe(2);
    stripe.failSubscriptionReads(0);

    const cancels = () => stripe.requests.filter((line) => line === `DELETE /v1/subscriptions/${subscription.id}`).length;
    expect(await runDueErasures({ now: later(31) })).toEqual({ completed: 1, failed: 0 });
    expect(cancels()).toBe(1);
    expect(stripe.subscriptions.get(subscription.id)!.status).toBe("canceled");
    expect(await runDueErasures({ now: later(40) })).toEqual({ completed: 0, failed: 0 });
    expect(cancels()).toBe(1);

    const rows = await workshopRows(owner.orgId);
    const counts = Object.fromEntries(Object.entries(rows).filter(([, list]) => list.length > 0).map(([table, list]) => [table, list.length]));
    expect(counts).toEqual({ Organization: 1, Invoice: 1, Payment: 1, RepairOrder: 1, Vehicle: 1, Customer: 2, PrivacyRequest: 3, AuditLog: expect.any(Number) });
    expect(await searchDatabase([...personValues(person), second.name, second.email, second.phone, second.plate])).toEqual([]);
    expect(await exists(invoiced.photoFile)).toBe(false);
    expect(await exists(finalExport.file)).toBe(false);
    expect(await requestRow(owner.orgId, pending.id)).toMatchObject({ status: "COMPLETED" });
    const organization = await db().organization.findUniqueOrThrow({ where: { id: owner.orgId } });
    expect(organization).toMatchObject({ slug: owner.orgSlug, subscriptionStatus: "CANCELED", onlineBookingEnabled: false });
    expect(organization.closedAt).toBeInstanceOf(Date);

    for (const member of [owner, admin]) {
      expect(await loadOrgContext(member.userId, member.orgSlug, { ip: null, userAgent: null, requestId: null })).toBeNull();
    }
    expect(await verifyOrganizationChain(owner.orgId)).toMatchObject({ ok: true });
    const completed = await withTenant(owner.orgId, (tx) => tx.auditLog.findFirstOrThrow({ where: { action: "organization.closure.completed" } }));
    expect(completed.metadata).toMatchObject({ requestId: closure.id, subscriptionsCancelled: 1, customersAnonymized: 2 });
    expect(await workshopRows(b.orgId)).toEqual(workshopBBefore);
  });

  test("an owner may cancel a closure within the grace period, and the workshop carries on", async () => {
    const signup = await signUp("erase-keep");
    const owner = await contextFor(signup.userId, signup.orgSlug);
    await createCustomer(owner, { displayName: "Still Here" });
    const closure = await requestClosure(owner);
    const admin = await joinWorkshop(owner, "ADMIN", "keep-admin");
    await expect(cancelErasure(admin, closure.id)).rejects.toMatchObject({ code: "FORBIDDEN" });
    await cancelErasure(owner, closure.id);
    expect(await runDueErasures({ now: later(40) })).toEqual({ completed: 0, failed: 0 });
    expect(await loadOrgContext(owner.userId, owner.orgSlug, { ip: null, userAgent: null, requestId: null })).not.toBeNull();
    expect(await withTenant(owner.orgId, (tx) => tx.customer.count())).toBe(1);
    expect((await db().organization.findUniqueOrThrow({ where: { id: owner.orgId } })).closedAt).toBeNull();
  });

  test("the database refuses the closure purge and anonymized invoices unless an erasure is running", async () => {
    await expect(withTenant(b.orgId, (tx) => tx.$queryRaw`SELECT gdpr_close_workshop_purge(${b.orgId}::uuid)`)).rejects.toThrow(/no running closure/);
    await expect(withTenant(b.orgId, (tx) => tx.$queryRaw`SELECT gdpr_close_workshop_purge(${a.orgId}::uuid)`)).rejects.toThrow(/only in that workshop/);
    await expect(withTenant(a.orgId, (tx) => tx.$executeRaw`UPDATE "Invoice" SET snapshot = gdpr_anonymized_invoice_snapshot(snapshot, NULL)`)).rejects.toThrow(/cannot change/);
    await expect(withTenant(a.orgId, (tx) => tx.$executeRaw`UPDATE "JobDecision" SET "approverName" = 'someone else', ip = NULL, "userAgent" = NULL`)).rejects.toThrow(/cannot change/);
  });
});
