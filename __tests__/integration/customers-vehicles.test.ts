import { createCustomer } from "@/lib/customers/create-customer";
import { customerFile } from "@/lib/customers/customer-file";
import { ZCustomer } from "@/lib/customers/customer-input";
import { updateCustomer } from "@/lib/customers/update-customer";
import { searchWorkshop } from "@/lib/search/search-workshop";
import { addVehicle, updateVehicle, ZVehicle } from "@/lib/vehicles/save-vehicle";
import { decodeVin } from "@/lib/vehicles/vin-decode";
import type { OrgContext } from "@/lib/org/context";
import { createTestDatabase, type TestDatabase } from "../support/test-database";
import { contextFor, signUp } from "../support/accounts";

let database: TestDatabase;
let a: OrgContext;
let b: OrgContext;

beforeAll(async () => {
  database = await createTestDatabase();
  const first = await signUp("cv-a");
  const second = await signUp("cv-b");
  a = await contextFor(first.userId, first.orgSlug);
  b = await contextFor(second.userId, second.orgSlug);
});

afterAll(() => database.drop());

const vehicle = (fields: Record<string, string>) => ZVehicle.parse(fields);

test("a VIN fills in make and model year; a bad VIN is refused with a clear field error", async () => {
  expect(decodeVin("1HGCM82633A004352")).toEqual({ make: "Honda", modelYear: 2003 });
  expect(decodeVin("5YJ3E1EA7KF317000".slice(0, 17))).toMatchObject({ make: "Tesla" });
  const result = ZVehicle.safeParse({ vin: "1HGCM82633A004353", registration: "" });
  expect(result.success).toBe(false);
  expect(result.error!.issues[0]).toMatchObject({ path: ["vin"], message: expect.stringContaining("not a valid VIN") });
  expect(ZVehicle.safeParse({ vin: "", registration: "" }).error!.issues[0]).toMatchObject({ path: ["registration"] });
  expect(ZVehicle.safeParse({ registration: "AB12 CDE", odometer: "-5" }).error!.issues[0]).toMatchObject({ path: ["odometer"] });
});

test("customers and vehicles are created, updated and keep their history", async () => {
  const customer = await createCustomer(a, ZCustomer.parse({ displayName: "Margaret Thornton", email: "Margaret@Example.com", phone: "+44 7700 900555" }));
  expect(customer.email).toBe("margaret@example.com");
  const car = await addVehicle(a, customer.id, vehicle({ vin: "1hgcm82633a004352", registration: "mt03 hon", odometer: "81200" }));
  expect(car).toMatchObject({ vin: "1HGCM82633A004352", registration: "MT03 HON", make: "Honda", year: 2003, odometer: 81200 });

  await expect(addVehicle(a, customer.id, vehicle({ vin: "1HGCM82633A004352" }))).rejects.toMatchObject({
    code: "CONFLICT", fields: { vin: expect.stringContaining("already on file") },
  });
  await expect(updateVehicle(a, car.id, vehicle({ registration: "MT03 HON", odometer: "80000" }))).rejects.toMatchObject({
    fields: { odometer: expect.stringContaining("81200") },
  });
  await updateVehicle(a, car.id, vehicle({ vin: "1HGCM82633A004352", registration: "MT03 HON", odometer: "82500", model: "Accord" }));
  await updateCustomer(a, customer.id, ZCustomer.parse({ displayName: "Margaret Thornton", phone: "+44 7700 900556", paymentTermsDays: "30" }));

  const file = await customerFile(a, customer.id);
  expect(file.customer).toMatchObject({ phone: "+44 7700 900556", paymentTermsDays: 30, email: null });
  expect(file.customer.vehicles).toHaveLength(1);
  expect(file.history.map((h) => h.action)).toEqual(["customer.update", "vehicle.update", "vehicle.create", "customer.create"]);
  expect(file.history[1]!.metadata).toMatchObject({ odometer: { from: 81200, to: 82500 }, model: { from: null, to: "Accord" } });
});

test("search finds names with a typo, phone and email parts, plates without the space, and VIN endings", async () => {
  const customer = await createCustomer(a, ZCustomer.parse({ displayName: "Bartholomew Higgins", email: "bart.higgins@example.net", phone: "07700 900123" }));
  await addVehicle(a, customer.id, vehicle({ vin: "WVWZZZ1K58W000019", registration: "BH58 XYZ" }));
  const titles = async (q: string) => (await searchWorkshop(a, q)).map((hit) => `${hit.kind}:${hit.title}`);
  expect(await titles("Bartholemew Higins")).toContain("customer:Bartholomew Higgins");
  expect(await titles("900123")).toContain("customer:Bartholomew Higgins");
  expect(await titles("bart.higg")).toContain("customer:Bartholomew Higgins");
  expect(await titles("bh58xyz")).toContain("vehicle:BH58 XYZ");
  expect(await titles("000019")).toContain("vehicle:BH58 XYZ");
  expect(await titles("WVWZZZ1K58W000019")).toContain("vehicle:BH58 XYZ");
  expect(await titles("%_")).toEqual([]);
  // Another workshop finds none of it.
  expect(await searchWorkshop(b, "Bartholomew")).toEqual([]);
  expect(await searchWorkshop(b, "BH58")).toEqual([]);
});

test("another workshop's customer and vehicle ids are not found", async () => {
  const customer = await createCustomer(a, ZCustomer.parse({ displayName: "Private Person" }));
  const car = await addVehicle(a, customer.id, vehicle({ registration: "PR11 VAT" }));
  await expect(customerFile(b, customer.id)).rejects.toMatchObject({ code: "NOT_FOUND" });
  await expect(updateCustomer(b, customer.id, ZCustomer.parse({ displayName: "Hijacked" }))).rejects.toMatchObject({ code: "NOT_FOUND" });
  await expect(addVehicle(b, customer.id, vehicle({ registration: "ZZ99 ZZZ" }))).rejects.toMatchObject({ code: "NOT_FOUND" });
  await expect(updateVehicle(b, car.id, vehicle({ registration: "ZZ99 ZZZ" }))).rejects.toMatchObject({ code: "NOT_FOUND" });
  expect((await customerFile(a, customer.id)).customer).toMatchObject({ displayName: "Private Person" });
});
