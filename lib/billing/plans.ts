import type { Plan } from "@/lib/generated/prisma/client";
import { serverEnv } from "@/lib/env";

export interface PlanLimits {
  label: string;
  /** monthly price shown on the billing page, in minor units of GBP */
  monthlyPriceMinor: number;
  seats: number;
  repairOrdersPerMonth: number;
  customers: number;
  locations: number;
  storageBytes: number;
  apiRequestsPerMinute: number;
  /** pages' Server Actions and route handlers, the whole workshop together */
  appRequestsPerMinute: number;
  features: { onlineBooking: boolean; apiAccess: boolean };
}

const GB = 1024 ** 3;

/** Warning: the order of this table is the upgrade path: no limit ever shrinks from one plan to the next. */
export const PLANS = {
  FREE: { label: "Free trial", monthlyPriceMinor: 0, seats: 3, repairOrdersPerMonth: 50, customers: 200, locations: 1, storageBytes: 1 * GB, apiRequestsPerMinute: 0, appRequestsPerMinute: 300, features: { onlineBooking: false, apiAccess: false } },
  STARTER: { label: "Starter", monthlyPriceMinor: 4900, seats: 5, repairOrdersPerMonth: 300, customers: 2_000, locations: 1, storageBytes: 10 * GB, apiRequestsPerMinute: 60, appRequestsPerMinute: 600, features: { onlineBooking: true, apiAccess: false } },
  PROFESSIONAL: { label: "Professional", monthlyPriceMinor: 12900, seats: 15, repairOrdersPerMonth: 1_500, customers: 20_000, locations: 3, storageBytes: 100 * GB, apiRequestsPerMinute: 300, appRequestsPerMinute: 1_200, features: { onlineBooking: true, apiAccess: true } },
  ENTERPRISE: { label: "Enterprise", monthlyPriceMinor: 34900, seats: 100, repairOrdersPerMonth: 100_000, customers: 1_000_000, locations: 25, storageBytes: 1_000 * GB, apiRequestsPerMinute: 1_200, appRequestsPerMinute: 3_000, features: { onlineBooking: true, apiAccess: true } },
} as const satisfies Record<Plan, PlanLimits>;

export const PLAN_ORDER = Object.keys(PLANS) as Plan[];
export const PAID_PLANS = PLAN_ORDER.filter((plan) => plan !== "FREE") as Array<Exclude<Plan, "FREE">>;

export type QuotaResource = "seats" | "repairOrdersPerMonth" | "customers" | "locations" | "storageBytes";

export const QUOTA_LABELS: Record<QuotaResource, string> = {
  seats: "Members",
  repairOrdersPerMonth: "Repair orders this month",
  customers: "Customers",
  locations: "Locations",
  storageBytes: "Attachment storage",
};

/** The smallest plan whose limit for the resource reaches `needed`, to name in a quota message. */
export function planThatLifts(resource: QuotaResource, needed: number): Plan | null {
  return PLAN_ORDER.find((plan) => PLANS[plan][resource] >= needed) ?? null;
}

export function priceIdFor(plan: Exclude<Plan, "FREE">): string | undefined {
  const env = serverEnv();
  return { STARTER: env.STRIPE_PRICE_STARTER, PROFESSIONAL: env.STRIPE_PRICE_PROFESSIONAL, ENTERPRISE: env.STRIPE_PRICE_ENTERPRISE }[plan];
}

export function planForPriceId(priceId: string): Plan {
  const plan = PAID_PLANS.find((candidate) => priceIdFor(candidate) === priceId);
  if (!plan) throw new Error(`Stripe price ${priceId} is not one of the configured STRIPE_PRICE_* ids`);
  return plan;
}
