// Inspection photos: the real type by magic bytes, the size limit, the plan's
// storage quota, nothing stored on any refusal (folder and table), the
// customer's photo route behind the estimate link only, deletion with the
// object, and the S3 store against a real local S3-compatible server.
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { createHash } from "node:crypto";
import os from "node:os";
import path from "node:path";
import S3rver from "s3rver";
import { GET as customerPhotoRoute } from "@/app/estimate/[orgSlug]/[token]/photos/[attachmentId]/route";
import { sendApprovalLink } from "@/lib/approvals/send-approval-link";
import { addInspectionPhoto } from "@/lib/attachments/add-inspection-photo";
import { readPhotoForm } from "@/lib/attachments/photo-form";
import { memberPhoto } from "@/lib/attachments/read-photo";
import { removeInspectionPhoto } from "@/lib/attachments/remove-inspection-photo";
import { PLANS } from "@/lib/billing/plans";
import { QuotaExceededError } from "@/lib/billing/quota";
import { workshopBilling } from "@/lib/billing/usage";
import { createCustomer } from "@/lib/customers/create-customer";
import { withTenant } from "@/lib/db";
import { reloadServerEnv } from "@/lib/env";
import { completeInspection } from "@/lib/inspections/complete-inspection";
import { createTemplate } from "@/lib/inspections/create-template";
import { inspectionView } from "@/lib/inspections/inspection-view";
import { rateItem } from "@/lib/inspections/rate-item";
import { startInspection } from "@/lib/inspections/start-inspection";
import { addTemplateItem } from "@/lib/inspections/template-items";
import type { OrgContext } from "@/lib/org/context";
import { createRepairOrder } from "@/lib/repair-orders/create-repair-order";
import { attachmentStore } from "@/lib/storage/attachment-store";
import { isSameOrigin } from "@/lib/http/same-origin";
import { addVehicle, ZVehicle } from "@/lib/vehicles/save-vehicle";
import { contextFor, joinWorkshop, lastMailTo, linkIn, signUp, uniqueEmail } from "../support/accounts";
import { createTestDatabase, type TestDatabase } from "../support/test-database";

let database: TestDatabase;
let folder: string;
let a: OrgContext;
let b: OrgContext;
let jpeg: Buffer;
let png: Buffer;

beforeAll(async () => {
  database = await createTestDatabase({ poolSize: 10 });
  folder = await mkdtemp(path.join(os.tmpdir(), "awms-photos-"));
  process.env.ATTACHMENTS_DIR = folder;
  reloadServerEnv();
  jpeg = await readFile(path.join(__dirname, "../fixtures/brake-pad.jpg"));
  png = await readFile(path.join(__dirname, "../fixtures/wiper.png"));
  const first = await signUp("photo-a");
  const second = await signUp("photo-b");
  a = await contextFor(first.userId, first.orgSlug);
  b = await contextFor(second.userId, second.orgSlug);
});

afterAll(async () => {
  delete process.env.ATTACHMENTS_DIR;
  reloadServerEnv();
  await rm(folder, { recursive: true, force: true });
  await database.drop();
});

let plates = 0;
/** An open inspection with two items (pads in mm, wipers) on a fresh repair order. */
async function openInspection(ctx: OrgContext) {
  const customer = await createCustomer(ctx, { kind: "PERSON", displayName: "Photo Driver", email: uniqueEmail("photo") });
  const vehicle = await addVehicle(ctx, customer.id, ZVehicle.parse({ registration: `PH${(plates += 1).toString().padStart(2, "0")} OTO` }));
  const order = await createRepairOrder(ctx, { customerId: customer.id, vehicleId: vehicle.id });
  const template = await createTemplate(ctx, { name: `Photo check ${plates}` });
  await addTemplateItem(ctx, { templateId: template.id, section: "Brakes", label: "Front brake pads", measurementUnit: "mm" });
  await addTemplateItem(ctx, { templateId: template.id, section: "Visibility", label: "Wiper blades" });
  const inspection = await startInspection(ctx, { repairOrderId: order.id, templateId: template.id });
  const [pads, wipers] = (await inspectionView(ctx, inspection.id)).items;
  return { order, inspection, pads: pads!, wipers: wipers! };
}

