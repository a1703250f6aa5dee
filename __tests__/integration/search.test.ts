import { createCustomer } from "@/lib/customers/create-customer";
import { ZCustomer } from "@/lib/customers/customer-input";
import { db, withTenant } from "@/lib/db";
import type { OrgContext } from "@/lib/org/context";
import { assignTechnician } from "@/lib/repair-orders/assign-technician";
import { createRepairOrder } from "@/lib/repair-orders/create-repair-order";
import { hitHref } from "@/lib/search/hit-href";
import { parseSearch } from "@/lib/search/parse-search";
import { searchWorkshop, ZSearch, type SearchHit } from "@/lib/search/search-workshop";
import { addVehicle, ZVehicle } from "@/lib/vehicles/save-vehicle";
import { withCheckDigit } from "@/lib/vehicles/vin";
import { createTestDatabase, type TestDatabase } from "../support/test-database";
import { contextFor, signUp, joinWorkshop } from "../support/accounts";

let database: TestDatabase;
let a: OrgContext;
let b: OrgContext;

interface Workshop {
  customerId: string;
  vehicleId: string;
  vin: string;
  repairOrder: { id: string; number: number };
  invoiceId: string;
  creditNoteId: string;
  ids: Set<string>;
}
let shopA: Workshop;
let shopB: Workshop;

/** An issued invoice and a credit note for it, inserted as the invoicing code will (INSERT only). */
async function invoiceAndCreditNote(ctx: OrgContext, repairOrderId: string, customerId: string, number: number) {
  return withTenant(ctx.orgId, async (tx) => {
    const common = { organizationId: ctx.orgId, repairOrderId, customerId, currency: "GBP", pricesIncludeTax: true, snapshot: {}, issuedByUserId: ctx.userId, dueAt: new Date() };
    const invoice = await tx.invoice.create({ data: { ...common, kind: "INVOICE", number, netMinor: 10000, taxMinor: 2000, grossMinor: 12000 } });
    const creditNote = await tx.invoice.create({
      data: { ...common, kind: "CREDIT_NOTE", number: 3, creditedInvoiceId: invoice.id, netMinor: -1000, taxMinor: -200, grossMinor: -1200 },
    });
    return { invoiceId: invoice.id, creditNoteId: creditNote.id };
  });
}

async function seed(ctx: OrgContext, name: string, plate: string, vinBody: string): Promise<Workshop> {
  const customer = await createCustomer(ctx, ZCustomer.parse({ displayName: name, email: "bart.higgins@example.net", phone: "07700 900123" }));
  const vin = withCheckDigit(vinBody);
  const vehicle = await addVehicle(ctx, customer.id, ZVehicle.parse({ vin, registration: plate }));
  // Both workshops number from 1: seventeen orders, so each has a repair order 17 and an invoice 17.
  let repairOrder = await createRepairOrder(ctx, { customerId: customer.id, vehicleId: vehicle.id });
  for (let i = 1; i < 17; i += 1) repairOrder = await createRepairOrder(ctx, { customerId: customer.id, vehicleId: vehicle.id });
  const { invoiceId, creditNoteId } = await invoiceAndCreditNote(ctx, repairOrder.id, customer.id, 17);
  const orders = await withTenant(ctx.orgId, (tx) => tx.repairOrder.findMany({ select: { id: true } }));
  return {
    customerId: customer.id, vehicleId: vehicle.id, vin, repairOrder, invoiceId, creditNoteId,
    ids: new Set([customer.id, vehicle.id, invoiceId, creditNoteId, ...orders.map((o) => o.id)]),
  };
}

beforeAll(async () => {
  database = await createTestDatabase();
  const first = await signUp("search-a");
  const second = await signUp("search-b");
  a = await contextFor(first.userId, first.orgSlug);
  b = await contextFor(second.userId, second.orgSlug);
  await db().organization.updateMany({ where: { id: { in: [a.orgId, b.orgId] } }, data: { plan: "PROFESSIONAL" } });
  // The same names, email and phone in both workshops: only RLS tells them apart.
  shopA = await seed(a, "Bartholomew Higgins", "BH58 XYZ", "WVWZZZ1K58W000019");
  shopB = await seed(b, "Bartholomew Higgins", "BH58 XYZ", "WVWZZZ1K58W000027");
});

