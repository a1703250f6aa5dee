import { verifyOrganizationChain } from "@/lib/audit/verify-chain";
import { createCustomer } from "@/lib/customers/create-customer";
import { customerFile } from "@/lib/customers/customer-file";
import { addCustomerContact, removeCustomerContact } from "@/lib/customers/customer-contacts";
import { ZCustomer } from "@/lib/customers/customer-input";
import { likelyDuplicates } from "@/lib/customers/likely-duplicates";
import { mergeCustomers, mergedCustomerFields } from "@/lib/customers/merge-customers";
import { customerMergePreview } from "@/lib/customers/merge-preview";
import { db, withTenant } from "@/lib/db";
import type { OrgContext } from "@/lib/org/context";
import { createRepairOrder } from "@/lib/repair-orders/create-repair-order";
import { addJob } from "@/lib/repair-orders/edit-jobs";
import { mergeVehicles, vehicleMergePreview } from "@/lib/vehicles/merge-vehicles";
import { addVehicle, ZVehicle } from "@/lib/vehicles/save-vehicle";
import { withCheckDigit } from "@/lib/vehicles/vin";
import { createTestDatabase, type TestDatabase } from "../support/test-database";
import { contextFor, signUp } from "../support/accounts";

let database: TestDatabase;
let a: OrgContext;
let b: OrgContext;

beforeAll(async () => {
  database = await createTestDatabase();
  const first = await signUp("merge-a");
  const second = await signUp("merge-b");
  a = await contextFor(first.userId, first.orgSlug);
  b = await contextFor(second.userId, second.orgSlug);
  await db().organization.updateMany({ where: { id: { in: [a.orgId, b.orgId] } }, data: { plan: "PROFESSIONAL" } });
});

afterAll(() => database.drop());

const customer = (ctx: OrgContext, fields: Record<string, string | boolean>) =>
  createCustomer(ctx, ZCustomer.parse(fields));
const vehicle = (ctx: OrgContext, customerId: string, fields: Record<string, string>) =>
  addVehicle(ctx, customerId, ZVehicle.parse(fields));

let invoiceNumber = 0;
/** An issued invoice, written the way the invoicing code will: INSERT only (the app role may not change it). */
async function invoiceFor(ctx: OrgContext, repairOrderId: string, customerId: string) {
  invoiceNumber += 1;
  return withTenant(ctx.orgId, (tx) =>
    tx.invoice.create({
      data: {
        organizationId: ctx.orgId, kind: "INVOICE", number: invoiceNumber, repairOrderId, customerId, currency: "GBP",
        pricesIncludeTax: true, netMinor: 10000, taxMinor: 2000, grossMinor: 12000,
        snapshot: { customer: { name: "as printed" } }, issuedByUserId: ctx.userId, dueAt: new Date(),
      },
    }),
  );
}

async function recommendationFor(ctx: OrgContext, vehicleId: string, repairOrderId: string) {
  const job = await addJob(ctx, { repairOrderId, title: "Rear tyres" });
  return withTenant(ctx.orgId, (tx) =>
    tx.recommendation.create({
      data: { organizationId: ctx.orgId, vehicleId, sourceRepairOrderId: repairOrderId, sourceJobId: job.id, title: "Rear tyres", grossMinor: 18000 },
    }),
  );
}

/** Every tenant row the merges could touch, in both workshops, counted by the superuser (no RLS). */
async function rowCounts() {
  const { rows } = await database.superuser.query<Record<string, string>>(`
    SELECT (SELECT count(*) FROM "Customer") AS customers, (SELECT count(*) FROM "Vehicle") AS vehicles,
           (SELECT count(*) FROM "RepairOrder") AS "repairOrders", (SELECT count(*) FROM "Invoice") AS invoices,
           (SELECT count(*) FROM "Recommendation") AS recommendations, (SELECT count(*) FROM "AuditLog") AS "auditEntries",
           (SELECT string_agg(id || ':' || "customerId", ',' ORDER BY id) FROM "Vehicle") AS "vehicleOwners",
           (SELECT string_agg(id || ':' || "customerId" || ':' || "billToCustomerId" || ':' || "vehicleId", ',' ORDER BY id) FROM "RepairOrder") AS "orderLinks",
           (SELECT string_agg(id || ':' || "customerId", ',' ORDER BY id) FROM "Invoice") AS "invoiceLinks",
           (SELECT string_agg(id || ':' || "updatedAt", ',' ORDER BY id) FROM "Customer") AS "customerVersions"`);
  return rows[0];
}

