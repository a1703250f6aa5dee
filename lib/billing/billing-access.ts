import type { Organization } from "@/lib/generated/prisma/client";
import { serverEnv } from "@/lib/env";

export type BillingState = Pick<Organization, "plan" | "subscriptionStatus" | "pastDueSince" | "trialEndsAt">;

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * A past-due workshop keeps full access for the grace period, then turns
 * read-only: it can see and export everything but create nothing. Nothing is
 * ever deleted for non-payment.
 */
export function billingAccess(org: BillingState, now = new Date()) {
  const overdue = org.subscriptionStatus === "PAST_DUE" || org.subscriptionStatus === "UNPAID";
  const graceEndsAt =
    overdue && org.pastDueSince ? new Date(org.pastDueSince.getTime() + serverEnv().BILLING_GRACE_DAYS * DAY_MS) : null;
  return {
    overdue,
    graceEndsAt,
    readOnly: Boolean(graceEndsAt && graceEndsAt.getTime() <= now.getTime()),
    trialDaysLeft:
      org.plan === "FREE" && org.trialEndsAt ? Math.max(0, Math.ceil((org.trialEndsAt.getTime() - now.getTime()) / DAY_MS)) : null,
  };
}
