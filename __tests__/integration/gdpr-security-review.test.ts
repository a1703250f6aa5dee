// Security review of GDPR export and erasure (issue 8): what an attacker or an
// unlucky timing could make of them. An export that was being built while one
// of its customers was erased must not survive as a downloadable copy of the
// person; the app role's new grants stay inside the workshop and never reach
// the audit log or an invoice's amounts.
import { execFileSync } from "node:child_process";
import { createHash, randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { access, mkdir, mkdtemp, open, readdir, readFile, rm, utimes, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { ZCustomer } from "@/lib/customers/customer-input";
import { updateCustomer } from "@/lib/customers/update-customer";
import { getAuditEntry } from "@/lib/audit/get-audit-entry";
import { db, withTenant } from "@/lib/db";
import { reloadServerEnv } from "@/lib/env";
import { cancelErasure } from "@/lib/gdpr/erasure/cancel-erasure";
import { requestErasure } from "@/lib/gdpr/erasure/request-erasure";
import { runDueErasures } from "@/lib/gdpr/erasure/run-due-erasures";
import { checkDownloadLink, downloadPath } from "@/lib/gdpr/export/download-link";
import { exportFileStore } from "@/lib/gdpr/export/export-file-store";
import { findExportCustomers } from "@/lib/gdpr/export/find-export-customers";
import { getExport } from "@/lib/gdpr/export/get-export";
import { openExportDownload } from "@/lib/gdpr/export/open-export";
import { requestExport } from "@/lib/gdpr/export/request-export";
import { removeExpiredExports } from "@/lib/gdpr/export/remove-expired-exports";
import { runPrivacyExport } from "@/lib/gdpr/export/run-export";
import type { OrgContext } from "@/lib/org/context";
import { attachmentStore } from "@/lib/storage/attachment-store";
import { newStorageKey } from "@/lib/storage/storage-key";
import { contextFor, resetLimiters, signUp } from "../support/accounts";
import { createTestDatabase, type TestDatabase } from "../support/test-database";
import { unzip } from "../support/unzip";

let database: TestDatabase;
let folder: string;
let a: OrgContext;
let b: OrgContext;
const PHOTO = readFileSync(path.join(__dirname, "..", "fixtures", "brake-pad.jpg"));
const DAY = 86_400_000;

beforeAll(async () => {
  database = await createTestDatabase({ poolSize: 10 });
  folder = await mkdtemp(path.join(tmpdir(), "awms-gdpr-review-"));
  process.env.ATTACHMENTS_DIR = folder;
  reloadServerEnv();
  const first = await signUp("review-a");
  const second = await signUp("review-b");
  a = await contextFor(first.userId, first.orgSlug);
  b = await contextFor(second.userId, second.orgSlug);
}, 60_000);

afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
  delete process.env.ATTACHMENTS_DIR;
  reloadServerEnv();
  await database.drop();
});