test("merging a duplicate moves its vehicles, repair orders, invoices and recommendations, fills blanks, and is audited without personal data", async () => {
  const keep = await customer(a, { displayName: "Margaret Thornton", phone: "+44 7700 900555", notes: "Prefers mornings", smsConsent: true });
  const duplicate = await customer(a, {
    displayName: "Maggie Thornton", email: "maggie@example.com", phone: "07700 900999",
    addressLine1: "1 High Street", city: "Leeds", postcode: "LS1 1AA", notes: "Pays cash", marketingConsent: true,
  });
  const fleet = await customer(a, { displayName: "Thornton Fleet Ltd", kind: "FLEET" });
  const keptCar = await vehicle(a, keep.id, { registration: "MT03 HON" });
  const dupCar = await vehicle(a, duplicate.id, { registration: "MT19 DUP", vin: withCheckDigit("1HGCM82633A900001") });
  const fleetCar = await vehicle(a, fleet.id, { registration: "FL33 EET" });

  const dupOrder = await createRepairOrder(a, { customerId: duplicate.id, vehicleId: dupCar.id });
  const billedToDup = await createRepairOrder(a, { customerId: keep.id, vehicleId: keptCar.id, billToCustomerId: duplicate.id });
  const fleetOrderBilledToDup = await createRepairOrder(a, { customerId: fleet.id, vehicleId: fleetCar.id, billToCustomerId: duplicate.id });
  const dupInvoice = await invoiceFor(a, dupOrder.id, duplicate.id);
  const billedInvoice = await invoiceFor(a, billedToDup.id, duplicate.id);
  const recommendation = await recommendationFor(a, dupCar.id, dupOrder.id);

  const preview = await customerMergePreview(a, keep.id, duplicate.id);
  expect(preview.counts).toEqual({ vehicles: 1, repairOrders: 1, billedRepairOrders: 3, invoices: 2 });
  expect(preview.filled).toEqual(["email", "address", "notes"]);

  const result = await mergeCustomers(a, { keepId: keep.id, mergeId: duplicate.id });
  expect(result.moved).toEqual({ vehicles: 1, contacts: 0, repairOrders: 1, billedRepairOrders: 3, invoices: 2, recommendations: 1 });

  await expect(customerFile(a, duplicate.id)).rejects.toMatchObject({ code: "NOT_FOUND" });
  const file = await customerFile(a, keep.id);
  expect(file.customer).toMatchObject({
    displayName: "Margaret Thornton", kind: "PERSON",
    email: "maggie@example.com", phone: "+44 7700 900555",
    addressLine1: "1 High Street", city: "Leeds", postcode: "LS1 1AA",
    // Consent stays what the kept customer agreed to.
    marketingConsent: false, smsConsent: true,
  });
  expect(file.customer.notes).toBe("Prefers mornings\n\nMerged from “Maggie Thornton”:\nPhone: 07700 900999\nPays cash");
  expect(file.customer.vehicles.map((v) => v.id).sort()).toEqual([keptCar.id, dupCar.id].sort());

  const after = await withTenant(a.orgId, async (tx) => ({
    orders: await tx.repairOrder.findMany({ where: { id: { in: [dupOrder.id, billedToDup.id, fleetOrderBilledToDup.id] } } }),
    invoices: await tx.invoice.findMany({ where: { id: { in: [dupInvoice.id, billedInvoice.id] } } }),
    recommendation: await tx.recommendation.findFirstOrThrow({ where: { id: recommendation.id } }),
  }));
  expect(after.orders.find((o) => o.id === dupOrder.id)).toMatchObject({ customerId: keep.id, billToCustomerId: keep.id, vehicleId: dupCar.id });
  expect(after.orders.find((o) => o.id === billedToDup.id)).toMatchObject({ customerId: keep.id, billToCustomerId: keep.id });
  // The fleet's own order stays the fleet's; only who pays moved.
  expect(after.orders.find((o) => o.id === fleetOrderBilledToDup.id)).toMatchObject({ customerId: fleet.id, billToCustomerId: keep.id });
  for (const invoice of after.invoices) {
    expect(invoice.customerId).toBe(keep.id);
    // Nothing else of an issued invoice changed.
    expect(invoice.snapshot).toEqual({ customer: { name: "as printed" } });
  }
  expect(after.recommendation.vehicleId).toBe(dupCar.id);

  const entry = await withTenant(a.orgId, (tx) => tx.auditLog.findFirstOrThrow({ where: { action: "customer.merge", targetId: keep.id } }));
  expect(entry).toMatchObject({ targetType: "Customer", actorUserId: a.userId });
  expect(entry.metadata).toEqual({
    keptId: keep.id, mergedId: duplicate.id,
    moved: { vehicles: 1, contacts: 0, repairOrders: 1, billedRepairOrders: 3, invoices: 2, recommendations: 1 },
    filled: ["email", "address", "notes"],
  });
  const written = JSON.stringify(entry.metadata);
  for (const personal of ["Maggie", "Thornton", "maggie@example.com", "900999", "High Street", "Pays cash"]) expect(written).not.toContain(personal);
  expect(file.history[0]).toMatchObject({ action: "customer.merge" });
  expect((await verifyOrganizationChain(a.orgId)).ok).toBe(true);
});

