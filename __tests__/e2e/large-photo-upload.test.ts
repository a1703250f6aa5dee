// A photo at the size limit goes through `next start` whole. Next buffers a body for the
// middleware up to proxyClientMaxBodySize (10 MiB unless configured) and silently drops the rest,
// so without next.config.ts's setting a 10 MiB photo plus its form would arrive cut short. Here the
// bytes read back are the bytes sent, and one byte over the limit is a field error that stores nothing.
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { createCustomer } from "@/lib/customers/create-customer";
import { withTenant } from "@/lib/db";
import { createTemplate } from "@/lib/inspections/create-template";
import { startInspection } from "@/lib/inspections/start-inspection";
import { addTemplateItem } from "@/lib/inspections/template-items";
import { createRepairOrder } from "@/lib/repair-orders/create-repair-order";
import { addVehicle, ZVehicle } from "@/lib/vehicles/save-vehicle";
import { PASSWORD, contextFor, signUp } from "../support/accounts";
import { startAppServer, type AppServer } from "../support/app-server";
import { signInOverHttp } from "../support/server-actions";

const LIMIT = 10 * 1024 * 1024; // ATTACHMENT_MAX_BYTES's default, which is also Next's own body buffer
let app: AppServer;
let cookie = "";
let orgSlug = "";
let orgId = "";
let inspectionItemId = "";

beforeAll(async () => {
  app = await startAppServer();
  const account = await signUp("e2e-big-photo");
  const owner = await contextFor(account.userId, account.orgSlug);
  ({ orgSlug, orgId } = owner);
  const template = await createTemplate(owner, { name: "Body check" });
  await addTemplateItem(owner, { templateId: template.id, section: "Body", label: "Rear bumper" });
  const customer = await createCustomer(owner, { kind: "PERSON", displayName: "Ben Bumper" });
  const vehicle = await addVehicle(owner, customer.id, ZVehicle.parse({ registration: "BG24 PIC" }));
  const order = await createRepairOrder(owner, { customerId: customer.id, vehicleId: vehicle.id });
  const inspection = await startInspection(owner, { repairOrderId: order.id, templateId: template.id });
  inspectionItemId = (await withTenant(orgId, (tx) => tx.inspectionItem.findFirstOrThrow({ where: { inspectionId: inspection.id } }))).id;
  cookie = await signInOverHttp(app.url, account.email, PASSWORD);
}, 120_000);

afterAll(() => app?.stop());

/** A real JPEG padded after its end marker to exactly `size` bytes: viewers ignore what follows the image. */
async function jpegOf(size: number): Promise<Buffer> {
  const image = await readFile(path.join(__dirname, "../fixtures/brake-pad.jpg"));
  const padded = Buffer.alloc(size, 0x20);
  image.copy(padded);
  return padded;
}

function upload(bytes: Buffer) {
  const form = new FormData();
  form.set("inspectionItemId", inspectionItemId);
  form.set("photo", new File([new Uint8Array(bytes)], "bumper.jpg", { type: "image/jpeg" }));
  return fetch(`${app.url}/${orgSlug}/attachments`, { method: "POST", headers: { Cookie: cookie, Origin: app.url }, body: form });
}

const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");
const attachmentCount = () => withTenant(orgId, (tx) => tx.attachment.count());

test("a photo of exactly the limit (10 MiB, over 10 MiB with its form) is stored whole and reads back byte for byte", async () => {
  const photo = await jpegOf(LIMIT);
  const response = await upload(photo);
  expect(response.status).toBe(201);
  const stored = (await response.json()) as { id: string; byteSize: number; contentType: string };
  expect(stored).toMatchObject({ byteSize: LIMIT, contentType: "image/jpeg" });
  const download = await fetch(`${app.url}/${orgSlug}/attachments/${stored.id}`, { headers: { Cookie: cookie } });
  expect(download.status).toBe(200);
  const body = new Uint8Array(await download.arrayBuffer());
  expect(body.byteLength).toBe(LIMIT);
  expect(sha256(body)).toBe(sha256(photo));
});

test.each([
  ["one byte over the limit", LIMIT + 1],
  ["far over the limit (refused as it arrives)", LIMIT + 4 * 1024 * 1024],
])("%s is refused with a field error that says the limit, and nothing is stored", async (_label, size) => {
  const before = await attachmentCount();
  const response = await upload(await jpegOf(size));
  expect(response.status).toBe(400);
  const { error } = (await response.json()) as { error: { code: string; message: string; fields: Record<string, string> } };
  expect(error).toMatchObject({ code: "VALIDATION_FAILED", fields: { photo: expect.stringMatching(/up to 10 MB/) } });
  expect(await attachmentCount()).toBe(before);
});