afterAll(() => database.drop());

const find = (hits: SearchHit[], kind: SearchHit["kind"]) => hits.filter((hit) => hit.kind === kind);

test("queries are read as repair order, invoice and credit note numbers, full VINs, or text", () => {
  for (const q of ["RO 1042", "ro1042", "RO-1042", "RO #1042", "repair order 1042", "order 1042"]) {
    expect(parseSearch(q)).toEqual({ repairOrderNumber: 1042, invoiceNumber: null, creditNoteNumber: null, vin: null, text: null });
  }
  for (const q of ["INV 17", "inv-17", "INV0017", "invoice 17", "Invoice #17"]) expect(parseSearch(q)).toMatchObject({ invoiceNumber: 17, repairOrderNumber: null, text: null });
  for (const q of ["CN 3", "cn3", "credit note 3", "Credit 3"]) expect(parseSearch(q)).toMatchObject({ creditNoteNumber: 3, invoiceNumber: null, text: null });
  expect(parseSearch("#1042")).toEqual({ repairOrderNumber: 1042, invoiceNumber: 1042, creditNoteNumber: 1042, vin: null, text: null });
  // A bare number may also be part of a phone number or a VIN ending.
  expect(parseSearch("000019")).toEqual({ repairOrderNumber: 19, invoiceNumber: 19, creditNoteNumber: 19, vin: null, text: "000019" });
  expect(parseSearch(withCheckDigit("WVWZZZ1K58W000019").toLowerCase())).toMatchObject({ vin: withCheckDigit("WVWZZZ1K58W000019"), text: null });
  expect(parseSearch("Bart Higgins")).toMatchObject({ text: "Bart Higgins", repairOrderNumber: null });
  expect(parseSearch("1234567890")).toMatchObject({ repairOrderNumber: null, text: "1234567890" });
  expect(ZSearch.safeParse("7").success).toBe(true);
  expect(ZSearch.safeParse("x").success).toBe(false);
});

test("one box finds customers, vehicles, repair orders, invoices and credit notes, each linking to its page", async () => {
  const titles = async (q: string) => (await searchWorkshop(a, q)).map((hit) => `${hit.kind}:${hit.title}`);
  expect(await titles("Bartholemew Higins")).toContain("customer:Bartholomew Higgins");
  expect(await titles("900123")).toContain("customer:Bartholomew Higgins");
  expect(await titles("bart.higg")).toContain("customer:Bartholomew Higgins");
  expect(await titles("bh58xyz")).toContain("vehicle:BH58 XYZ");
  expect(await titles("000019")).toContain("vehicle:BH58 XYZ");
  expect(await titles(shopA.vin)).toEqual(["vehicle:BH58 XYZ"]);
  expect(await titles("%_")).toEqual([]);

  for (const q of ["17", "RO 17", "#17", "order 17"]) expect(await titles(q)).toContain("repairOrder:Repair order 17");
  expect(await titles("RO 17")).toEqual(["repairOrder:Repair order 17"]);
  expect(await titles("INV 17")).toEqual(["invoice:Invoice 17"]);
  expect(await titles("invoice 17")).toEqual(["invoice:Invoice 17"]);
  expect(await titles("CN 3")).toEqual(["creditNote:Credit note 3"]);
  expect(await titles("RO 999")).toEqual([]);
  // A bare number is any of the three, exact hits first.
  expect((await titles("17")).slice(0, 2)).toEqual(["repairOrder:Repair order 17", "invoice:Invoice 17"]);
  expect(await titles("3")).toEqual(expect.arrayContaining(["repairOrder:Repair order 3", "creditNote:Credit note 3"]));

  const slug = a.orgSlug;
  const [order] = await searchWorkshop(a, "RO 17");
  expect(order).toMatchObject({ id: shopA.repairOrder.id, customerId: shopA.customerId, detail: "Bartholomew Higgins · BH58 XYZ · Estimate" });
  expect(hitHref(slug, order!)).toBe(`/${slug}/repair-orders/${shopA.repairOrder.id}`);
  const [invoice] = await searchWorkshop(a, "INV 17");
  expect(invoice).toMatchObject({ id: shopA.invoiceId, customerId: shopA.customerId, detail: "Bartholomew Higgins · repair order 17" });
  expect(hitHref(slug, invoice!)).toBe(`/${slug}/invoices/${shopA.invoiceId}`);
  const [creditNote] = await searchWorkshop(a, "CN 3");
  expect(hitHref(slug, creditNote!)).toBe(`/${slug}/invoices/${shopA.creditNoteId}`);
  const [car] = await searchWorkshop(a, shopA.vin);
  expect(hitHref(slug, car!)).toBe(`/${slug}/customers/${shopA.customerId}`);
  const customer = find(await searchWorkshop(a, "Bartholomew"), "customer")[0]!;
  expect(hitHref(slug, customer)).toBe(`/${slug}/customers/${shopA.customerId}`);

  // The customers page asks for customers and vehicles only.
  expect(await searchWorkshop(a, "17", { kinds: ["customer", "vehicle"] })).toEqual([]);
});

