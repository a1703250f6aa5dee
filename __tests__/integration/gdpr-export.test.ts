// GDPR export (Art. 15/20): a customer's export holds every record of theirs,
// field by field, and nothing of another customer or workshop; the whole
// workshop's export holds every customer of the workshop and none of another's;
// the job runs through pg-boss; the download needs a signed, unexpired link AND
// a member allowed to export; the API serves admin keys only.
import { createHash, randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { createApiKey } from "@/lib/api-keys/create-api-key";
import { audit } from "@/lib/audit/audit";
import { db, withTenant } from "@/lib/db";
import { reloadServerEnv } from "@/lib/env";
import { checkDownloadLink, downloadPath } from "@/lib/gdpr/export/download-link";
import { openExportDownload } from "@/lib/gdpr/export/open-export";
import { removeExpiredExports } from "@/lib/gdpr/export/remove-expired-exports";
import { requestExport } from "@/lib/gdpr/export/request-export";
import { stopJobProducer } from "@/lib/jobs/send-job";
import { startJobWorkers, type JobWorkers } from "@/lib/jobs/workers";
import type { OrgContext } from "@/lib/org/context";
import { attachmentStore } from "@/lib/storage/attachment-store";
import { newStorageKey } from "@/lib/storage/storage-key";
import { withCheckDigit } from "@/lib/vehicles/vin";
import type { ApiRouteHandler } from "@/lib/api/api-route";
import { contextFor, joinWorkshop, signUp } from "../support/accounts";
import { createTestDatabase, type TestDatabase } from "../support/test-database";
import { unzip } from "../support/unzip";

let database: TestDatabase;
let workers: JobWorkers;
let attachmentsDir: string;
let a: OrgContext;
let b: OrgContext;
const PHOTO = readFileSync(path.join(__dirname, "..", "fixtures", "brake-pad.jpg"));

/** What a seeded customer left in the workshop, and the values that identify them. */
interface Seeded {
  customerId: string;
  ids: Record<string, string>;
  /** name, email, phone, plate, VIN...: none may appear in anyone else's export */
  identifying: string[];
  tokenHash: string;
}

let serial = 0;

async function seedCustomer(ctx: OrgContext, label: string): Promise<Seeded> {
  serial += 1;
  const tag = `${label}${serial}${randomBytes(3).toString("hex")}`;
  const name = `Person ${tag}`;
  const email = `${tag.toLowerCase()}@customer.example`;
  const phone = `07700 9${String(100000 + serial * 7919).slice(-5)}`;
  const plate = `GD${serial}${tag.slice(-3).toUpperCase()}`;
  const vin = withCheckDigit(`WVWZZZAUZ${String(serial).padStart(2, "0")}P${String(100000 + serial).slice(-5)}`.slice(0, 17));
  const contactName = `Contact ${tag}`;
  const contactEmail = `contact-${tag.toLowerCase()}@fleet.example`;
  const tokenHash = randomBytes(32).toString("hex");
  const storageKey = newStorageKey(ctx.orgId);
  await attachmentStore().put(storageKey, PHOTO, "image/jpeg");
  const orgId = ctx.orgId;
  const ids = await withTenant(orgId, async (tx) => {
    const location = await tx.location.findFirstOrThrow({ select: { id: true } });
    const customer = await tx.customer.create({
      data: { organizationId: orgId, displayName: name, email, phone, addressLine1: `${serial} Privacy Lane`, city: "Leeds", postcode: "LS1 1AA", notes: `Notes about ${tag}` },
    });
    const contact = await tx.customerContact.create({ data: { organizationId: orgId, customerId: customer.id, name: contactName, email: contactEmail, phone: `0113 ${serial}00 000` } });
    const vehicle = await tx.vehicle.create({ data: { organizationId: orgId, customerId: customer.id, vin, registration: plate, make: "Volkswagen", model: "Golf", year: 2019, odometer: 42_000 } });
    const number = (await tx.repairOrder.count()) + 1;
    const order = await tx.repairOrder.create({
      data: { organizationId: orgId, number, status: "INVOICED", customerId: customer.id, billToCustomerId: customer.id, vehicleId: vehicle.id, odometerIn: 41_990, odometerOut: 42_000, concerns: `Squeal reported by ${name}` },
    });
    const job = await tx.job.create({ data: { organizationId: orgId, repairOrderId: order.id, position: 1, title: "Front brake pads", approval: "APPROVED" } });
    const labour = await tx.jobLine.create({ data: { organizationId: orgId, jobId: job.id, kind: "LABOUR", description: "Fit pads", quantityMilli: 1000, unitPriceMinor: 8500, taxRateBp: 2000, technicianUserId: ctx.userId } });
    const part = await tx.jobLine.create({ data: { organizationId: orgId, jobId: job.id, kind: "PART", description: "Brake pad set", quantityMilli: 1000, unitPriceMinor: 4500, unitCostMinor: 2500, taxRateBp: 2000, partStatus: "FITTED" } });
    const appointment = await tx.appointment.create({
      data: { organizationId: orgId, locationId: location.id, customerId: customer.id, vehicleId: vehicle.id, startsAt: new Date(`2027-01-${10 + serial}T09:00:00Z`), endsAt: new Date(`2027-01-${10 + serial}T10:00:00Z`), status: "CONVERTED", repairOrderId: order.id, concerns: "Brakes" },
    });
    const inspection = await tx.inspection.create({ data: { organizationId: orgId, repairOrderId: order.id, title: "Full vehicle check", status: "COMPLETED", completedAt: new Date() } });
    const item = await tx.inspectionItem.create({
      data: { organizationId: orgId, inspectionId: inspection.id, position: 1, section: "Brakes", label: "Front pads", rating: "RED", note: "2 mm left", measurementUnit: "mm", measurementMilli: 2000, proposedJobId: job.id },
    });
    const photo = await tx.attachment.create({
      data: { organizationId: orgId, inspectionItemId: item.id, storage: "DISK", storageKey, contentType: "image/jpeg", byteSize: PHOTO.length, sha256: createHash("sha256").update(PHOTO).digest("hex"), originalName: "pads.jpg", uploadedByUserId: ctx.userId },
    });
    const link = await tx.approvalLink.create({ data: { organizationId: orgId, repairOrderId: order.id, tokenHash, sentTo: email, sentByUserId: ctx.userId, expiresAt: new Date(Date.now() + 86_400_000), usedAt: new Date() } });
    const decision = await tx.jobDecision.create({
      data: { organizationId: orgId, repairOrderId: order.id, jobId: job.id, decision: "APPROVED", channel: "LINK", approverName: name, grossMinor: 15_600, approvalLinkId: link.id, ip: "198.51.100.99", userAgent: "Phone browser" },
    });
    const invoiceNumber = (await tx.invoice.count()) + 1;
    const invoice = await tx.invoice.create({
      data: {
        organizationId: orgId, kind: "INVOICE", number: invoiceNumber, repairOrderId: order.id, customerId: customer.id, currency: "GBP", pricesIncludeTax: true,
        netMinor: 13_000, taxMinor: 2_600, grossMinor: 15_600, snapshot: { customer: { name, email }, vehicle: { registration: plate } }, issuedByUserId: ctx.userId, dueAt: new Date(),
      },
    });
    const payment = await tx.payment.create({ data: { organizationId: orgId, invoiceId: invoice.id, method: "CARD", amountMinor: 15_600, reference: `card ${tag}`, recordedByUserId: ctx.userId } });
    const reminder = await tx.serviceReminder.create({ data: { organizationId: orgId, vehicleId: vehicle.id, customerId: customer.id, kind: "SERVICE", dueOn: new Date("2027-06-01"), sentAt: new Date() } });
    const mail = await audit(tx, { orgId, userId: ctx.userId }, "appointment.confirmation_sent", { type: "Appointment", id: appointment.id }, { startsAt: appointment.startsAt.toISOString() });
    return {
      customer: customer.id, contact: contact.id, vehicle: vehicle.id, order: order.id, job: job.id, labour: labour.id, part: part.id, appointment: appointment.id,
      inspection: inspection.id, item: item.id, photo: photo.id, link: link.id, decision: decision.id, invoice: invoice.id, payment: payment.id, reminder: reminder.id, mail: mail.id,
    };
  });
  return { customerId: ids.customer, ids, identifying: [ids.customer, name, email, phone, plate, vin, contactName, contactEmail, tag], tokenHash };
}

let c1: Seeded;
let c2: Seeded;
let cb: Seeded;

beforeAll(async () => {
  database = await createTestDatabase({ poolSize: 10 });
  attachmentsDir = await mkdtemp(path.join(tmpdir(), "awms-gdpr-export-"));
  process.env.ATTACHMENTS_DIR = attachmentsDir;
  reloadServerEnv();
  const first = await signUp("gdpr-a");
  const second = await signUp("gdpr-b");
  for (const { orgSlug } of [first, second]) await db().organization.update({ where: { slug: orgSlug }, data: { plan: "PROFESSIONAL" } });
  a = await contextFor(first.userId, first.orgSlug);
  b = await contextFor(second.userId, second.orgSlug);
  c1 = await seedCustomer(a, "one");
  c2 = await seedCustomer(a, "two");
  cb = await seedCustomer(b, "bee");
  workers = await startJobWorkers({ connectionString: database.appUrl, pollingIntervalSeconds: 0.5, jobs: ["privacy-export"] });
}, 60_000);

afterAll(async () => {
  await workers?.stop({ timeoutMs: 5_000 });
  await stopJobProducer();
  await database.drop();
  await rm(attachmentsDir, { recursive: true, force: true });
  delete process.env.ATTACHMENTS_DIR;
  reloadServerEnv();
});

async function untilSettled(ctx: OrgContext, requestId: string) {
  for (let i = 0; i < 120; i += 1) {
    const request = await withTenant(ctx.orgId, (tx) => tx.privacyRequest.findFirstOrThrow({ where: { id: requestId } }));
    if (request.status !== "QUEUED" && request.status !== "RUNNING") return request;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error("the export did not finish within 30 s");
}

async function readAll(stream: ReadableStream<Uint8Array>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream as unknown as AsyncIterable<Uint8Array>) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks);
}