/** A customer with a repair order, an inspection photo and an issued invoice. */
async function seedCustomer(ctx: OrgContext, name: string) {
  const storageKey = newStorageKey(ctx.orgId);
  await attachmentStore().put(storageKey, PHOTO, "image/jpeg");
  const orgId = ctx.orgId;
  return withTenant(orgId, async (tx) => {
    const customer = await tx.customer.create({ data: { organizationId: orgId, displayName: name, email: `${name.replace(/\W/g, "").toLowerCase()}@review.test` } });
    const vehicle = await tx.vehicle.create({ data: { organizationId: orgId, customerId: customer.id, registration: `RV${name.slice(-4).toUpperCase()}`, make: "Skoda" } });
    const order = await tx.repairOrder.create({
      data: { organizationId: orgId, number: (await tx.repairOrder.count()) + 1, status: "INVOICED", customerId: customer.id, billToCustomerId: customer.id, vehicleId: vehicle.id, concerns: `Noise, says ${name}` },
    });
    const inspection = await tx.inspection.create({ data: { organizationId: orgId, repairOrderId: order.id, title: "Check", status: "COMPLETED", completedAt: new Date() } });
    const item = await tx.inspectionItem.create({ data: { organizationId: orgId, inspectionId: inspection.id, position: 1, label: "Pads", rating: "RED" } });
    await tx.attachment.create({
      data: { organizationId: orgId, inspectionItemId: item.id, storage: "DISK", storageKey, contentType: "image/jpeg", byteSize: PHOTO.length, sha256: createHash("sha256").update(PHOTO).digest("hex"), uploadedByUserId: ctx.userId },
    });
    const invoice = await tx.invoice.create({
      data: {
        organizationId: orgId, kind: "INVOICE", number: (await tx.invoice.count()) + 1, repairOrderId: order.id, customerId: customer.id, currency: "GBP", pricesIncludeTax: true,
        netMinor: 1000, taxMinor: 200, grossMinor: 1200, snapshot: { billTo: { name }, vehicle: { registration: "RV1" }, repairOrder: { concerns: "Noise" } }, issuedByUserId: ctx.userId, dueAt: new Date(),
      },
    });
    return { customerId: customer.id, invoiceId: invoice.id, photoFile: path.join(folder, ...storageKey.split("/")) };
  });
}

const exportRequest = (ctx: OrgContext, customerId: string | null) =>
  withTenant(ctx.orgId, (tx) => tx.privacyRequest.create({
    data: { organizationId: ctx.orgId, kind: "EXPORT", scope: customerId ? "CUSTOMER" : "ORGANIZATION", customerId, status: "QUEUED", requestedByUserId: ctx.userId, dueAt: new Date(Date.now() + 30 * DAY) },
  }));

async function exportFilesOf(orgId: string): Promise<string[]> {
  return readdir(path.join(folder, "exports", orgId)).then((names) => names.filter((name) => name.endsWith(".zip")), () => []);
}

describe("an export being built while its customer is erased", () => {
  test.each(["CUSTOMER", "ORGANIZATION"] as const)("a %s export does not survive as a copy of the erased person", async (scope) => {
    const name = `Erased Meanwhile ${scope.toLowerCase()}`;
    const subject = await seedCustomer(a, name);
    const request = await exportRequest(a, scope === "CUSTOMER" ? subject.customerId : null);
    const filesBefore = await exportFilesOf(a.orgId);
    // The photo's bytes come from a pipe: the export has read every record (the name among them) and waits on it.
    await rm(subject.photoFile);
    execFileSync("mkfifo", [subject.photoFile]);
    const building = runPrivacyExport({ orgId: a.orgId, requestId: request.id });
    const pipe = await open(subject.photoFile, "w");
    try {
      await requestErasure(a, subject.customerId);
      expect(await runDueErasures({ now: new Date(Date.now() + 31 * DAY) })).toEqual({ completed: 1, failed: 0 });
      await pipe.write(PHOTO);
    } finally {
      await pipe.close();
    }
    await building;

    const after = await withTenant(a.orgId, (tx) => tx.privacyRequest.findFirstOrThrow({ where: { id: request.id } }));
    expect(after).toMatchObject({ status: "FAILED", fileKey: null, error: expect.stringContaining("erased") });
    expect(await exportFilesOf(a.orgId)).toEqual(filesBefore);
    const actions = (await withTenant(a.orgId, (tx) => tx.auditLog.findMany({ where: { targetId: request.id }, orderBy: { seq: "asc" } }))).map((e) => e.action);
    expect(actions).toEqual(["gdpr.export.failed"]);
  }, 60_000);
});

