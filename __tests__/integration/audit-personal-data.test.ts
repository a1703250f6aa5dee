import { sealPersonal, shredSubjectKey, unsealMetadata } from "@/lib/audit/personal-data";
import { verifyOrganizationChain } from "@/lib/audit/verify-chain";
import { createCustomer } from "@/lib/customers/create-customer";
import { ZCustomer } from "@/lib/customers/customer-input";
import { mergeCustomers } from "@/lib/customers/merge-customers";
import { updateCustomer } from "@/lib/customers/update-customer";
import { withTenant } from "@/lib/db";
import type { OrgContext } from "@/lib/org/context";
import { createRepairOrder } from "@/lib/repair-orders/create-repair-order";
import { updateRepairOrder } from "@/lib/repair-orders/update-repair-order";
import { addVehicle, updateVehicle, ZVehicle } from "@/lib/vehicles/save-vehicle";
import { withCheckDigit } from "@/lib/vehicles/vin";
import { contextFor, signUp } from "../support/accounts";
import { createTestDatabase, type TestDatabase } from "../support/test-database";

let database: TestDatabase;
let a: OrgContext;
let b: OrgContext;

beforeAll(async () => {
  database = await createTestDatabase();
  const first = await signUp("pd-a");
  const second = await signUp("pd-b");
  a = await contextFor(first.userId, first.orgSlug);
  b = await contextFor(second.userId, second.orgSlug);
});

afterAll(() => database.drop());

let people = 0;
/** One person's values, distinct from every other seeded person's (VINs and plates are unique per workshop). */
function person() {
  const n = (people += 1);
  return {
    name: `Philippa Quennell ${n}`, renamed: `Philippa Quennell-Ashdown ${n}`, email: `philippa.q${n}@example.test`, newEmail: `pqa${n}@example.test`, phone: `+44 7700 90012${n}`,
    newPhone: `+44 7700 90098${n}`, postcode: `QX${n} 4ZZ`, vin: withCheckDigit(`1HGCM82633A00435${n}`), plate: `PQ${n}9 XYZ`, newPlate: `PQ${n}0 XYZ`,
    concerns: `Philippa ${n} says the brakes squeal near her house`,
  };
}

/** The workshop's audit rows as stored, read by a superuser: what a database dump would show. */
async function rawEntries(orgId: string) {
  const { rows } = await database.superuser.query<{ seq: number; action: string; target_id: string | null; metadata: string }>(
    `SELECT seq, action, "targetId" AS target_id, metadata::text AS metadata FROM "AuditLog" WHERE "organizationId" = $1 ORDER BY seq`, [orgId],
  );
  return rows;
}

async function readable(ctx: OrgContext, action: string, targetId: string) {
  return withTenant(ctx.orgId, async (tx) => {
    const entry = await tx.auditLog.findFirstOrThrow({ where: { action, targetId }, orderBy: { seq: "desc" } });
    return unsealMetadata(tx, entry.metadata);
  }, { client: database.app });
}

async function keyCount(orgId: string, customerId: string) {
  const { rows } = await database.superuser.query<{ n: string }>(
    `SELECT count(*) AS n FROM "DataSubjectKey" WHERE "organizationId" = $1 AND "customerId" = $2`, [orgId, customerId],
  );
  return Number(rows[0]!.n);
}

async function seedPerson(SEEDED: ReturnType<typeof person>) {
  const customer = await createCustomer(a, ZCustomer.parse({ displayName: SEEDED.name, email: SEEDED.email, phone: SEEDED.phone }));
  await updateCustomer(a, customer.id, ZCustomer.parse({
    displayName: SEEDED.renamed, email: SEEDED.newEmail, phone: SEEDED.newPhone, postcode: SEEDED.postcode, paymentTermsDays: "30",
  }));
  const car = await addVehicle(a, customer.id, ZVehicle.parse({ vin: SEEDED.vin, registration: SEEDED.plate, odometer: "1000" }));
  await updateVehicle(a, car.id, ZVehicle.parse({ vin: SEEDED.vin, registration: SEEDED.newPlate, odometer: "1200" }));
  const order = await createRepairOrder(a, { customerId: customer.id, vehicleId: car.id });
  await updateRepairOrder(a, order.id, { concerns: SEEDED.concerns });
  return { customer, car, order };
}

test("a customer's name, email, phone, plate, VIN and concerns never reach the audit log in clear, yet read back while their key exists", async () => {
  const SEEDED = person();
  const { customer, car, order } = await seedPerson(SEEDED);

  const stored = (await rawEntries(a.orgId)).map((row) => row.metadata).join("\n");
  for (const value of Object.values(SEEDED)) expect(stored).not.toContain(value);
  // Non-personal facts stay in clear for the audit trail.
  expect(stored).toContain('"paymentTermsDays": {"to": 30, "from": 0}');
  expect(stored).toContain('"odometer": {"to": 1200, "from": 1000}');

  expect(await readable(a, "customer.create", customer.id)).toEqual({ displayName: SEEDED.name });
  expect(await readable(a, "customer.update", customer.id)).toEqual({
    displayName: { from: SEEDED.name, to: SEEDED.renamed },
    email: { from: SEEDED.email, to: SEEDED.newEmail },
    phone: { from: SEEDED.phone, to: SEEDED.newPhone },
    postcode: { from: null, to: SEEDED.postcode },
    paymentTermsDays: { from: 0, to: 30 },
  });
  expect(await readable(a, "vehicle.create", car.id)).toEqual({ customerId: customer.id, vin: SEEDED.vin, registration: SEEDED.plate });
  expect(await readable(a, "vehicle.update", car.id)).toEqual({
    registration: { from: SEEDED.plate, to: SEEDED.newPlate }, odometer: { from: 1000, to: 1200 },
  });
  expect(await readable(a, "repairOrder.update", order.id)).toEqual({ number: order.number, concerns: { from: null, to: SEEDED.concerns } });
  expect(await keyCount(a.orgId, customer.id)).toBe(1);
});

