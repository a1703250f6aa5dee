import { divRound, lineAmounts, orderTotals, type PricedLine } from "@/lib/repair-orders/totals";
import { canMove, TRANSITIONS } from "@/lib/repair-orders/status";
import { RepairOrderStatus } from "@/lib/generated/prisma/enums";

const line = (kind: PricedLine["kind"], quantityMilli: number, unitPriceMinor: number, taxRateBp = 2000): PricedLine => ({ kind, quantityMilli, unitPriceMinor, taxRateBp });

test("halves round away from zero, exactly", () => {
  expect([divRound(5n, 2n), divRound(-5n, 2n), divRound(7n, 3n), divRound(-7n, 3n), divRound(1n, 3n)]).toEqual([3, -3, 2, -2, 0]);
  expect(divRound(10n ** 15n + 500n, 1000n)).toBe(1_000_000_000_001);
});

test.each([
  // kind, quantity (thousandths), unit price, rate, inclusive, expected net/tax/gross
  ["LABOUR", 1500, 8500, 2000, false, { net: 12750, tax: 2550, gross: 15300 }],
  ["LABOUR", 1500, 8500, 2000, true, { net: 10625, tax: 2125, gross: 12750 }],
  ["PART", 3000, 1999, 2000, false, { net: 5997, tax: 1199, gross: 7196 }],
  ["PART", 333, 1000, 2000, false, { net: 333, tax: 67, gross: 400 }],
  ["PART", 1, 1, 2000, false, { net: 0, tax: 0, gross: 0 }],
  ["PART", 500, 1, 2000, false, { net: 1, tax: 0, gross: 1 }],
  ["FEE", 1000, 999, 500, true, { net: 951, tax: 48, gross: 999 }],
  ["PART", 1000, 1250, 0, false, { net: 1250, tax: 0, gross: 1250 }],
  ["DISCOUNT", 1000, -1000, 2000, false, { net: -1000, tax: -200, gross: -1200 }],
  ["DISCOUNT", 1000, -1001, 2000, true, { net: -834, tax: -167, gross: -1001 }],
] as const)("%s %d x %d at %d bp (inclusive %s)", (kind, quantityMilli, unitPriceMinor, rate, inclusive, expected) => {
  expect(lineAmounts(line(kind, quantityMilli, unitPriceMinor, rate), inclusive)).toEqual(expected);
});

test("totals are the sums of the rounded lines, grouped by rate", () => {
  const lines = [line("LABOUR", 1500, 8500), line("PART", 3000, 1999), line("PART", 1000, 1250, 500), line("DISCOUNT", 1000, -1000)];
  const totals = orderTotals(lines, false);
  const sum = (key: "net" | "tax" | "gross") => lines.reduce((total, l) => total + lineAmounts(l, false)[key], 0);
  expect(totals).toMatchObject({ net: sum("net"), tax: sum("tax"), gross: sum("gross") });
  expect(totals.byRate.map((r) => r.taxRateBp)).toEqual([2000, 500]);
  expect(totals.byRate[1]).toEqual({ taxRateBp: 500, net: 1250, tax: 63, gross: 1313 });
  expect(totals.gross).toBe(totals.net + totals.tax);
});

test("every legal status move is allowed and every other one refused", () => {
  const statuses = Object.values(RepairOrderStatus);
  let legal = 0;
  for (const from of statuses) {
    for (const to of statuses) {
      const expected = (TRANSITIONS[from] as readonly string[]).includes(to);
      expect({ from, to, allowed: canMove(from, to) }).toEqual({ from, to, allowed: expected });
      if (expected) legal += 1;
    }
  }
  expect(legal).toBe(15);
  expect(canMove("ESTIMATE", "INVOICED")).toBe(false);
  expect(canMove("CLOSED", "IN_PROGRESS")).toBe(false);
  expect(canMove("CANCELLED", "ESTIMATE")).toBe(false);
});