describe("what the app role may change", () => {
  const asApp = <T>(orgId: string, sql: string) => withTenant(orgId, (tx) => tx.$executeRawUnsafe(sql)) as Promise<T>;

  test("never an audit entry, an invoice's amounts or an invoice's existence, even while an erasure runs", async () => {
    const subject = await seedCustomer(a, "Grant Probe");
    await withTenant(a.orgId, (tx) => tx.privacyRequest.create({
      data: { organizationId: a.orgId, kind: "ERASURE", scope: "CUSTOMER", customerId: subject.customerId, status: "RUNNING", requestedByUserId: a.userId, dueAt: new Date(Date.now() + 30 * DAY), executeAfter: new Date(), startedAt: new Date() },
    }));
    try {
      await expect(asApp(a.orgId, `UPDATE "AuditLog" SET action = 'x'`)).rejects.toThrow();
      await expect(asApp(a.orgId, `DELETE FROM "AuditLog"`)).rejects.toThrow();
      await expect(asApp(a.orgId, `UPDATE "Invoice" SET "grossMinor" = 1 WHERE id = '${subject.invoiceId}'`)).rejects.toThrow();
      await expect(asApp(a.orgId, `UPDATE "Invoice" SET snapshot = '{}'::jsonb WHERE id = '${subject.invoiceId}'`)).rejects.toThrow(/cannot change/);
      await expect(asApp(a.orgId, `DELETE FROM "Invoice" WHERE id = '${subject.invoiceId}'`)).rejects.toThrow();
      await expect(asApp(a.orgId, `DELETE FROM "DataSubjectKey" WHERE false`)).resolves.toBe(0);
      await expect(asApp(a.orgId, `SELECT gdpr_close_workshop_purge('${a.orgId}'::uuid)`)).rejects.toThrow(/no running closure/);
    } finally {
      await database.superuser.query(`UPDATE "PrivacyRequest" SET status = 'CANCELLED' WHERE "customerId" = $1`, [subject.customerId]);
    }
  });

  test("while one customer's erasure runs, another customer's invoice and decisions still cannot be anonymized", async () => {
    const subject = await seedCustomer(a, "Running Erasure Subject");
    const bystander = await seedCustomer(a, "Running Erasure Bystander");
    const order = await withTenant(a.orgId, (tx) => tx.invoice.findFirstOrThrow({ where: { id: bystander.invoiceId }, select: { repairOrderId: true } }));
    await withTenant(a.orgId, async (tx) => {
      const job = await tx.job.create({ data: { organizationId: a.orgId, repairOrderId: order.repairOrderId, position: 1, title: "Brakes", approval: "APPROVED" } });
      await tx.jobDecision.create({
        data: { organizationId: a.orgId, repairOrderId: order.repairOrderId, jobId: job.id, decision: "APPROVED", channel: "IN_PERSON", approverName: "Bystander Signer", grossMinor: 100, recordedByUserId: a.userId },
      });
    });
    await withTenant(a.orgId, (tx) => tx.privacyRequest.create({
      data: { organizationId: a.orgId, kind: "ERASURE", scope: "CUSTOMER", customerId: subject.customerId, status: "RUNNING", requestedByUserId: a.userId, dueAt: new Date(Date.now() + 30 * DAY), executeAfter: new Date(), startedAt: new Date() },
    }));
    try {
      await expect(asApp(a.orgId, `UPDATE "Invoice" SET snapshot = gdpr_anonymized_invoice_snapshot(snapshot, NULL) WHERE id = '${bystander.invoiceId}'`)).rejects.toThrow(/cannot change/);
      await expect(asApp(a.orgId, `UPDATE "JobDecision" SET ip = NULL, "userAgent" = NULL, "approverName" = 'Erased customer 00000000' WHERE "repairOrderId" = '${order.repairOrderId}'`)).rejects.toThrow(/cannot change/);
      // The subject's own invoice may take its anonymized form, and only that.
      await expect(asApp(a.orgId, `UPDATE "Invoice" SET snapshot = gdpr_anonymized_invoice_snapshot(snapshot, NULL) WHERE id = '${subject.invoiceId}'`)).resolves.toBe(1);
    } finally {
      await database.superuser.query(`UPDATE "PrivacyRequest" SET status = 'CANCELLED' WHERE "customerId" = $1`, [subject.customerId]);
    }
  });

  test("the reminders and decisions erasure may delete or blank are only this workshop's", async () => {
    const other = await seedCustomer(b, "Bystander Reminder");
    await withTenant(b.orgId, async (tx) => {
      const vehicle = await tx.vehicle.findFirstOrThrow({ where: { customerId: other.customerId } });
      await tx.serviceReminder.create({ data: { organizationId: b.orgId, vehicleId: vehicle.id, customerId: other.customerId, kind: "SERVICE", dueOn: new Date("2027-06-01") } });
    });
    expect(await asApp<number>(a.orgId, `DELETE FROM "ServiceReminder"`)).toBe(0);
    expect(await asApp<number>(a.orgId, `DELETE FROM "ServiceReminder" WHERE "organizationId" = '${b.orgId}'`)).toBe(0);
    expect(await withTenant(b.orgId, (tx) => tx.serviceReminder.count())).toBe(1);
    const owner = (await database.superuser.query<{ owner: string; definer: boolean; config: string[]; superuser: boolean; publicCanRun: boolean }>(
      `SELECT pg_get_userbyid(p.proowner) AS owner, p.prosecdef AS definer, p.proconfig AS config, r.rolsuper AS superuser,
              has_function_privilege('public', p.oid, 'EXECUTE') AS "publicCanRun"
         FROM pg_proc p JOIN pg_roles r ON r.oid = p.proowner WHERE p.proname = 'gdpr_close_workshop_purge'`,
    )).rows[0]!;
    // Runs as the tables' owner, never as a superuser, and only the app role may call it.
    expect(owner).toMatchObject({ definer: true, superuser: false, publicCanRun: false });
    expect(owner.config).toEqual(["search_path=pg_catalog, public, pg_temp"]);
    expect((await db().organization.findUniqueOrThrow({ where: { id: b.orgId } })).closedAt).toBeNull();
  });
});

