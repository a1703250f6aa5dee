import { divRound } from "@/lib/repair-orders/totals";

/**
 * A part's selling price per unit in minor units: the fixed price, or cost plus
 * markup rounded to the nearest minor unit, halves up (cost and markup are never
 * negative, so divRound's "halves away from zero" is "halves up" here).
 * 19.99 at 25 % = 24.9875 -> 24.99; 0.02 at 25 % = 0.025 -> 0.03.
 */
export function sellingPriceMinor(part: { costMinor: number; priceMinor: number | null; markupBp: number | null }): number {
  if (part.priceMinor !== null) return part.priceMinor;
  return divRound(BigInt(part.costMinor) * BigInt(10_000 + (part.markupBp ?? 0)), 10_000n);
}
