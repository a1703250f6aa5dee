// Digital vehicle inspections: the workshop's checklists, an inspection copied
// from one, ratings with exact measurements, amber and red items proposed as
// jobs exactly once, technicians limited to their own repair orders, and
// workshop B's attacks by id.
import { customerEstimate } from "@/lib/approvals/customer-estimate";
import { sendApprovalLink } from "@/lib/approvals/send-approval-link";
import { createCustomer } from "@/lib/customers/create-customer";
import { withTenant } from "@/lib/db";
import { completeInspection } from "@/lib/inspections/complete-inspection";
import { createTemplate } from "@/lib/inspections/create-template";
import { renameTemplate, setTemplateActive } from "@/lib/inspections/edit-template";
import { inspectionView, repairOrderInspections } from "@/lib/inspections/inspection-view";
import { listTemplates } from "@/lib/inspections/list-templates";
import { formatMilli, measurement } from "@/lib/inspections/measurement";
import { proposeJobForItem } from "@/lib/inspections/propose-jobs";
import { rateItem } from "@/lib/inspections/rate-item";
import { STANDARD_CHECKLIST } from "@/lib/inspections/standard-checklist";
import { startInspection } from "@/lib/inspections/start-inspection";
import { addTemplateItem, moveTemplateItem, removeTemplateItem } from "@/lib/inspections/template-items";
import type { OrgContext } from "@/lib/org/context";
import { assignTechnician } from "@/lib/repair-orders/assign-technician";
import { createRepairOrder } from "@/lib/repair-orders/create-repair-order";
import { addVehicle, ZVehicle } from "@/lib/vehicles/save-vehicle";
import { contextFor, joinWorkshop, lastMailTo, linkIn, signUp, uniqueEmail } from "../support/accounts";
import { createTestDatabase, type TestDatabase } from "../support/test-database";

let database: TestDatabase;
let a: OrgContext;
let b: OrgContext;
let tech: OrgContext;
const phone = { ip: "203.0.113.20", userAgent: "Mozilla/5.0 (iPhone) Safari", requestId: "req-dvi" };

beforeAll(async () => {
  database = await createTestDatabase({ poolSize: 10 });
  const first = await signUp("dvi-a");
  const second = await signUp("dvi-b");
  a = await contextFor(first.userId, first.orgSlug);
  b = await contextFor(second.userId, second.orgSlug);
  tech = await joinWorkshop(a, "TECHNICIAN", "dvi-tech");
});

afterAll(() => database.drop());

let plates = 0;
async function repairOrder(ctx: OrgContext, name = "Inspected Driver") {
  const customer = await createCustomer(ctx, { kind: "PERSON", displayName: name, email: uniqueEmail("dvi") });
  const vehicle = await addVehicle(ctx, customer.id, ZVehicle.parse({ registration: `DV${(plates += 1).toString().padStart(2, "0")} INS` }));
  return createRepairOrder(ctx, { customerId: customer.id, vehicleId: vehicle.id, concerns: "Annual check" });
}

/** A short checklist: pads measured in mm, wipers, and the battery in volts. */
async function shortChecklist(ctx: OrgContext, name: string) {
  const template = await createTemplate(ctx, { name });
  await addTemplateItem(ctx, { templateId: template.id, section: "Brakes", label: "Front brake pads", measurementUnit: "mm" });
  await addTemplateItem(ctx, { templateId: template.id, section: "Visibility", label: "Wiper blades" });
  await addTemplateItem(ctx, { templateId: template.id, section: "Under the bonnet", label: "Battery", measurementUnit: "V" });
  return template;
}

const itemsOf = async (ctx: OrgContext, inspectionId: string) => (await inspectionView(ctx, inspectionId)).items;
const jobsOn = (ctx: OrgContext, repairOrderId: string) =>
  withTenant(ctx.orgId, (tx) => tx.job.findMany({ where: { repairOrderId }, orderBy: { position: "asc" }, include: { lines: true } }));