const linkOf = (ctx: OrgContext, requestId: string, now = new Date()) => {
  const url = new URL(downloadPath(ctx.orgSlug, ctx.orgId, requestId, now), "http://awms.test");
  return { expires: url.searchParams.get("expires"), sig: url.searchParams.get("sig") };
};

const downloadedEntries = (orgId: string, requestId: string) =>
  withTenant(orgId, (tx) => tx.auditLog.count({ where: { action: "gdpr.export.downloaded", targetId: requestId } }));

async function exportOf(ctx: OrgContext, input: Parameters<typeof requestExport>[1]) {
  const request = await requestExport(ctx, input);
  expect(request).toMatchObject({ status: "QUEUED", kind: "EXPORT" });
  const done = await untilSettled(ctx, request.id);
  expect({ status: done.status, error: done.error }).toEqual({ status: "READY", error: null });
  const download = await openExportDownload(ctx, request.id, { link: linkOf(ctx, request.id) });
  const zip = await readAll(download.stream);
  expect(zip.length).toBe(Number(done.byteSize));
  expect(createHash("sha256").update(zip).digest("hex")).toBe(done.sha256);
  return { request: done, files: unzip(zip), zip };
}

const json = <T = Array<Record<string, unknown>>>(files: Map<string, Buffer>, name: string): T => {
  const bytes = files.get(name);
  if (!bytes) throw new Error(`${name} is not in the export`);
  return JSON.parse(bytes.toString("utf8")) as T;
};

