// The attachments disk fills up while a technician uploads an inspection photo: the phone is told
// plainly that nothing was saved (not a 500), no Attachment row and no half-written file is left,
// and once there is room again the same photo uploads. The disk is a small tmpfs of the test's own.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { createCustomer } from "@/lib/customers/create-customer";
import { createTemplate } from "@/lib/inspections/create-template";
import { startInspection } from "@/lib/inspections/start-inspection";
import { addTemplateItem } from "@/lib/inspections/template-items";
import { createRepairOrder } from "@/lib/repair-orders/create-repair-order";
import { withTenant } from "@/lib/db";
import { addVehicle, ZVehicle } from "@/lib/vehicles/save-vehicle";
import { contextFor, PASSWORD, signUp, uniqueEmail } from "../support/accounts";
import { startAppServer, type AppServer } from "../support/app-server";
import { signInOverHttp } from "../support/server-actions";

const DISK_BYTES = 2 * 1024 * 1024;
/** Left free when the disk is "full": the photo starts to be written, then runs out of room. */
const LEFT_FREE = 64 * 1024;

let disk = "";
let mounted = false;
let refusedMount = "";
let app: AppServer;
let cookie = "";
let orgId = "";
let orgSlug = "";
let itemId = "";
// A real photo's first bytes (the type is sniffed from them) padded to a phone photo's size.
const photo = Buffer.concat([readFileSync(path.join(__dirname, "../fixtures/brake-pad.jpg")), Buffer.alloc(300 * 1024, 7)]);

beforeAll(async () => {
  disk = mkdtempSync(path.join(os.tmpdir(), "awms-full-disk-"));
  try {
    execFileSync("mount", ["-t", "tmpfs", "-o", `size=${DISK_BYTES},mode=0700`, "tmpfs", disk], { stdio: "pipe" });
    mounted = true;
  } catch (error) {
    refusedMount = String((error as { stderr?: Buffer }).stderr ?? error).trim();
    // CI runs as root and must prove this: a refused mount there is a failure, not a skip.
    if (process.env.CI) throw new Error(`the disk-full test needs to mount a tmpfs and CI refused: ${refusedMount}`);
    console.log(`SKIPPED: the disk-full test needs to mount a tmpfs and this machine refused: ${refusedMount}`);
    return;
  }
  app = await startAppServer({ ATTACHMENTS_DIR: disk });
  const account = await signUp("fault-disk");
  const owner = await contextFor(account.userId, account.orgSlug);
  [orgId, orgSlug] = [owner.orgId, owner.orgSlug];
  const template = await createTemplate(owner, { name: "Brakes" });
  await addTemplateItem(owner, { templateId: template.id, section: "Brakes", label: "Front brake pads" });
  const customer = await createCustomer(owner, { kind: "PERSON", displayName: "Dana Driver", email: uniqueEmail("dana") });
  const vehicle = await addVehicle(owner, customer.id, ZVehicle.parse({ registration: "FU11 DSK" }));
  const order = await createRepairOrder(owner, { customerId: customer.id, vehicleId: vehicle.id });
  const inspection = await startInspection(owner, { repairOrderId: order.id, templateId: template.id });
  itemId = (await withTenant(orgId, (tx) => tx.inspectionItem.findFirstOrThrow({ where: { inspectionId: inspection.id } }))).id;
  cookie = await signInOverHttp(app.url, account.email, PASSWORD);
}, 120_000);

afterAll(async () => {
  await app?.stop();
  if (mounted) execFileSync("umount", [disk]);
  rmSync(disk, { recursive: true, force: true });
});

async function upload() {
  const form = new FormData();
  form.append("inspectionItemId", itemId);
  form.append("photo", new Blob([photo], { type: "image/jpeg" }), "IMG_0042.jpg");
  const response = await fetch(`${app.url}/${orgSlug}/attachments`, { method: "POST", headers: { Cookie: cookie, Origin: app.url, Accept: "application/json" }, body: form });
  return { status: response.status, contentType: response.headers.get("content-type") ?? "", body: await response.text() };
}

/** Every file on the disk but the filler, with its size. */
function filesOn(root: string, skip: string): string[] {
  return readdirSync(root, { recursive: true, encoding: "utf8" })
    .map((name) => path.join(root, name))
    .filter((file) => file !== skip && statSync(file).isFile())
    .map((file) => `${path.relative(root, file)} (${statSync(file).size} B)`);
}

const attachmentRows = async () =>
  Number((await app.database.superuser.query(`SELECT count(*) AS n FROM "Attachment" WHERE "organizationId" = $1`, [orgId])).rows[0].n);

test("a full disk refuses the photo with a clear 503 and leaves nothing behind; with room again the same upload works", async () => {
  if (!mounted) return console.log(`SKIPPED (mount refused): ${refusedMount}`);
  const filler = path.join(disk, "filler");
  writeFileSync(filler, Buffer.alloc(DISK_BYTES - LEFT_FREE));

  const refused = await upload();
  const leftBehind = { files: filesOn(disk, filler), rows: await attachmentRows() };
  rmSync(filler);
  const accepted = await upload();
  const stored = filesOn(disk, filler);
  console.log(`Disk full for uploads: ${JSON.stringify({ diskBytes: DISK_BYTES, leftFree: LEFT_FREE, photoBytes: photo.length, refused, leftBehind, accepted, stored, rowsAfter: await attachmentRows() })}`);

  expect(refused.status).toBe(503);
  expect(refused.contentType).toContain("application/json");
  expect(JSON.parse(refused.body)).toMatchObject({ error: { code: "SERVICE_UNAVAILABLE", message: expect.stringMatching(/no room .*Nothing was saved/) } });
  expect(leftBehind).toEqual({ files: [], rows: 0 });

  expect(accepted.status).toBe(201);
  expect(JSON.parse(accepted.body)).toMatchObject({ contentType: "image/jpeg", byteSize: photo.length });
  expect(stored).toHaveLength(1);
  expect(stored[0]).toMatch(new RegExp(`^${orgId}/[^/]+ \\(${photo.length} B\\)$`));
  expect(await attachmentRows()).toBe(1);
});