/** Every row of the inspection tables and jobs, as the superuser sees them: to prove an attack changed nothing. */
async function everything() {
  const tables = ["InspectionTemplate", "InspectionTemplateItem", "Inspection", "InspectionItem", "Attachment", "Job", "ApprovalLink"];
  const result: Record<string, unknown> = {};
  for (const table of tables) result[table] = (await database.superuser.query(`SELECT * FROM "${table}" ORDER BY id`)).rows;
  result.audit = (await database.superuser.query(`SELECT count(*)::int AS n FROM "AuditLog"`)).rows[0];
  return result;
}

test("measurements are parsed exactly, by the string, never through a float", () => {
  expect(measurement.parse("3.5")).toBe(3500);
  expect(measurement.parse("2")).toBe(2000);
  expect(measurement.parse("0,125")).toBe(125);
  expect(measurement.parse("1.005")).toBe(1005); // 1.005 * 1000 is 1004.9999999999999 as a float
  expect(measurement.parse(" 12.6 ")).toBe(12600);
  for (const bad of ["3.5555", "-1", "abc", "1e3", "3.", ".5", "1234567"]) expect(measurement.safeParse(bad).success).toBe(false);
  expect([3500, 2000, 125, 1005, 0].map(formatMilli)).toEqual(["3.5", "2", "0.125", "1.005", "0"]);
});

test("a checklist is the workshop's own: created from the standard one, renamed, items added, moved, removed and switched off", async () => {
  const standard = await createTemplate(a, { name: "Full vehicle check", startFrom: "standard" });
  let [listed] = (await listTemplates(a)).filter((template) => template.id === standard.id);
  expect(listed!.items.map((item) => item.label)).toEqual(STANDARD_CHECKLIST.map((item) => item.label));
  expect(listed!.items.filter((item) => item.measurementUnit === "mm").map((item) => item.label)).toEqual([
    "Front left tyre tread", "Front right tyre tread", "Rear left tyre tread", "Rear right tyre tread", "Front brake pads", "Rear brake pads",
  ]);

  await expect(createTemplate(a, { name: "Full vehicle check" })).rejects.toMatchObject({ code: "CONFLICT", fields: { name: expect.any(String) } });
  await expect(createTemplate(a, { name: "  " })).rejects.toMatchObject({ code: "VALIDATION_FAILED", fields: { name: "Name the checklist." } });
  await expect(addTemplateItem(a, { templateId: standard.id, label: "Tread", measurementUnit: "mm; DROP" })).rejects.toMatchObject({
    code: "VALIDATION_FAILED", fields: { measurementUnit: expect.any(String) },
  });

  const short = await shortChecklist(a, "Quick check");
  await renameTemplate(a, { templateId: short.id, name: "Quick safety check" });
  const [pads, wipers, battery] = (await listTemplates(a)).find((template) => template.id === short.id)!.items;
  expect(await moveTemplateItem(a, { itemId: battery!.id, direction: "up" })).toBe(true);
  expect(await moveTemplateItem(a, { itemId: pads!.id, direction: "up" })).toBe(false); // already first
  await removeTemplateItem(a, { itemId: wipers!.id });
  listed = (await listTemplates(a)).find((template) => template.id === short.id);
  expect(listed).toMatchObject({ name: "Quick safety check", active: true });
  expect(listed!.items.map((item) => [item.label, item.measurementUnit])).toEqual([["Front brake pads", "mm"], ["Battery", "V"]]);

  await setTemplateActive(a, { templateId: short.id, active: "false" });
  expect((await listTemplates(a, { activeOnly: true })).map((template) => template.name)).toEqual(["Full vehicle check"]);
  const order = await repairOrder(a);
  await expect(startInspection(a, { repairOrderId: order.id, templateId: short.id })).rejects.toMatchObject({ fields: { templateId: expect.any(String) } });
  await setTemplateActive(a, { templateId: short.id, active: "true" });

  // Checklists are workshop settings: a technician uses them but does not edit them.
  await expect(addTemplateItem(tech, { templateId: short.id, label: "Horn" })).rejects.toMatchObject({ code: "FORBIDDEN" });
  const audits = await withTenant(a.orgId, (tx) => tx.auditLog.findMany({ where: { targetId: short.id }, orderBy: { seq: "asc" } }));
  expect(audits.map((entry) => entry.action)).toEqual([
    "inspectionTemplate.create", "inspectionTemplate.addItem", "inspectionTemplate.addItem", "inspectionTemplate.addItem",
    "inspectionTemplate.rename", "inspectionTemplate.moveItem", "inspectionTemplate.removeItem",
    "inspectionTemplate.deactivate", "inspectionTemplate.activate",
  ]);
});