/** Every file under the attachments folder, and every attachment row (the superuser sees all workshops). */
async function stored() {
  const files = (await readdir(folder, { recursive: true, withFileTypes: true })).filter((entry) => entry.isFile()).map((entry) => path.join(entry.parentPath, entry.name));
  const rows = (await database.superuser.query(`SELECT id, "storageKey", "byteSize" FROM "Attachment" ORDER BY id`)).rows;
  return { files: files.sort(), rows };
}

test("a real JPEG and PNG are stored under a random key with their sniffed type, size and hash", async () => {
  const { pads, wipers } = await openInspection(a);
  const photo = await addInspectionPhoto(a, { inspectionItemId: pads.id, bytes: jpeg, originalName: "../../IMG 0042.png" });
  expect(photo).toMatchObject({
    storage: "DISK", contentType: "image/jpeg", byteSize: jpeg.byteLength, sha256: createHash("sha256").update(jpeg).digest("hex"),
    originalName: "....IMG 0042.png", uploadedByUserId: a.userId,
  });
  expect(photo.storageKey).toMatch(new RegExp(`^${a.orgId}/[0-9a-f]{32}$`));
  expect(await readFile(path.join(folder, photo.storageKey))).toEqual(jpeg);
  const second = await addInspectionPhoto(a, { inspectionItemId: wipers.id, bytes: png, originalName: "wiper.jpg" });
  expect(second.contentType).toBe("image/png"); // the bytes decide, not the name

  expect(await memberPhoto(a, photo.id)).toEqual({ bytes: jpeg, contentType: "image/jpeg", sha256: photo.sha256 });
  expect((await inspectionView(a, pads.inspectionId)).items[0]!.photos).toEqual([{ id: photo.id, contentType: "image/jpeg", byteSize: jpeg.byteLength }]);
  const audit = await withTenant(a.orgId, (tx) => tx.auditLog.findFirstOrThrow({ where: { targetId: photo.id } }));
  expect(audit).toMatchObject({ action: "attachment.create", metadata: { inspectionItemId: pads.id, contentType: "image/jpeg", byteSize: jpeg.byteLength } });
  const billing = await workshopBilling(a);
  expect(billing.usage.find((line) => line.resource === "storageBytes")).toMatchObject({ used: jpeg.byteLength + png.byteLength, limit: PLANS.FREE.storageBytes });
});