/** The database row as JSON would carry it, cut to the fields the export wrote (calendar dates as YYYY-MM-DD). */
const asWritten = (row: object, docs: Record<string, string>) => {
  const plain = JSON.parse(JSON.stringify(row)) as Record<string, unknown>;
  return Object.fromEntries(
    Object.entries(docs).map(([field, doc]) => [field, doc.startsWith("date (YYYY-MM-DD)") && typeof plain[field] === "string" ? (plain[field] as string).slice(0, 10) : plain[field]]),
  );
};

function allText(files: Map<string, Buffer>): string {
  return [...files.entries()].filter(([name]) => !name.startsWith("photos/")).map(([name, bytes]) => `${name}\n${bytes.toString("utf8")}`).join("\n");
}

describe("one customer's export", () => {
  let files: Map<string, Buffer>;
  let requestId: string;

  beforeAll(async () => {
    const result = await exportOf(a, { scope: "CUSTOMER", customerId: c1.customerId });
    files = result.files;
    requestId = result.request.id;
    expect(result.request).toMatchObject({ customerId: c1.customerId, scope: "CUSTOMER", progressTotal: expect.any(Number) });
    expect(result.request.progressDone).toBe(result.request.progressTotal);
    // one month to answer; the file stays a week
    expect(result.request.dueAt.getTime() - result.request.createdAt.getTime()).toBeGreaterThanOrEqual(28 * 86_400_000);
    expect(result.request.expiresAt!.getTime() - Date.now()).toBeGreaterThan(6.9 * 86_400_000);
  }, 60_000);

  test("every record of the customer is there, each field as stored", async () => {
    const rows = await withTenant(a.orgId, async (tx) => ({
      "customers.json": await tx.customer.findMany({ where: { id: c1.customerId } }),
      "customer-contacts.json": await tx.customerContact.findMany({ where: { customerId: c1.customerId } }),
      "vehicles.json": await tx.vehicle.findMany({ where: { customerId: c1.customerId } }),
      "appointments.json": await tx.appointment.findMany({ where: { customerId: c1.customerId } }),
      "approvals.json": await tx.approvalLink.findMany({ where: { id: c1.ids.link } }),
      "job-decisions.json": await tx.jobDecision.findMany({ where: { id: c1.ids.decision } }),
      "service-reminders.json": await tx.serviceReminder.findMany({ where: { customerId: c1.customerId } }),
    }));
    const schema = json<{ files: Record<string, { fields: Record<string, string> }> }>(files, "schema.json");
    for (const [file, expected] of Object.entries(rows)) {
      const written = json(files, file);
      const fields = schema.files[file]!.fields;
      expect({ file, rows: written }).toEqual({ file, rows: expected.map((row) => asWritten(row, fields)) });
    }

    const [order] = json(files, "repair-orders.json");
    const dbOrder = await withTenant(a.orgId, (tx) => tx.repairOrder.findFirstOrThrow({ where: { id: c1.ids.order }, include: { jobs: { include: { lines: { orderBy: { id: "asc" } } } } } }));
    const orderFields = schema.files["repair-orders.json"]!.fields;
    expect(asWritten(order!, orderFields)).toEqual(asWritten(dbOrder, orderFields));
    const jobs = order!.jobs as Array<Record<string, unknown> & { lines: Array<Record<string, unknown>> }>;
    expect(jobs.map((job) => job.id)).toEqual([c1.ids.job]);
    expect(jobs[0]!.lines.map((line) => line.id)).toEqual([c1.ids.labour, c1.ids.part].sort());
    expect(jobs[0]!.lines.find((line) => line.id === c1.ids.part)).toMatchObject({ kind: "PART", quantityMilli: 1000, unitPriceMinor: 4500, unitCostMinor: 2500, partStatus: "FITTED" });

    const [inspection] = json(files, "inspections.json");
    expect(inspection).toMatchObject({ id: c1.ids.inspection, repairOrderId: c1.ids.order, status: "COMPLETED" });
    expect(inspection!.items).toEqual([expect.objectContaining({ id: c1.ids.item, rating: "RED", note: "2 mm left", measurementMilli: 2000, proposedJobId: c1.ids.job })]);

    const [invoice] = json(files, "invoices.json");
    expect(invoice).toMatchObject({ id: c1.ids.invoice, customerId: c1.customerId, grossMinor: 15_600, currency: "GBP" });
    expect(invoice!.payments).toEqual([expect.objectContaining({ id: c1.ids.payment, method: "CARD", amountMinor: 15_600 })]);

    const communications = json(files, "communications.json");
    expect(communications.map((mail) => [mail.kind, mail.aboutId])).toEqual([
      ["estimate-approval-link", c1.ids.order],
      ["appointment-confirmation", c1.ids.appointment],
      ["service-reminder", c1.ids.vehicle],
    ]);
    expect(communications[0]!.to).toBe(c1.identifying[2]);
  });

  test("the photo's bytes are in photos/, named by its id, exactly as uploaded", () => {
    const [photo] = json(files, "photos.json");
    expect(photo).toMatchObject({ id: c1.ids.photo, inspectionItemId: c1.ids.item, contentType: "image/jpeg", byteSize: PHOTO.length, file: `photos/${c1.ids.photo}.jpg` });
    expect(photo).not.toHaveProperty("storageKey");
    expect(files.get(`photos/${c1.ids.photo}.jpg`)!.equals(PHOTO)).toBe(true);
    expect([...files.keys()].filter((name) => name.startsWith("photos/"))).toEqual([`photos/${c1.ids.photo}.jpg`]);
  });

  test("nothing of the other customer, the other workshop, or any secret is anywhere in the archive", () => {
    const text = allText(files);
    for (const value of [...c2.identifying, ...cb.identifying, b.orgId, b.orgName, c2.ids.order!, c2.ids.photo!, cb.ids.order!]) {
      expect({ value, found: text.includes(value) }).toEqual({ value, found: false });
    }
    expect(text).not.toContain(c1.tokenHash);
    for (const secret of ["tokenHash", "keyHash", "passwordHash", "mfaSecret", "storageKey", "codeHash"]) expect(text).not.toContain(secret);
    // and no file of the workshop's own records
    for (const name of ["members.json", "api-keys.json", "parts.json", "locations.json"]) expect(files.has(name)).toBe(false);
  });

  test("metadata.json lists every file with its row count and SHA-256; schema.json describes every file and every field", () => {
    const metadata = json<{ scope: string; subject: unknown; workshop: { id: string }; awmsVersion: string; files: Array<{ file: string; rows: number | null; sha256: string; byteSize: number }> }>(files, "metadata.json");
    expect(metadata).toMatchObject({ scope: "CUSTOMER", subject: { type: "Customer", id: c1.customerId }, workshop: { id: a.orgId }, awmsVersion: expect.stringMatching(/^\d+\.\d+\.\d+/) });
    expect(metadata.files.map((file) => file.file).sort()).toEqual([...files.keys()].filter((name) => name !== "metadata.json").sort());
    for (const listed of metadata.files) {
      const bytes = files.get(listed.file)!;
      expect({ file: listed.file, sha256: listed.sha256, byteSize: listed.byteSize }).toEqual({ file: listed.file, sha256: createHash("sha256").update(bytes).digest("hex"), byteSize: bytes.length });
      if (listed.rows !== null) expect({ file: listed.file, rows: (JSON.parse(bytes.toString("utf8")) as unknown[]).length }).toEqual({ file: listed.file, rows: listed.rows });
    }
    expect(metadata.files.find((file) => file.file === "repair-orders.json")).toMatchObject({ rows: 1, nestedRows: { jobs: 1, lines: 2 } });

    type Described = { fields?: Record<string, string>; lists?: Record<string, Described> };
    const schema = json<{ files: Record<string, Described> }>(files, "schema.json");
    const check = (file: string, rows: Array<Record<string, unknown>>, described: Described) => {
      for (const row of rows) {
        for (const [field, value] of Object.entries(row)) {
          if (described.lists?.[field]) check(file, value as Array<Record<string, unknown>>, described.lists[field]);
          else expect({ file, field, described: typeof described.fields?.[field] }).toEqual({ file, field, described: "string" });
        }
      }
    };
    for (const name of files.keys()) {
      if (name.startsWith("photos/")) {
        expect(schema.files["photos/"]).toBeDefined();
        continue;
      }
      expect({ name, described: Boolean(schema.files[name]) }).toEqual({ name, described: true });
      if (name !== "metadata.json" && name !== "schema.json") check(name, json(files, name), schema.files[name]!);
    }
  });

  test("the request is audited once, the download once per download", async () => {
    const requested = await withTenant(a.orgId, (tx) => tx.auditLog.findMany({ where: { action: "gdpr.export.requested", targetId: requestId } }));
    expect(requested).toEqual([expect.objectContaining({ actorUserId: a.userId, targetType: "PrivacyRequest" })]);
    expect(await downloadedEntries(a.orgId, requestId)).toBe(1);
  });

  describe("the download link", () => {
    test("a good link for a member allowed to export streams the file and is audited once", async () => {
      const before = await downloadedEntries(a.orgId, requestId);
      const download = await openExportDownload(a, requestId, { link: linkOf(a, requestId) });
      expect(download.filename).toMatch(/^awms-customer-export-\d{4}-\d{2}-\d{2}-[0-9a-f]{8}\.zip$/);
      expect(unzip(await readAll(download.stream)).has("metadata.json")).toBe(true);
      expect(await downloadedEntries(a.orgId, requestId)).toBe(before + 1);
    });

    test("an expired link, a tampered signature, a technician and another workshop are refused, and nothing is recorded as downloaded", async () => {
      const before = await downloadedEntries(a.orgId, requestId);
      const expired = linkOf(a, requestId, new Date(Date.now() - 16 * 60_000));
      expect(checkDownloadLink(a.orgId, requestId, expired.expires, expired.sig)).toBe("expired");
      await expect(openExportDownload(a, requestId, { link: expired })).rejects.toMatchObject({ code: "GONE", status: 410 });

      const good = linkOf(a, requestId);
      const tampered = { expires: String(Number(good.expires) + 3600), sig: good.sig };
      await expect(openExportDownload(a, requestId, { link: tampered })).rejects.toMatchObject({ code: "FORBIDDEN" });
      const flipped = { expires: good.expires, sig: `${good.sig!.slice(0, -1)}${good.sig!.endsWith("A") ? "B" : "A"}` };
      await expect(openExportDownload(a, requestId, { link: flipped })).rejects.toMatchObject({ code: "FORBIDDEN" });
      await expect(openExportDownload(a, requestId, { link: { expires: null, sig: null } })).rejects.toMatchObject({ code: "FORBIDDEN" });

      const technician = await joinWorkshop(a, "TECHNICIAN", "gdpr-tech");
      await expect(openExportDownload(technician, requestId, { link: good })).rejects.toMatchObject({ code: "FORBIDDEN" });
      const denied = await withTenant(a.orgId, (tx) => tx.auditLog.findFirst({ where: { action: "PERMISSION_DENIED", actorUserId: technician.userId } }));
      expect(denied?.metadata).toMatchObject({ permission: "gdpr.export" });

      // Workshop B's owner with A's request id, and a link minted for B: not found.
      await expect(openExportDownload(b, requestId, { link: linkOf(b, requestId) })).rejects.toMatchObject({ code: "NOT_FOUND", status: 404 });
      expect(await downloadedEntries(a.orgId, requestId)).toBe(before);
      expect(await withTenant(b.orgId, (tx) => tx.auditLog.count({ where: { action: "gdpr.export.downloaded" } }))).toBe(0);
    }, 30_000);
  });
});