test("an inspection copies its checklist: later edits of the checklist do not change it", async () => {
  const template = await shortChecklist(a, "Copy check");
  const order = await repairOrder(a);
  const inspection = await startInspection(a, { repairOrderId: order.id, templateId: template.id });
  expect(inspection).toMatchObject({ title: "Copy check", status: "IN_PROGRESS", technicianUserId: a.userId });

  const [pads] = (await listTemplates(a)).find((t) => t.id === template.id)!.items;
  await removeTemplateItem(a, { itemId: pads!.id });
  await addTemplateItem(a, { templateId: template.id, label: "Horn" });
  await renameTemplate(a, { templateId: template.id, name: "Copy check v2" });

  const view = await inspectionView(a, inspection.id);
  expect(view.title).toBe("Copy check");
  expect(view.items.map((item) => [item.section, item.label, item.measurementUnit, item.rating])).toEqual([
    ["Brakes", "Front brake pads", "mm", null],
    ["Visibility", "Wiper blades", null, null],
    ["Under the bonnet", "Battery", "V", null],
  ]);
  expect(await repairOrderInspections(a, order.id)).toEqual([expect.objectContaining({ id: inspection.id, items: 3, rated: 0 })]);
});

test("ratings keep the note and the exact measurement; bad input is a field error and changes nothing", async () => {
  const template = await shortChecklist(a, "Rating check");
  const order = await repairOrder(a);
  const inspection = await startInspection(a, { repairOrderId: order.id, templateId: template.id });
  const [pads, wipers, battery] = await itemsOf(a, inspection.id);

  await rateItem(a, { itemId: pads!.id, rating: "RED", note: "Down to the wear indicator", measurement: "2" });
  await rateItem(a, { itemId: battery!.id, rating: "GREEN", measurement: "12,6" });
  await expect(rateItem(a, { itemId: wipers!.id, rating: "AMBER", measurement: "3" })).rejects.toMatchObject({
    code: "VALIDATION_FAILED", fields: { measurement: "This item takes no measurement." },
  });
  await expect(rateItem(a, { itemId: pads!.id, rating: "GREEN", measurement: "3.5555" })).rejects.toMatchObject({ fields: { measurement: expect.stringContaining("three decimals") } });
  await expect(rateItem(a, { itemId: pads!.id, rating: "PURPLE" as "RED" })).rejects.toMatchObject({ fields: { rating: "Choose green, amber or red." } });
  await rateItem(a, { itemId: wipers!.id, rating: "AMBER", note: "Smearing" });

  const rows = await database.superuser.query(`SELECT label, rating, note, "measurementMilli" FROM "InspectionItem" WHERE "inspectionId" = $1 ORDER BY position`, [inspection.id]);
  expect(rows.rows).toEqual([
    { label: "Front brake pads", rating: "RED", note: "Down to the wear indicator", measurementMilli: 2000 },
    { label: "Wiper blades", rating: "AMBER", note: "Smearing", measurementMilli: null },
    { label: "Battery", rating: "GREEN", note: null, measurementMilli: 12600 },
  ]);
});