test("the fill rules: blanks only, an address as a whole, notes appended only when something would be lost", () => {
  const base = { displayName: "A", email: null, phone: null, addressLine1: null, city: null, postcode: null, notes: null };
  expect(mergedCustomerFields({ ...base, city: "York" }, { ...base, displayName: "B", addressLine1: "2 Low Lane", city: "Hull" })).toEqual({
    data: { notes: "Merged from “B”:\nAddress: 2 Low Lane, Hull" }, filled: ["notes"],
  });
  expect(mergedCustomerFields({ ...base, email: "a@x.test" }, { ...base, displayName: "B", email: "a@x.test" })).toEqual({ data: {}, filled: [] });
  expect(mergedCustomerFields({ ...base, notes: "Keep" }, { ...base, displayName: "B", phone: "0113 496 0000" })).toEqual({
    data: { phone: "0113 496 0000" }, filled: ["phone"],
  });
  // The same number written another way is not "lost"; a different one is kept in the notes.
  expect(mergedCustomerFields({ ...base, phone: "+44 113 496 0000" }, { ...base, displayName: "B", phone: "0113 496 0000" })).toEqual({ data: {}, filled: [] });
  expect(mergedCustomerFields({ ...base, phone: "999" }, { ...base, displayName: "B", phone: "112" })).toEqual({
    data: { notes: "Merged from “B”:\nPhone: 112" }, filled: ["notes"],
  });
});

