// Security review of GDPR export and erasure (issue 8): what an attacker or an
// unlucky timing could make of them. An export that was being built while one
// of its customers was erased must not survive as a downloadable copy of the
// person; the app role's new grants stay inside the workshop and never reach
// the audit log or an invoice's amounts.
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { mkdtemp, open, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { db, withTenant } from "@/lib/db";
import { reloadServerEnv } from "@/lib/env";
import { requestErasure } from "@/lib/gdpr/erasure/request-erasure";
import { runDueErasures } from "@/lib/gdpr/erasure/run-due-erasures";
import { runPrivacyExport } from "@/lib/gdpr/export/run-export";
import type { OrgContext } from "@/lib/org/context";
import { attachmentStore } from "@/lib/storage/attachment-store";
import { newStorageKey } from "@/lib/storage/storage-key";
import { contextFor, signUp } from "../support/accounts";
import { createTestDatabase, type TestDatabase } from "../support/test-database";

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

  test("the reminders and decisions erasure may delete or blank are only this workshop's", async () => {
    const other = await seedCustomer(b, "Bystander Reminder");
    await withTenant(b.orgId, async (tx) => {
      const vehicle = await tx.vehicle.findFirstOrThrow({ where: { customerId: other.customerId } });
      await tx.serviceReminder.create({ data: { organizationId: b.orgId, vehicleId: vehicle.id, customerId: other.customerId, kind: "SERVICE", dueOn: new Date("2027-06-01") } });
    });
    expect(await asApp<number>(a.orgId, `DELETE FROM "ServiceReminder"`)).toBe(0);
    expect(await asApp<number>(a.orgId, `DELETE FROM "ServiceReminder" WHERE "organizationId" = '${b.orgId}'`)).toBe(0);
    expect(await withTenant(b.orgId, (tx) => tx.serviceReminder.count())).toBe(1);
    const owner = (await database.superuser.query<{ owner: string; definer: boolean; config: string[] }>(
      `SELECT pg_get_userbyid(proowner) AS owner, prosecdef AS definer, proconfig AS config FROM pg_proc WHERE proname = 'gdpr_close_workshop_purge'`,
    )).rows[0]!;
    expect(owner.definer).toBe(true);
    expect(owner.config).toEqual(["search_path=pg_catalog, public, pg_temp"]);
    expect((await db().organization.findUniqueOrThrow({ where: { id: b.orgId } })).closedAt).toBeNull();
  });
});