test("a technician finds the repair orders assigned to them but no invoices or credit notes; a viewer finds invoices", async () => {
  const technician = await joinWorkshop(a, "TECHNICIAN", "search-tech");
  const userId = technician.userId;
  expect(technician.role).toBe("TECHNICIAN");
  // Not assigned yet: the repair order is not theirs to find.
  expect(find(await searchWorkshop(technician, "RO 17"), "repairOrder")).toEqual([]);
  await assignTechnician(a, shopA.repairOrder.id, userId);
  // A viewer's role differs only in its permissions; the role is all searchWorkshop reads from it.
  const viewer = { ...a, role: "VIEWER" as const };
  for (const q of ["INV 17", "invoice 17", "CN 3", "#17", "17", "3"]) {
    const hits = await searchWorkshop(technician, q);
    expect(find(hits, "invoice").concat(find(hits, "creditNote"))).toEqual([]);
  }
  expect(find(await searchWorkshop(technician, "17"), "repairOrder")).toHaveLength(1);
  expect(find(await searchWorkshop(technician, "Bartholomew"), "customer")).toHaveLength(1);
  expect(find(await searchWorkshop(viewer, "INV 17"), "invoice")).toHaveLength(1);
});

test("workshop B's search never returns workshop A's rows (and the other way round)", async () => {
  const queries = ["Bartholomew Higgins", "Bartholemew Higins", "bart.higgins@example.net", "900123", "BH58 XYZ", "bh58xyz", "000019", shopA.vin,
    "17", "RO 17", "#17", "INV 17", "invoice 17", "CN 3", "3", "1"];
  for (const q of queries) {
    const fromB = await searchWorkshop(b, q);
    const fromA = await searchWorkshop(a, q);
    expect({ q, leaked: fromB.filter((hit) => shopA.ids.has(hit.id) || shopA.ids.has(hit.customerId)) }).toEqual({ q, leaked: [] });
    expect({ q, leaked: fromA.filter((hit) => shopB.ids.has(hit.id) || shopB.ids.has(hit.customerId)) }).toEqual({ q, leaked: [] });
  }
  // B finds its own repair order 17 and invoice 17, never A's.
  expect((await searchWorkshop(b, "RO 17")).map((hit) => hit.id)).toEqual([shopB.repairOrder.id]);
  expect((await searchWorkshop(b, "INV 17")).map((hit) => hit.id)).toEqual([shopB.invoiceId]);
  // A's full VIN is nothing in B.
  expect(await searchWorkshop(b, shopA.vin)).toEqual([]);
});
