import { divRound } from "@/lib/repair-orders/totals";

const HOUR_MS = 3_600_000n;

/** billed hours / a time, in basis points (10000 = 100 %); null when there was no time to compare with. */
export function hoursRatioBp(billedMilli: number, timeMs: number): number | null {
  if (timeMs <= 0) return null;
  // billed ms = billedMilli x 3600; exact in BigInt, rounded once.
  return divRound(BigInt(billedMilli) * (HOUR_MS / 1000n) * 10_000n, BigInt(timeMs));
}

/** revenue / car count, to the minor unit; null with no cars. */
export const averageMinor = (revenueMinor: number, carCount: number) => (carCount === 0 ? null : divRound(BigInt(revenueMinor), BigInt(carCount)));