test("another workshop's customer cannot be exported: not found, and nothing is filed", async () => {
  const before = await withTenant(a.orgId, (tx) => tx.privacyRequest.count());
  await expect(requestExport(a, { scope: "CUSTOMER", customerId: cb.customerId })).rejects.toMatchObject({ code: "NOT_FOUND", fields: { customerId: expect.any(String) } });
  await expect(requestExport(a, { scope: "CUSTOMER" })).rejects.toMatchObject({ issues: [expect.objectContaining({ path: ["customerId"] })] });
  const technician = await joinWorkshop(a, "SERVICE_ADVISOR", "gdpr-advisor");
  await expect(requestExport(technician, { scope: "ORGANIZATION" })).rejects.toMatchObject({ code: "FORBIDDEN" });
  expect(await withTenant(a.orgId, (tx) => tx.privacyRequest.count())).toBe(before);
}, 30_000);

test("the whole workshop's export holds every customer of the workshop and nothing of another workshop", async () => {
  await createApiKey(a, { name: "Accounts sync", scope: "READ" });
  const { files } = await exportOf(a, { scope: "ORGANIZATION" });
  const customers = json(files, "customers.json");
  const all = await withTenant(a.orgId, (tx) => tx.customer.findMany({ select: { id: true }, orderBy: { id: "asc" } }));
  expect(customers.map((customer) => customer.id)).toEqual(all.map((customer) => customer.id));
  expect(customers.map((customer) => customer.id)).toEqual(expect.arrayContaining([c1.customerId, c2.customerId]));
  expect(json(files, "repair-orders.json").map((order) => order.id).sort()).toEqual([c1.ids.order, c2.ids.order].sort());
  expect([...files.keys()].filter((name) => name.startsWith("photos/")).sort()).toEqual([`photos/${c1.ids.photo}.jpg`, `photos/${c2.ids.photo}.jpg`].sort());

  const members = json(files, "members.json");
  expect(members).toEqual(expect.arrayContaining([expect.objectContaining({ userId: a.userId, role: "OWNER", name: "Owner gdpr-a" })]));
  expect(json(files, "api-keys.json")).toEqual([expect.objectContaining({ name: "Accounts sync", scope: "READ", lastFour: expect.any(String) })]);
  expect(json(files, "locations.json")).toHaveLength(1);

  const text = allText(files);
  for (const value of [...cb.identifying, b.orgId, b.orgSlug, b.userId, cb.ids.order!]) {
    expect({ value, found: text.includes(value) }).toEqual({ value, found: false });
  }
  for (const secret of ["tokenHash", "keyHash", "passwordHash", "mfaSecret", "codeHash", c1.tokenHash, c2.tokenHash]) expect(text).not.toContain(secret);
}, 60_000);