test("a text file named .jpg, an SVG, an empty file and a too-large photo are refused, and nothing is stored", async () => {
  const { pads } = await openInspection(a);
  const before = await stored();
  const refusals: Array<[Uint8Array, string]> = [
    [Buffer.from("just some notes, honest\n"), "not a photo"],
    [Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'), "not a photo"],
    [Buffer.from("GIF89a\x01\x00\x01\x00"), "not a photo"],
    [new Uint8Array(0), "Choose a photo"],
  ];
  for (const [bytes, message] of refusals) {
    await expect(addInspectionPhoto(a, { inspectionItemId: pads.id, bytes, originalName: "photo.jpg" })).rejects.toMatchObject({
      code: "VALIDATION_FAILED", fields: { photo: expect.stringContaining(message) },
    });
  }
  process.env.ATTACHMENT_MAX_BYTES = "2048";
  reloadServerEnv();
  try {
    const large = Buffer.concat([jpeg, Buffer.alloc(4096, 1)]);
    await expect(addInspectionPhoto(a, { inspectionItemId: pads.id, bytes: large })).rejects.toMatchObject({ code: "VALIDATION_FAILED", message: "Photos can be up to 2 KB." });
    // The upload route refuses an oversized body while reading it, before any parsing.
    const form = new FormData();
    form.set("inspectionItemId", pads.id);
    form.set("photo", new Blob([Buffer.alloc(200 * 1024, 1)]), "big.jpg");
    const request = new Request("http://localhost/ws/attachments", { method: "POST", body: form });
    await expect(readPhotoForm(request, 2048)).rejects.toMatchObject({ code: "VALIDATION_FAILED", fields: { photo: expect.stringContaining("up to") } });
  } finally {
    delete process.env.ATTACHMENT_MAX_BYTES;
    reloadServerEnv();
  }
  expect(await stored()).toEqual(before);
});

test("an upload past the plan's attachment storage is refused with the plan's words, audited, and leaves no file", async () => {
  const owner = await signUp("photo-quota");
  const ctx = await contextFor(owner.userId, owner.orgSlug);
  const { pads } = await openInspection(ctx);
  const first = await addInspectionPhoto(ctx, { inspectionItemId: pads.id, bytes: png });
  // Fill the plan to a few bytes short of its limit, as if with earlier photos.
  await database.superuser.query(
    `INSERT INTO "Attachment" ("organizationId", id, "inspectionItemId", storage, "storageKey", "contentType", "byteSize", sha256, "uploadedByUserId")
     VALUES ($1, gen_random_uuid(), $2, 'DISK', 'filler', 'image/jpeg', $3, repeat('0', 64), $4)`,
    [ctx.orgId, pads.id, PLANS.FREE.storageBytes - png.byteLength - 100, ctx.userId],
  );
  const before = await stored();
  const refusal = addInspectionPhoto(ctx, { inspectionItemId: pads.id, bytes: jpeg });
  await expect(refusal).rejects.toBeInstanceOf(QuotaExceededError);
  await expect(refusal).rejects.toMatchObject({ code: "QUOTA_EXCEEDED", message: "Your Free trial plan allows 1 GB of attachment storage. Upgrade to Starter for more." });
  expect(await stored()).toEqual(before);
  const audits = await withTenant(ctx.orgId, (tx) => tx.auditLog.findMany({ where: { action: "QUOTA_EXCEEDED" } }));
  expect(audits.map((entry) => entry.metadata)).toEqual([{ resource: "storageBytes", limit: PLANS.FREE.storageBytes }]);
  // A photo small enough for the room left still fits.
  const tiny = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff]), Buffer.alloc(90)]);
  await expect(addInspectionPhoto(ctx, { inspectionItemId: pads.id, bytes: tiny })).resolves.toMatchObject({ byteSize: 93 });
  await removeInspectionPhoto(ctx, first.id);
});

test("the customer's photo route serves a completed inspection's photo only with that repair order's valid link", async () => {
  const { order, inspection, pads, wipers } = await openInspection(a);
  const photo = await addInspectionPhoto(a, { inspectionItemId: pads.id, bytes: jpeg });
  await rateItem(a, { itemId: pads.id, rating: "RED", measurement: "2" });
  await rateItem(a, { itemId: wipers.id, rating: "GREEN" });
  const email = uniqueEmail("photo-link");
  const open = async (ctx: OrgContext, repairOrderId: string, to: string) => {
    await sendApprovalLink(ctx, { repairOrderId, email: to });
    const [, , slug, token] = linkIn((await lastMailTo(to))?.text).pathname.split("/");
    return { slug: slug!, token: token! };
  };
  const get = (slug: string, token: string, attachmentId: string) =>
    customerPhotoRoute(new Request(`http://localhost/estimate/${slug}/${token}/photos/${attachmentId}`), { params: Promise.resolve({ orgSlug: slug, token, attachmentId }) });

  await completeInspection(a, inspection.id); // proposes the brake pads job, so there is an estimate to send
  const link = await open(a, order.id, email);
  const served = await get(link.slug, link.token, photo.id);
  expect(served.status).toBe(200);
  expect(Object.fromEntries(["content-type", "cache-control", "x-content-type-options", "content-length"].map((name) => [name, served.headers.get(name)]))).toEqual({
    "content-type": "image/jpeg", "cache-control": "private, max-age=3600", "x-content-type-options": "nosniff", "content-length": String(jpeg.byteLength),
  });
  expect(Buffer.from(await served.arrayBuffer())).toEqual(jpeg);

  // Workshop B's own valid link, an open inspection's photo, a guessed id and a made-up token: all the same 404.
  const other = await openInspection(b);
  const bPhoto = await addInspectionPhoto(b, { inspectionItemId: other.pads.id, bytes: png });
  await rateItem(b, { itemId: other.pads.id, rating: "AMBER", measurement: "4" });
  await rateItem(b, { itemId: other.wipers.id, rating: "GREEN" });
  await completeInspection(b, other.inspection.id);
  const bLink = await open(b, other.order.id, uniqueEmail("photo-b"));
  expect((await get(bLink.slug, bLink.token, bPhoto.id)).status).toBe(200);
  const openOne = await openInspection(a);
  const unfinished = await addInspectionPhoto(a, { inspectionItemId: openOne.pads.id, bytes: png });
  const refused = [
    await get(bLink.slug, bLink.token, photo.id), // B's link, A's photo
    await get(a.orgSlug, bLink.token, photo.id), // B's token under A's workshop
    await get(link.slug, link.token, bPhoto.id), // A's link, B's photo
    await get(link.slug, link.token, unfinished.id), // another order's photo, inspection still open
    await get(link.slug, link.token, "0190f7a2-1111-7000-8000-000000000000"), // guessed id
    await get(link.slug, link.token, "../../etc/passwd"),
    await get(link.slug, "A".repeat(43), photo.id), // made-up token
  ];
  for (const response of refused) {
    expect(response.status).toBe(404);
    expect(response.headers.get("cache-control")).toBe("private, no-store");
    expect(response.headers.get("content-type")).toContain("application/json");
  }
  // Answered or replaced, the link shows no more photos.
  await open(a, order.id, email);
  expect((await get(link.slug, link.token, photo.id)).status).toBe(404);
});