describe("exports across workshops, links and limits", () => {
  test("another workshop's export id is not found by its owner or its admin key, and a link signed for one export opens no other", async () => {
    const subject = await seedCustomer(a, "Link Holder");
    const first = await exportRequest(a, subject.customerId);
    const second = await exportRequest(a, null);
    await runPrivacyExport({ orgId: a.orgId, requestId: first.id });
    await runPrivacyExport({ orgId: a.orgId, requestId: second.id });
    const downloads = () => withTenant(a.orgId, (tx) => tx.auditLog.count({ where: { action: "gdpr.export.downloaded" } }));
    const before = await downloads();

    await expect(getExport(b, first.id)).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(openExportDownload(b, first.id, { apiKey: true })).rejects.toMatchObject({ code: "NOT_FOUND" });
    const query = (url: string) => new URL(url, "http://x").searchParams;
    const forFirst = query(downloadPath(a.orgSlug, a.orgId, first.id));
    const link = { expires: forFirst.get("expires"), sig: forFirst.get("sig") };
    expect(checkDownloadLink(a.orgId, first.id, link.expires, link.sig)).toBe("valid");
    expect(checkDownloadLink(a.orgId, second.id, link.expires, link.sig)).toBe("invalid");
    expect(checkDownloadLink(b.orgId, first.id, link.expires, link.sig)).toBe("invalid");
    await expect(openExportDownload(a, second.id, { link })).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect(await downloads()).toBe(before);
  }, 30_000);

  test("with the shared limit store down, no export is filed (fail closed)", async () => {
    const count = () => withTenant(a.orgId, (tx) => Promise.all([tx.privacyRequest.count({ where: { kind: "EXPORT" } }), tx.auditLog.count({ where: { action: "gdpr.export.requested" } })]));
    const before = await count();
    process.env.REDIS_URL = "redis://127.0.0.1:1";
    await resetLimiters();
    try {
      await expect(requestExport(a, { scope: "ORGANIZATION" })).rejects.toMatchObject({ code: "SERVICE_UNAVAILABLE" });
    } finally {
      delete process.env.REDIS_URL;
      await resetLimiters();
    }
    expect(await count()).toEqual(before);
  });
});