test("the same id twice, a malformed id, or an id from another workshop is refused and changes nothing", async () => {
  const mine = await customer(a, { displayName: "Kept Customer" });
  const other = await customer(a, { displayName: "Other Customer" });
  const myCar = await vehicle(a, mine.id, { registration: "KC11 AAA" });
  const myOtherCar = await vehicle(a, mine.id, { registration: "KC11 AAB" });
  await createRepairOrder(a, { customerId: mine.id, vehicleId: myCar.id });
  const theirs = await customer(b, { displayName: "Attacker Customer" });
  const theirCar = await vehicle(b, theirs.id, { registration: "AT74 CKR" });
  await createRepairOrder(b, { customerId: theirs.id, vehicleId: theirCar.id });

  const before = await rowCounts();
  // Workshop B names A's customers and vehicles, as the duplicate or as the one kept.
  await expect(mergeCustomers(b, { keepId: theirs.id, mergeId: mine.id })).rejects.toMatchObject({ code: "NOT_FOUND", status: 404 });
  await expect(mergeCustomers(b, { keepId: mine.id, mergeId: theirs.id })).rejects.toMatchObject({ code: "NOT_FOUND", status: 404 });
  await expect(mergeCustomers(b, { keepId: mine.id, mergeId: other.id })).rejects.toMatchObject({ code: "NOT_FOUND", status: 404 });
  await expect(customerMergePreview(b, theirs.id, mine.id)).rejects.toMatchObject({ code: "NOT_FOUND" });
  await expect(likelyDuplicates(b, mine.id)).rejects.toMatchObject({ code: "NOT_FOUND" });
  await expect(mergeVehicles(b, { keepId: theirCar.id, mergeId: myCar.id })).rejects.toMatchObject({ code: "NOT_FOUND", status: 404 });
  await expect(mergeVehicles(b, { keepId: myCar.id, mergeId: myOtherCar.id })).rejects.toMatchObject({ code: "NOT_FOUND", status: 404 });
  // A names B's rows.
  await expect(mergeCustomers(a, { keepId: mine.id, mergeId: theirs.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
  await expect(mergeVehicles(a, { keepId: myCar.id, mergeId: theirCar.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
  // Same id twice, or not an id at all.
  await expect(mergeCustomers(a, { keepId: mine.id, mergeId: mine.id })).rejects.toMatchObject({
    code: "VALIDATION_FAILED", message: "A customer cannot be merged into itself.",
  });
  await expect(mergeVehicles(a, { keepId: myCar.id, mergeId: myCar.id })).rejects.toMatchObject({ code: "VALIDATION_FAILED" });
  await expect(mergeCustomers(a, { keepId: mine.id, mergeId: "not-a-uuid" })).rejects.toMatchObject({ code: "NOT_FOUND" });
  expect(await rowCounts()).toEqual(before);
});

test("roles without customer.merge or vehicle.update are refused (and the refusal is audited)", async () => {
  const one = await customer(a, { displayName: "Role Test One" });
  const two = await customer(a, { displayName: "Role Test Two" });
  const carOne = await vehicle(a, one.id, { registration: "RT11 ONE" });
  const carTwo = await vehicle(a, one.id, { registration: "RT11 TWO" });
  // The role comes from the membership in real requests; only the role matters to authorize().
  for (const role of ["TECHNICIAN", "VIEWER"] as const) {
    const member = { ...a, role };
    await expect(mergeCustomers(member, { keepId: one.id, mergeId: two.id })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(mergeVehicles(member, { keepId: carOne.id, mergeId: carTwo.id })).rejects.toMatchObject({ code: "FORBIDDEN" });
  }
  const denied = await withTenant(a.orgId, (tx) => tx.auditLog.findMany({ where: { action: "PERMISSION_DENIED" }, orderBy: { seq: "desc" }, take: 4 }));
  expect(denied.map((d) => (d.metadata as { permission: string }).permission).sort()).toEqual(["customer.merge", "customer.merge", "vehicle.update", "vehicle.update"]);
  expect(await customerFile(a, two.id)).toBeTruthy();
});

test("two opposite merges of the same pair at once: one wins, the other finds its customer gone", async () => {
  const x = await customer(a, { displayName: "Race Left" });
  const y = await customer(a, { displayName: "Race Right" });
  const results = await Promise.allSettled([
    mergeCustomers(a, { keepId: x.id, mergeId: y.id }),
    mergeCustomers(a, { keepId: y.id, mergeId: x.id }),
  ]);
  expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
  const refused = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
  expect(refused.reason).toMatchObject({ code: "NOT_FOUND" });
  const left = await withTenant(a.orgId, (tx) => tx.customer.count({ where: { id: { in: [x.id, y.id] } } }));
  expect(left).toBe(1);
});

test("likely duplicates: the same email, the same phone in another format, or a similar name; never another workshop's", async () => {
  const person = await customer(a, { displayName: "Rosalind Featherstone", email: "ros@example.org", phone: "+44 113 496 0123" });
  const sameEmail = await customer(a, { displayName: "R. F.", email: "ros@example.org" });
  const samePhone = await customer(a, { displayName: "Mrs Featherstone-Hall", phone: "0113 496 0123" });
  const similarName = await customer(a, { displayName: "Rosalind Fetherstone" });
  await customer(a, { displayName: "Unrelated Person", email: "other@example.org", phone: "0113 496 9999" });
  await customer(b, { displayName: "Rosalind Featherstone", email: "ros@example.org", phone: "+44 113 496 0123" });

  const candidates = await likelyDuplicates(a, person.id);
  expect(candidates.map((c) => c.id)).toEqual([sameEmail.id, samePhone.id, similarName.id]);
  expect(candidates[0]).toMatchObject({ sameEmail: true, samePhone: false });
  expect(candidates[1]).toMatchObject({ sameEmail: false, samePhone: true });
  expect(candidates[2]!.nameScore).toBeGreaterThan(0.5);
});

test("merging duplicate vehicles of one customer moves repair orders and recommendations, keeps the higher odometer and fills blanks", async () => {
  const owner = await customer(a, { displayName: "Vehicle Owner" });
  const vin = withCheckDigit("WVWZZZ1K58W900002");
  const kept = await vehicle(a, owner.id, { registration: "VO12 ABC", odometer: "40000", model: "Golf" });
  const duplicate = await vehicle(a, owner.id, { vin, registration: "VO12ABC", odometer: "45100", nextServiceOdometer: "50000" });
  const order = await createRepairOrder(a, { customerId: owner.id, vehicleId: duplicate.id });
  const recommendation = await recommendationFor(a, duplicate.id, order.id);

  const preview = await vehicleMergePreview(a, { keepId: kept.id, mergeId: duplicate.id });
  expect(preview.counts).toEqual({ repairOrders: 1, recommendations: 1 });

  const result = await mergeVehicles(a, { keepId: kept.id, mergeId: duplicate.id });
  // The VIN moves from the deleted duplicate to the kept vehicle: uniqueness holds throughout.
  expect(result.vehicle).toMatchObject({ id: kept.id, vin, registration: "VO12 ABC", model: "Golf", make: "Volkswagen", odometer: 45100, nextServiceOdometer: 50000 });
  expect(result.moved).toEqual({ repairOrders: 1, recommendations: 1 });
  const rows = await withTenant(a.orgId, async (tx) => ({
    order: await tx.repairOrder.findFirstOrThrow({ where: { id: order.id } }),
    recommendation: await tx.recommendation.findFirstOrThrow({ where: { id: recommendation.id } }),
    duplicate: await tx.vehicle.findFirst({ where: { id: duplicate.id } }),
    entry: await tx.auditLog.findFirstOrThrow({ where: { action: "vehicle.merge", targetId: kept.id } }),
  }));
  expect(rows.order.vehicleId).toBe(kept.id);
  expect(rows.recommendation.vehicleId).toBe(kept.id);
  expect(rows.duplicate).toBeNull();
  expect(rows.entry.metadata).toEqual({
    keptId: kept.id, mergedId: duplicate.id, customerId: owner.id,
    moved: { repairOrders: 1, recommendations: 1 },
    filled: ["vin", "make", "year", "nextServiceOdometer", "odometer"],
  });
});

test("vehicles of different customers, or with different VINs, are not merged", async () => {
  const one = await customer(a, { displayName: "First Owner" });
  const two = await customer(a, { displayName: "Second Owner" });
  const carOne = await vehicle(a, one.id, { registration: "DF11 ONE", vin: withCheckDigit("1HGCM82633A900003") });
  const carOther = await vehicle(a, one.id, { registration: "DF11 ONE", vin: withCheckDigit("1HGCM82633A900004") });
  const carTwo = await vehicle(a, two.id, { registration: "DF11 ONE" });
  const before = await rowCounts();
  await expect(mergeVehicles(a, { keepId: carOne.id, mergeId: carTwo.id })).rejects.toMatchObject({
    code: "VALIDATION_FAILED", message: expect.stringContaining("merge the customers first"),
  });
  await expect(mergeVehicles(a, { keepId: carOne.id, mergeId: carOther.id })).rejects.toMatchObject({
    code: "VALIDATION_FAILED", message: expect.stringContaining("different VINs"),
  });
  expect(await rowCounts()).toEqual(before);
});

test("contacts: added with field errors for bad input, moved by a merge, and 404 for another workshop", async () => {
  const fleet = await createCustomer(a, ZCustomer.parse({ kind: "FLEET", displayName: "Contact Fleet Ltd" }));
  const refusals = [{ name: "" }, { email: "not-an-email" }, { phone: "call me" }, { email: "", phone: "" }];
  for (const bad of refusals) {
    await expect(addCustomerContact(a, { customerId: fleet.id, name: "Fiona Fleet", email: "fiona@fleet.test", ...bad })).rejects.toMatchObject({ code: "VALIDATION_FAILED" });
  }
  const fiona = await addCustomerContact(a, { customerId: fleet.id, name: "Fiona Fleet", role: "Fleet manager", email: "Fiona@Fleet.test" });
  expect(fiona).toMatchObject({ email: "fiona@fleet.test", role: "Fleet manager" });
  await expect(addCustomerContact(b, { customerId: fleet.id, name: "Mallory", phone: "0123 456789" })).rejects.toMatchObject({ code: "NOT_FOUND" });
  await expect(removeCustomerContact(b, fiona.id)).rejects.toMatchObject({ code: "NOT_FOUND" });

  const duplicate = await createCustomer(a, ZCustomer.parse({ kind: "FLEET", displayName: "Contact Fleet Limited" }));
  const dave = await addCustomerContact(a, { customerId: duplicate.id, name: "Dave Driver", phone: "07700 900555" });
  await mergeCustomers(a, { keepId: fleet.id, mergeId: duplicate.id });
  const file = await customerFile(a, fleet.id);
  expect(file.customer.contacts.map((c) => c.name)).toEqual(["Dave Driver", "Fiona Fleet"]);
  await removeCustomerContact(a, dave.id);
  expect((await customerFile(a, fleet.id)).customer.contacts.map((c) => c.name)).toEqual(["Fiona Fleet"]);
  const audits = await withTenant(a.orgId, (tx) => tx.auditLog.findMany({ where: { action: { startsWith: "customerContact." } } }));
  expect(JSON.stringify(audits.map((entry) => entry.metadata))).not.toMatch(/Fiona|fleet\.test|07700/);
});