test("removing a photo deletes its object; technicians and workshop B reach only what they may see", async () => {
  const { order, pads } = await openInspection(a);
  const photo = await addInspectionPhoto(a, { inspectionItemId: pads.id, bytes: jpeg });
  const file = path.join(folder, photo.storageKey);
  const tech = await joinWorkshop(a, "TECHNICIAN", "photo-tech");
  const before = await stored();

  await expect(addInspectionPhoto(tech, { inspectionItemId: pads.id, bytes: png })).rejects.toMatchObject({ code: "NOT_FOUND" });
  await expect(memberPhoto(tech, photo.id)).rejects.toMatchObject({ code: "NOT_FOUND" });
  await expect(removeInspectionPhoto(tech, photo.id)).rejects.toMatchObject({ code: "NOT_FOUND" });
  await expect(addInspectionPhoto(b, { inspectionItemId: pads.id, bytes: png })).rejects.toMatchObject({ code: "NOT_FOUND" });
  await expect(addInspectionPhoto(b, { inspectionItemId: "not-an-id", bytes: png })).rejects.toMatchObject({ code: "NOT_FOUND" });
  await expect(memberPhoto(b, photo.id)).rejects.toMatchObject({ code: "NOT_FOUND" });
  await expect(removeInspectionPhoto(b, photo.id)).rejects.toMatchObject({ code: "NOT_FOUND" });
  await expect(removeInspectionPhoto(b, "x")).rejects.toMatchObject({ code: "NOT_FOUND" });
  expect(await stored()).toEqual(before);

  const { assignTechnician } = await import("@/lib/repair-orders/assign-technician");
  await assignTechnician(a, order.id, tech.userId);
  const theirs = await addInspectionPhoto(tech, { inspectionItemId: pads.id, bytes: png });
  expect((await memberPhoto(tech, photo.id)).bytes).toEqual(jpeg);

  await removeInspectionPhoto(a, photo.id);
  await expect(readFile(file)).rejects.toMatchObject({ code: "ENOENT" });
  await expect(memberPhoto(a, photo.id)).rejects.toMatchObject({ code: "NOT_FOUND" });
  const audit = await withTenant(a.orgId, (tx) => tx.auditLog.findFirstOrThrow({ where: { targetId: photo.id, action: "attachment.delete" } }));
  expect(audit.actorUserId).toBe(a.userId);
  expect((await stored()).rows.map((row: { id: string }) => row.id)).toContain(theirs.id);
});