test("completing needs every item rated, then proposes one pending job per amber or red item, once", async () => {
  const template = await shortChecklist(a, "Complete check");
  const order = await repairOrder(a, "Completing Driver");
  const inspection = await startInspection(a, { repairOrderId: order.id, templateId: template.id });
  const [pads, wipers, battery] = await itemsOf(a, inspection.id);
  await rateItem(a, { itemId: pads!.id, rating: "RED", measurement: "2" });

  const refused = completeInspection(a, inspection.id);
  await expect(refused).rejects.toMatchObject({ code: "VALIDATION_FAILED", message: expect.stringContaining("2 left (Wiper blades, Battery)") });
  await expect(refused).rejects.toMatchObject({ fields: { [`rating.${wipers!.id}`]: "Rate this item.", [`rating.${battery!.id}`]: "Rate this item." } });
  expect(await jobsOn(a, order.id)).toHaveLength(0);

  // "Add to estimate" on the red item before completing: proposed now, not again at completion.
  const early = await proposeJobForItem(a, pads!.id);
  expect(early.created).toBe(true);
  expect(await proposeJobForItem(a, pads!.id)).toEqual({ created: false, jobId: early.jobId });
  await expect(proposeJobForItem(a, battery!.id)).rejects.toMatchObject({ code: "VALIDATION_FAILED" }); // not rated amber or red

  await rateItem(a, { itemId: wipers!.id, rating: "AMBER", note: "Smearing" });
  await rateItem(a, { itemId: battery!.id, rating: "GREEN", measurement: "12.6" });
  // Two completes at once (a double tap): one wins, the other is refused, nothing is proposed twice.
  const results = await Promise.allSettled([completeInspection(a, inspection.id), completeInspection(a, inspection.id)]);
  expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(1);
  expect(results.find((result) => result.status === "rejected")).toMatchObject({ reason: { code: "CONFLICT", message: "This inspection was already completed." } });

  const jobs = await jobsOn(a, order.id);
  expect(jobs.map((job) => [job.position, job.title, job.approval, job.lines.length])).toEqual([
    [1, "Front brake pads — 2 mm (RED)", "PENDING", 0],
    [2, "Wiper blades (AMBER)", "PENDING", 0],
  ]);
  const items = await itemsOf(a, inspection.id);
  expect(items.map((item) => item.proposedJobId)).toEqual([jobs[0]!.id, jobs[1]!.id, null]);
  expect(await proposeJobForItem(a, wipers!.id)).toEqual({ created: false, jobId: jobs[1]!.id });
  expect(await jobsOn(a, order.id)).toHaveLength(2);

  // Completed results are what the customer sees: they no longer change.
  await expect(rateItem(a, { itemId: battery!.id, rating: "RED" })).rejects.toMatchObject({ code: "CONFLICT" });
  const completed = await inspectionView(a, inspection.id);
  expect(completed.status).toBe("COMPLETED");
  expect(completed.completedAt).toBeInstanceOf(Date);
  const audits = await withTenant(a.orgId, (tx) => tx.auditLog.findMany({ where: { targetId: inspection.id, action: "inspection.complete" } }));
  expect(audits).toHaveLength(1);
  expect(audits[0]!.metadata).toMatchObject({ green: 1, amber: 1, red: 1, proposedJobs: 1 });
});

test("proposing work stops a link still out; the customer then sees the completed inspection grouped by rating", async () => {
  const template = await shortChecklist(a, "Customer check");
  const order = await repairOrder(a, "Linked Driver");
  const inspection = await startInspection(a, { repairOrderId: order.id, templateId: template.id });
  const [pads, wipers, battery] = await itemsOf(a, inspection.id);
  await rateItem(a, { itemId: pads!.id, rating: "RED", note: "Metal on metal", measurement: "1.5" });
  await rateItem(a, { itemId: wipers!.id, rating: "GREEN" });
  const email = uniqueEmail("dvi-link");
  const { jobId } = await proposeJobForItem(a, pads!.id);
  await sendApprovalLink(a, { repairOrderId: order.id, email });
  const first = linkIn((await lastMailTo(email))?.text).pathname.split("/");
  // Still in progress: the customer sees no inspection yet.
  expect((await customerEstimate(first[2]!, first[3]!, phone)).inspections).toEqual([]);

  await rateItem(a, { itemId: battery!.id, rating: "AMBER", measurement: "12.1" });
  await completeInspection(a, inspection.id);
  await expect(customerEstimate(first[2]!, first[3]!, phone)).rejects.toMatchObject({ code: "CONFLICT", message: expect.stringContaining("has changed") });

  await sendApprovalLink(a, { repairOrderId: order.id, email });
  const [, , slug, token] = linkIn((await lastMailTo(email))?.text).pathname.split("/");
  const estimate = await customerEstimate(slug!, token!, phone);
  expect(estimate.jobs.map((job) => job.title)).toEqual(["Front brake pads — 1.5 mm (RED)", "Battery — 12.1 V (AMBER)"]);
  expect(estimate.jobs[0]!.id).toBe(jobId);
  expect(estimate.inspections).toHaveLength(1);
  expect(estimate.inspections[0]!.groups.map((group) => [group.rating, group.items.map((item) => [item.label, item.note, item.measurementMilli])])).toEqual([
    ["RED", [["Front brake pads", "Metal on metal", 1500]]],
    ["AMBER", [["Battery", null, 12100]]],
    ["GREEN", [["Wiper blades", null, null]]],
  ]);
});

