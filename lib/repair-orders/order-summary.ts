import type { Prisma } from "@/lib/generated/prisma/client";
import { orderTotals, wantedLines, type Amounts } from "./totals";

/** A repair order's work as integrations see it: jobs and priced lines, no costs or technicians. */
export const ORDER_WORK = {
  jobs: {
    orderBy: { position: "asc" },
    select: {
      id: true, title: true, approval: true,
      lines: { orderBy: { createdAt: "asc" }, select: { id: true, kind: true, description: true, quantityMilli: true, unitPriceMinor: true, taxRateBp: true, partStatus: true } },
    },
  },
} as const satisfies Prisma.RepairOrderInclude;

export type OrderWithWork = Prisma.RepairOrderGetPayload<{ include: typeof ORDER_WORK }>;

export interface WorkshopPricing {
  currency: string;
  pricesIncludeTax: boolean;
}

export const PRICING_SELECT = { currency: true, pricesIncludeTax: true } as const satisfies Prisma.OrganizationSelect;

/** The order with its totals (net, tax, gross in minor units of the workshop's currency). */
export function withTotals<O extends OrderWithWork>(order: O, pricing: WorkshopPricing): O & { totals: Amounts & { currency: string } } {
  const { net, tax, gross } = orderTotals(wantedLines(order.jobs), pricing.pricesIncludeTax);
  return { ...order, totals: { net, tax, gross, currency: pricing.currency } };
}