test("with S3 configured, photos go to the bucket and back, and deleting or refusing leaves nothing there", async () => {
  const bucketDir = await mkdtemp(path.join(os.tmpdir(), "awms-s3-"));
  const server = new S3rver({ address: "127.0.0.1", port: 0, silent: true, directory: bucketDir, configureBuckets: [{ name: "awms-photos" }] });
  const { port } = await server.run();
  Object.assign(process.env, {
    S3_ENDPOINT: `http://127.0.0.1:${port}`, S3_BUCKET: "awms-photos", S3_ACCESS_KEY_ID: "S3RVER", S3_SECRET_ACCESS_KEY: "S3RVER", S3_REGION: "us-east-1",
  });
  reloadServerEnv();
  try {
    const { pads } = await openInspection(a);
    const diskBefore = await stored();
    const objectsInBucket = async () =>
      (await readdir(bucketDir, { recursive: true, withFileTypes: true })).filter((entry) => entry.isFile() && entry.name.endsWith("._S3rver_object")).length;
    const photo = await addInspectionPhoto(a, { inspectionItemId: pads.id, bytes: jpeg });
    expect(photo.storage).toBe("S3");
    expect(await objectsInBucket()).toBe(1);
    expect((await stored()).files).toEqual(diskBefore.files); // not on disk
    const store = attachmentStore();
    expect(store.kind).toBe("S3");
    expect(await store.get(photo.storageKey)).toEqual(jpeg);
    expect(await memberPhoto(a, photo.id)).toMatchObject({ bytes: jpeg, contentType: "image/jpeg" });

    await removeInspectionPhoto(a, photo.id);
    expect(await store.get(photo.storageKey)).toBeNull();
    await expect(addInspectionPhoto(a, { inspectionItemId: pads.id, bytes: Buffer.from("not a photo") })).rejects.toMatchObject({ code: "VALIDATION_FAILED" });
    expect(await objectsInBucket()).toBe(0);
  } finally {
    for (const name of ["S3_ENDPOINT", "S3_BUCKET", "S3_ACCESS_KEY_ID", "S3_SECRET_ACCESS_KEY", "S3_REGION"]) delete process.env[name];
    reloadServerEnv();
    await server.close();
    await rm(bucketDir, { recursive: true, force: true });
  }
});

describe("the upload route's origin check", () => {
  const upload = (origin: string | null, host = "awms.example") =>
    new Request("https://awms.example/a/attachments", {
      method: "POST",
      headers: { host, "content-type": "multipart/form-data; boundary=x", ...(origin === null ? {} : { origin }) },
      body: "--x--",
    });

  test("a photo posted from another site is 403 before anything is read; the app's own pages and non-browser clients pass", async () => {
    const { POST } = await import("@/app/[orgSlug]/attachments/route");
    const saved = { APP_URL: process.env.APP_URL, NEXTAUTH_URL: process.env.NEXTAUTH_URL };
    try {
      process.env.APP_URL = "https://awms.example";
      reloadServerEnv();
      for (const origin of ["https://evil.example", "http://awms.example", "null"]) {
        const answer = await POST(upload(origin), { params: Promise.resolve({ orgSlug: "a" }) });
        expect(answer.status).toBe(403);
        expect(((await answer.json()) as { error: { code: string } }).error.code).toBe("FORBIDDEN");
      }
      expect(isSameOrigin(upload("https://awms.example"))).toBe(true);
      expect(isSameOrigin(upload(null))).toBe(true);

      // Neither APP_URL nor NEXTAUTH_URL: the request's own Host is the app's.
      delete process.env.APP_URL;
      delete process.env.NEXTAUTH_URL;
      reloadServerEnv();
      expect(isSameOrigin(upload("https://awms.example"))).toBe(true);
      expect(isSameOrigin(upload("https://awms.example", "other.example"))).toBe(false);
      expect((await POST(upload("https://evil.example"), { params: Promise.resolve({ orgSlug: "a" }) })).status).toBe(403);
    } finally {
      for (const [name, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
      reloadServerEnv();
    }
  });
});
