// Repair order money, in integer minor units only. The rules (docs/WORKSHOP.md):
// 1. A line's amount is quantity x unit price, where quantity is in thousandths:
//    amount = round(quantityMilli x unitPriceMinor / 1000).
// 2. Tax is worked out per line, at the line's rate (basis points, 2000 = 20 %):
//    - prices exclude tax: net = amount, tax = round(net x rate / 10000), gross = net + tax;
//    - prices include tax: gross = amount, tax = round(gross x rate / (10000 + rate)), net = gross - tax.
// 3. Every rounding is to the nearest minor unit, halves away from zero.
// 4. Totals are sums of the rounded lines, so the lines on paper always add up to the total.
import type { JobApproval, JobLineKind } from "@/lib/generated/prisma/client";

export interface PricedLine {
  kind: JobLineKind;
  quantityMilli: number;
  unitPriceMinor: number;
  taxRateBp: number;
}

export interface Amounts {
  net: number;
  tax: number;
  gross: number;
}

/** numerator / denominator rounded to the nearest integer, halves away from zero, exactly (BigInt). */
export function divRound(numerator: bigint, denominator: bigint): number {
  const negative = numerator < 0n !== denominator < 0n;
  const n = numerator < 0n ? -numerator : numerator;
  const d = denominator < 0n ? -denominator : denominator;
  const quotient = (2n * n + d) / (2n * d);
  return Number(negative ? -quotient : quotient);
}

export function lineAmounts(line: PricedLine, pricesIncludeTax: boolean): Amounts {
  const amount = divRound(BigInt(line.quantityMilli) * BigInt(line.unitPriceMinor), 1000n);
  const rate = BigInt(line.taxRateBp);
  if (pricesIncludeTax) {
    const tax = divRound(BigInt(amount) * rate, 10_000n + rate);
    return { net: amount - tax, tax, gross: amount };
  }
  const tax = divRound(BigInt(amount) * rate, 10_000n);
  return { net: amount, tax, gross: amount + tax };
}

export interface Totals extends Amounts {
  byRate: Array<{ taxRateBp: number } & Amounts>;
}

export function orderTotals(lines: PricedLine[], pricesIncludeTax: boolean): Totals {
  const byRate = new Map<number, Amounts>();
  const total: Amounts = { net: 0, tax: 0, gross: 0 };
  for (const line of lines) {
    const amounts = lineAmounts(line, pricesIncludeTax);
    const bucket = byRate.get(line.taxRateBp) ?? { net: 0, tax: 0, gross: 0 };
    for (const key of ["net", "tax", "gross"] as const) {
      bucket[key] += amounts[key];
      total[key] += amounts[key];
    }
    byRate.set(line.taxRateBp, bucket);
  }
  return { ...total, byRate: [...byRate.entries()].sort(([a], [b]) => b - a).map(([taxRateBp, amounts]) => ({ taxRateBp, ...amounts })) };
}

/** The lines the repair order's totals count: declined and deferred jobs are not part of what the customer pays. */
export const wantedLines = <L>(jobs: ReadonlyArray<{ approval: JobApproval; lines: L[] }>): L[] =>
  jobs.filter((job) => job.approval !== "DECLINED" && job.approval !== "DEFERRED").flatMap((job) => job.lines);
