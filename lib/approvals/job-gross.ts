import { orderTotals, type PricedLine } from "@/lib/repair-orders/totals";

/** What one job costs the customer, in minor units, tax as the workshop prices it. */
export const jobGross = (lines: PricedLine[], pricesIncludeTax: boolean) => orderTotals(lines, pricesIncludeTax).gross;