describe("cancelling against the job", () => {
  test("a cancel racing the job's claim either cancels (nothing erased) or is refused (erased): never both", async () => {
    for (let round = 0; round < 6; round += 1) {
      const name = `Racing Cancel ${round}`;
      const subject = await seedCustomer(a, name);
      const request = await requestErasure(a, subject.customerId);
      const at = request.executeAfter!.getTime();
      // The web instance's clock just before the grace period ends, the job's just after.
      const [cancel, run] = await Promise.allSettled([cancelErasure(a, request.id, new Date(at - 1)), runDueErasures({ now: new Date(at + 1) })]);
      const row = await withTenant(a.orgId, (tx) => tx.privacyRequest.findFirstOrThrow({ where: { id: request.id } }));
      const customer = await withTenant(a.orgId, (tx) => tx.customer.findFirstOrThrow({ where: { id: subject.customerId } }));
      if (cancel.status === "fulfilled") {
        expect(row.status).toBe("CANCELLED");
        expect(customer.displayName).toBe(name);
      } else {
        expect(cancel.reason).toMatchObject({ code: "CONFLICT" });
        expect(row.status).toBe("COMPLETED");
        expect(customer.displayName).toMatch(/^Erased customer /);
      }
      expect(run.status).toBe("fulfilled");
    }
  }, 60_000);
});

describe("an export whose worker died mid-build", () => {
  /** What a killed worker leaves: the half-written ZIP beside the finished ones, named as run-export names it. */
  async function abandonedPart(orgId: string, content: string, hoursAgo: number) {
    const dir = path.join(folder, "exports", orgId);
    await mkdir(dir, { recursive: true });
    const file = path.join(dir, `${randomUUID()}.ab12cd34ef56.part`);
    await writeFile(file, content);
    const then = new Date(Date.now() - hoursAgo * 3_600_000);
    await utimes(file, then, then);
    return file;
  }
  const exists = (file: string) => access(file).then(() => true, () => false);

  test("its half-written file is swept by the daily clean-up once it is stale, and by an erasure, while a live one is left alone", async () => {
    const stale = await abandonedPart(a.orgId, "Stale Part Person", 30);
    const live = await abandonedPart(a.orgId, "Live Part Person", 0);
    await removeExpiredExports();
    expect(await exists(stale)).toBe(false);
    expect(await exists(live)).toBe(true);

    const subject = await seedCustomer(a, "Crashed Export Person");
    const crashed = await abandonedPart(a.orgId, "Crashed Export Person", 5);
    await requestErasure(a, subject.customerId);
    expect(await runDueErasures({ now: new Date(Date.now() + 31 * DAY) })).toEqual({ completed: 1, failed: 0 });
    expect(await exists(crashed)).toBe(false);
    expect(await exists(live)).toBe(true);
    await rm(live);
  });
});

test("an edit form opened before the erasure and saved after it does not put the person back", async () => {
  const subject = await seedCustomer(a, "Stale Form Person");
  const stale = ZCustomer.parse({ displayName: "Stale Form Person", email: "stale.form@review.test", phone: "07700 900123" });
  await requestErasure(a, subject.customerId);
  expect(await runDueErasures({ now: new Date(Date.now() + 31 * DAY) })).toEqual({ completed: 1, failed: 0 });
  const keys = () => withTenant(a.orgId, (tx) => tx.dataSubjectKey.count({ where: { customerId: subject.customerId } }));
  await expect(updateCustomer(a, subject.customerId, stale)).rejects.toMatchObject({ code: "CONFLICT", status: 409 });
  const customer = await withTenant(a.orgId, (tx) => tx.customer.findFirstOrThrow({ where: { id: subject.customerId } }));
  expect(customer).toMatchObject({ displayName: `Erased customer ${subject.customerId.slice(-8)}`, email: null, phone: null });
  expect(await keys()).toBe(0);
});

