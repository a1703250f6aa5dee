import { isValidVin, normalizeVin, vinCheckDigit, withCheckDigit } from "@/lib/vehicles/vin";

test("accepts a published VIN whose check digit is correct", () => {
  expect(isValidVin("1M8GDM9AXKP042788")).toBe(true);
  expect(vinCheckDigit("1M8GDM9AXKP042788")).toBe("X");
  expect(isValidVin("1hgcm82633a004352")).toBe(true);
});

test("rejects a wrong check digit, a wrong length and the letters I, O and Q", () => {
  expect(isValidVin("1M8GDM9A1KP042788")).toBe(false);
  expect(isValidVin("1M8GDM9AXKP04278")).toBe(false);
  expect(isValidVin("1M8GDM9AXKP0427O8")).toBe(false);
});

test("normalizes spacing and case, and can repair a check digit for demo data", () => {
  expect(normalizeVin(" wvw zzz1kz8w000001 ")).toBe("WVWZZZ1KZ8W000001");
  expect(isValidVin(withCheckDigit("WVWZZZ1KZ8W000001"))).toBe(true);
});