test("shredding the customer's key leaves their values erased for good, and the chain still verifies", async () => {
  const { customer, car, order } = await seedPerson(person());
  const other = await createCustomer(a, ZCustomer.parse({ displayName: "Someone Else Entirely" }));

  const shredded = await withTenant(a.orgId, (tx) => shredSubjectKey(tx, customer.id), { client: database.app });
  expect(shredded).toEqual([customer.id]);
  expect(await keyCount(a.orgId, customer.id)).toBe(0);

  expect(await readable(a, "customer.create", customer.id)).toEqual({ displayName: { erased: true } });
  expect(await readable(a, "customer.update", customer.id)).toEqual({
    displayName: { erased: true }, email: { erased: true }, phone: { erased: true }, postcode: { erased: true }, paymentTermsDays: { from: 0, to: 30 },
  });
  expect(await readable(a, "vehicle.create", car.id)).toEqual({ customerId: customer.id, vin: { erased: true }, registration: { erased: true } });
  expect(await readable(a, "repairOrder.update", order.id)).toEqual({ number: order.number, concerns: { erased: true } });
  // Another customer of the same workshop is untouched.
  expect(await readable(a, "customer.create", other.id)).toEqual({ displayName: "Someone Else Entirely" });

  const report = await verifyOrganizationChain(a.orgId, database.app);
  expect(report).toMatchObject({ ok: true });
  expect(report.entries).toBe((await rawEntries(a.orgId)).length);
});

test("a merged duplicate keeps its key for its own entries, and is shredded with the customer it was merged into", async () => {
  const kept = await createCustomer(a, ZCustomer.parse({ displayName: "Rowena Kept" }));
  const duplicate = await createCustomer(a, ZCustomer.parse({ displayName: "Rowena Duplicate" }));
  await mergeCustomers(a, { keepId: kept.id, mergeId: duplicate.id });
  expect(await readable(a, "customer.create", duplicate.id)).toEqual({ displayName: "Rowena Duplicate" });

  const shredded = await withTenant(a.orgId, (tx) => shredSubjectKey(tx, kept.id), { client: database.app });
  expect(shredded.sort()).toEqual([kept.id, duplicate.id].sort());
  expect(await readable(a, "customer.create", duplicate.id)).toEqual({ displayName: { erased: true } });
});

test("another workshop can neither read nor shred this workshop's customer key", async () => {
  const customer = await createCustomer(a, ZCustomer.parse({ displayName: "Tobias Wainwright" }));
  const entry = await withTenant(a.orgId, (tx) => tx.auditLog.findFirstOrThrow({ where: { action: "customer.create", targetId: customer.id } }), {
    client: database.app,
  });

  // B holding A's sealed metadata (say, from a leaked export) cannot open it: RLS hides A's key.
  expect(await withTenant(b.orgId, (tx) => unsealMetadata(tx, entry.metadata), { client: database.app })).toEqual({ displayName: { erased: true } });
  const keysSeenByB = await withTenant(b.orgId, (tx) => tx.dataSubjectKey.findMany({ where: { customerId: customer.id } }), { client: database.app });
  expect(keysSeenByB).toEqual([]);
  expect(await withTenant(b.orgId, (tx) => shredSubjectKey(tx, customer.id), { client: database.app })).toEqual([]);
  const { rowCount } = await withTenant(b.orgId, async (tx) => ({
    rowCount: await tx.$executeRaw`DELETE FROM "DataSubjectKey" WHERE "customerId" = ${customer.id}::uuid`,
  }), { client: database.app });
  expect(rowCount).toBe(0);

  expect(await keyCount(a.orgId, customer.id)).toBe(1);
  expect(await readable(a, "customer.create", customer.id)).toEqual({ displayName: "Tobias Wainwright" });
});

test("a sealed value moved into another customer's place does not open", async () => {
  const first = await createCustomer(a, ZCustomer.parse({ displayName: "Ursula First" }));
  const second = await createCustomer(a, ZCustomer.parse({ displayName: "Victor Second" }));
  const opened = await withTenant(a.orgId, async (tx) => {
    const sealed = await sealPersonal(tx, first.id, "Ursula's secret");
    await sealPersonal(tx, second.id, "make sure the second customer has a key");
    return unsealMetadata(tx, { moved: { ...sealed, subject: second.id }, kept: sealed });
  }, { client: database.app });
  expect(opened).toEqual({ moved: { unreadable: true }, kept: "Ursula's secret" });
});

test("two transactions sealing for a new customer at once share one key: both values open", async () => {
  const customer = await createCustomer(a, ZCustomer.parse({ displayName: "Wendy Concurrent" }));
  await withTenant(a.orgId, (tx) => shredSubjectKey(tx, customer.id), { client: database.app });
  const sealed = await Promise.all(
    ["first value", "second value", "third value"].map((value) =>
      withTenant(a.orgId, (tx) => sealPersonal(tx, customer.id, value), { client: database.app })),
  );
  expect(await keyCount(a.orgId, customer.id)).toBe(1);
  const opened = await withTenant(a.orgId, (tx) => unsealMetadata(tx, { values: sealed }), { client: database.app });
  expect(opened).toEqual({ values: ["first value", "second value", "third value"] });
});
