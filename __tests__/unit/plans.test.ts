import { PLAN_ORDER, PLANS, planThatLifts } from "@/lib/billing/plans";
import { billingAccess } from "@/lib/billing/billing-access";

test("plans never shrink a limit on the way up", () => {
  for (let i = 1; i < PLAN_ORDER.length; i += 1) {
    const lower = PLANS[PLAN_ORDER[i - 1]!];
    const higher = PLANS[PLAN_ORDER[i]!];
    for (const key of ["seats", "repairOrdersPerMonth", "customers", "locations", "storageBytes", "apiRequestsPerMinute"] as const) {
      expect(higher[key]).toBeGreaterThanOrEqual(lower[key]);
    }
  }
});

test("the plan named in a quota message is the smallest that lifts it", () => {
  expect(planThatLifts("seats", 4)).toBe("STARTER");
  expect(planThatLifts("locations", 2)).toBe("PROFESSIONAL");
  expect(planThatLifts("customers", 2_000_000)).toBeNull();
});

test("past due: full access for the grace period, then read-only", () => {
  const day = 86_400_000;
  const now = new Date("2026-11-25T12:00:00Z");
  const base = { plan: "STARTER" as const, trialEndsAt: null };
  expect(billingAccess({ ...base, subscriptionStatus: "ACTIVE", pastDueSince: null }, now)).toMatchObject({ overdue: false, readOnly: false });
  expect(billingAccess({ ...base, subscriptionStatus: "PAST_DUE", pastDueSince: new Date(now.getTime() - 6 * day) }, now)).toMatchObject({ overdue: true, readOnly: false });
  expect(billingAccess({ ...base, subscriptionStatus: "UNPAID", pastDueSince: new Date(now.getTime() - 7 * day) }, now)).toMatchObject({ readOnly: true });
  expect(billingAccess({ plan: "FREE", trialEndsAt: new Date(now.getTime() + 3.5 * day), subscriptionStatus: "NONE", pastDueSince: null }, now).trialDaysLeft).toBe(4);
});