test("a technician inspects only the repair orders assigned to them", async () => {
  const template = await shortChecklist(a, "Technician check");
  const order = await repairOrder(a, "Tech Driver");
  const other = await repairOrder(a, "Someone Else");
  const started = await startInspection(a, { repairOrderId: other.id, templateId: template.id });
  const [otherItem] = await itemsOf(a, started.id);

  await expect(startInspection(tech, { repairOrderId: order.id, templateId: template.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
  await assignTechnician(a, order.id, tech.userId);
  const mine = await startInspection(tech, { repairOrderId: order.id, templateId: template.id });
  expect(mine.technicianUserId).toBe(tech.userId);
  const [pads] = await itemsOf(tech, mine.id);
  await rateItem(tech, { itemId: pads!.id, rating: "AMBER", measurement: "4" });
  expect((await proposeJobForItem(tech, pads!.id)).created).toBe(true);

  const before = await everything();
  await expect(inspectionView(tech, started.id)).rejects.toMatchObject({ code: "NOT_FOUND" });
  expect(await repairOrderInspections(tech, other.id)).toEqual([]);
  await expect(rateItem(tech, { itemId: otherItem!.id, rating: "RED" })).rejects.toMatchObject({ code: "NOT_FOUND" });
  await expect(proposeJobForItem(tech, otherItem!.id)).rejects.toMatchObject({ code: "NOT_FOUND" });
  await expect(completeInspection(tech, started.id)).rejects.toMatchObject({ code: "NOT_FOUND" });
  expect(await everything()).toEqual(before);
});

test("workshop B's ids and malformed ids are 'not found' everywhere, and nothing changes", async () => {
  const template = await shortChecklist(a, "Attacked check");
  const order = await repairOrder(a, "Victim Driver");
  const inspection = await startInspection(a, { repairOrderId: order.id, templateId: template.id });
  const [pads] = await itemsOf(a, inspection.id);
  await rateItem(a, { itemId: pads!.id, rating: "RED", measurement: "2" });
  const [templateItem] = (await listTemplates(a)).find((t) => t.id === template.id)!.items;
  const bTemplate = await shortChecklist(b, "Attacker check");
  const bOrder = await repairOrder(b, "Attacker Driver");

  const before = await everything();
  const attacks: Array<[string, () => Promise<unknown>]> = [
    ["start on A's order", () => startInspection(b, { repairOrderId: order.id, templateId: bTemplate.id })],
    ["start from A's checklist", () => startInspection(b, { repairOrderId: bOrder.id, templateId: template.id })],
    ["view", () => inspectionView(b, inspection.id)],
    ["list", () => repairOrderInspections(b, "not-a-uuid")],
    ["rate", () => rateItem(b, { itemId: pads!.id, rating: "GREEN" })],
    ["propose", () => proposeJobForItem(b, pads!.id)],
    ["complete", () => completeInspection(b, inspection.id)],
    ["rename", () => renameTemplate(b, { templateId: template.id, name: "Owned" })],
    ["switch off", () => setTemplateActive(b, { templateId: template.id, active: "false" })],
    ["add item", () => addTemplateItem(b, { templateId: template.id, label: "Backdoor" })],
    ["remove item", () => removeTemplateItem(b, { itemId: templateItem!.id })],
    ["move item", () => moveTemplateItem(b, { itemId: templateItem!.id, direction: "down" })],
    ["malformed inspection", () => completeInspection(b, "../../etc/passwd")],
    ["malformed item", () => rateItem(b, { itemId: "1 OR 1=1", rating: "RED" })],
    ["malformed template", () => renameTemplate(b, { templateId: "x", name: "y" })],
  ];
  for (const [name, attack] of attacks) {
    await expect(attack().then(() => name, (error: { code?: string }) => `${name}: ${error.code}`)).resolves.toBe(`${name}: NOT_FOUND`);
  }
  expect(await repairOrderInspections(b, order.id)).toEqual([]);
  expect(await everything()).toEqual(before);
});