type RouteModule = Partial<Record<"GET" | "POST", ApiRouteHandler>>;

async function callPrivacyApi(method: "GET" | "POST", apiPath: string, key: string, body?: unknown): Promise<Response> {
  process.env.TRUSTED_PROXY_HOPS = "1";
  const match = /^\/privacy\/exports(?:\/([^/]+))?(\/download)?$/.exec(apiPath)!;
  const routes: RouteModule = match[2]
    ? await import("@/app/api/v1/privacy/exports/[id]/download/route")
    : match[1]
      ? await import("@/app/api/v1/privacy/exports/[id]/route")
      : await import("@/app/api/v1/privacy/exports/route");
  const headers: Record<string, string> = { authorization: `Bearer ${key}`, "x-forwarded-for": "198.51.100.40", "user-agent": "jest-api" };
  if (body !== undefined) headers["content-type"] = "application/json";
  const request = new Request(`http://awms.test/api/v1${apiPath}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  return routes[method]!(request, { params: Promise.resolve(match[1] ? { id: match[1] } : undefined) });
}

test("API: an admin key starts an export, polls its progress and downloads it; a read and write key is refused and the refusal audited", async () => {
  const { key: admin } = await createApiKey(a, { name: "DPO tooling", scope: "ADMIN" });
  const { key: readWrite, apiKey: readWriteKey } = await createApiKey(a, { name: "Booking sync", scope: "READ_WRITE" });

  const created = await callPrivacyApi("POST", "/privacy/exports", admin, { scope: "CUSTOMER", customerId: c2.customerId });
  expect(created.status).toBe(202);
  const body = (await created.json()) as { id: string; status: string; dueAt: string; downloadUrl: string | null };
  expect(body).toMatchObject({ status: "QUEUED", downloadUrl: null });

  let polled: { status: string; progress: { done: number; total: number }; downloadUrl: string | null } | undefined;
  for (let i = 0; i < 120; i += 1) {
    const answer = await callPrivacyApi("GET", `/privacy/exports/${body.id}`, admin);
    expect(answer.status).toBe(200);
    polled = (await answer.json()) as typeof polled;
    if (polled!.status === "READY" || polled!.status === "FAILED") break;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  expect(polled).toMatchObject({ status: "READY", downloadUrl: `/api/v1/privacy/exports/${body.id}/download` });
  expect(polled!.progress.done).toBe(polled!.progress.total);

  const download = await callPrivacyApi("GET", `/privacy/exports/${body.id}/download`, admin);
  expect(download.status).toBe(200);
  expect(download.headers.get("content-type")).toBe("application/zip");
  expect(download.headers.get("content-disposition")).toMatch(/^attachment; filename="awms-customer-export-/);
  const files = unzip(Buffer.from(await download.arrayBuffer()));
  expect(json(files, "customers.json").map((customer) => customer.id)).toEqual([c2.customerId]);
  expect(await withTenant(a.orgId, (tx) => tx.auditLog.findMany({ where: { action: "gdpr.export.downloaded", targetId: body.id } }))).toEqual([
    expect.objectContaining({ metadata: expect.objectContaining({ via: "api" }) }),
  ]);

  const deniedBefore = await withTenant(a.orgId, (tx) => tx.auditLog.count({ where: { action: "PERMISSION_DENIED" } }));
  for (const [method, apiPath, sent] of [["POST", "/privacy/exports", { scope: "ORGANIZATION" }], ["GET", `/privacy/exports/${body.id}`, undefined], ["GET", `/privacy/exports/${body.id}/download`, undefined]] as const) {
    const refused = await callPrivacyApi(method, apiPath, readWrite, sent);
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe("FORBIDDEN");
  }
  const denials = await withTenant(a.orgId, (tx) => tx.auditLog.findMany({ where: { action: "PERMISSION_DENIED" }, orderBy: { seq: "asc" } }));
  expect(denials.slice(deniedBefore).map((entry) => entry.metadata)).toEqual([
    expect.objectContaining({ scope: "READ_WRITE", operation: "createPrivacyExport", apiKeyId: readWriteKey.id }),
    expect.objectContaining({ operation: "getPrivacyExport" }),
    expect.objectContaining({ operation: "downloadPrivacyExport" }),
  ]);
  expect(await withTenant(a.orgId, (tx) => tx.privacyRequest.count({ where: { scope: "ORGANIZATION", requestedByApiKeyId: { not: null } } }))).toBe(0);

  // another workshop's export id with A's admin key: not found
  const foreign = await requestExport(b, { scope: "CUSTOMER", customerId: cb.customerId });
  expect((await callPrivacyApi("GET", `/privacy/exports/${foreign.id}`, admin)).status).toBe(404);
  expect((await callPrivacyApi("GET", `/privacy/exports/${foreign.id}/download`, admin)).status).toBe(404);
  await untilSettled(b, foreign.id);
}, 60_000);

test("the daily clean-up deletes expired export files and marks them completed; the download then says it expired", async () => {
  const request = await requestExport(a, { scope: "CUSTOMER", customerId: c2.customerId });
  const ready = await untilSettled(a, request.id);
  expect(ready.status).toBe("READY");
  const file = path.join(attachmentsDir, ...ready.fileKey!.split("/"));
  expect(readFileSync(file).length).toBe(Number(ready.byteSize));
  // Not yet expired: nothing happens.
  expect(await removeExpiredExports(new Date())).toBe(0);
  expect(readFileSync(file).length).toBe(Number(ready.byteSize));

  const later = new Date(ready.expiresAt!.getTime() + 1_000);
  expect(await removeExpiredExports(later)).toBeGreaterThanOrEqual(1);
  expect(() => readFileSync(file)).toThrow(/ENOENT/);
  const done = await withTenant(a.orgId, (tx) => tx.privacyRequest.findFirstOrThrow({ where: { id: request.id } }));
  expect(done).toMatchObject({ status: "COMPLETED", fileKey: null });
  expect(await withTenant(a.orgId, (tx) => tx.auditLog.count({ where: { action: "gdpr.export.expired", targetId: request.id } }))).toBe(1);
  await expect(openExportDownload(a, request.id, { link: linkOf(a, request.id) })).rejects.toMatchObject({ code: "GONE", status: 410 });
}, 60_000);