test("an audit entry number opens only the asking workshop's own entry, or none", async () => {
  const head = (orgId: string) => withTenant(orgId, (tx) => tx.auditLog.aggregate({ _max: { seq: true } })).then((r) => r._max.seq ?? 0);
  const [headA, headB] = [await head(a.orgId), await head(b.orgId)];
  expect(headA).toBeGreaterThan(headB);
  await expect(getAuditEntry(b, headA)).rejects.toMatchObject({ code: "NOT_FOUND" });
  expect(await getAuditEntry(b, headB)).toMatchObject({ organizationId: b.orgId, seq: headB });
});

test("an export file key that is not exports/<workshop uuid>/<request uuid>.zip opens, saves and deletes nothing", async () => {
  const secret = path.join(folder, "not-an-export.txt");
  await writeFile(secret, "operator's file");
  const store = exportFileStore();
  for (const key of ["exports/../not-an-export.txt", `exports/${a.orgId}/../../not-an-export.txt`, "/etc/passwd", `exports/${a.orgId}/x.zip`, `exports/${a.orgId}/${a.orgId}.zip/../../../not-an-export.txt`]) {
    await expect(store.open(key)).rejects.toThrow("not an export file key");
    await expect(store.delete(key)).rejects.toThrow("not an export file key");
  }
  expect(await access(secret).then(() => true)).toBe(true);
});

test("a fleet payer's erasure and export reach its own records and invoices, not the concerns and photos of the drivers it paid for", async () => {
  const driver = await seedCustomer(a, "Driver Dana Fleetwood");
  const payer = await withTenant(a.orgId, (tx) => tx.customer.create({ data: { organizationId: a.orgId, kind: "BUSINESS", displayName: "Payer Fleet Ltd" } }));
  await withTenant(a.orgId, async (tx) => {
    const order = await tx.invoice.findFirstOrThrow({ where: { id: driver.invoiceId }, select: { repairOrderId: true } });
    await tx.repairOrder.update({ where: { organizationId_id: { organizationId: a.orgId, id: order.repairOrderId } }, data: { billToCustomerId: payer.id } });
  });

  const request = await exportRequest(a, payer.id);
  await runPrivacyExport({ orgId: a.orgId, requestId: request.id });
  const ready = await withTenant(a.orgId, (tx) => tx.privacyRequest.findFirstOrThrow({ where: { id: request.id } }));
  const archive = await readFile(path.join(folder, ...ready.fileKey!.split("/")));
  const text = [...unzip(archive).values()].map((bytes) => bytes.toString("latin1")).join("\n");
  expect(text).not.toContain("Noise, says Driver Dana Fleetwood");
  expect(text).not.toContain(driver.customerId);

  await requestErasure(a, payer.id);
  expect(await runDueErasures({ now: new Date(Date.now() + 31 * DAY) })).toEqual({ completed: 1, failed: 0 });
  const order = await withTenant(a.orgId, (tx) => tx.repairOrder.findFirstOrThrow({ where: { customerId: driver.customerId } }));
  expect(order.concerns).toBe("Noise, says Driver Dana Fleetwood");
  await expect(access(driver.photoFile)).resolves.toBeUndefined();
}, 60_000);

test("the export form's customer picker finds the workshop's own customers by name or plate, never another workshop's", async () => {
  const subject = await seedCustomer(a, "Picker Person Qxzw");
  expect((await findExportCustomers(a, "picker person")).map((c) => c.id)).toEqual([subject.customerId]);
  expect((await findExportCustomers(a, "rv qxzw")).map((c) => c.id)).toEqual([subject.customerId]);
  expect(await findExportCustomers(a, "p")).toEqual([]);
  expect(await findExportCustomers(b, "picker person")).toEqual([]);
});
