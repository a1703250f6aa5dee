import { db } from "@/lib/db";
import { serverEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";
import type { Organization } from "@/lib/generated/prisma/client";

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
      org.plan === "FREE" && org.subscriptionStatus === "NONE" && org.trialEndsAt ? Math.max(0, Math.ceil((org.trialEndsAt.getTime() - now.getTime()) / DAY_MS)) : null,
  };
}

export const readOnlyError = () =>
  new AppError("READ_ONLY", "This workshop is read-only until the overdue invoice is paid. An owner can pay it on the billing page.");

/** Refuses any change while the workshop is read-only for non-payment (billing itself excepted by the caller). */
export async function assertWritable(ctx: { orgId: string }): Promise<void> {
  const org = await db().organization.findUniqueOrThrow({
    where: { id: ctx.orgId },
    select: { plan: true, subscriptionStatus: true, pastDueSince: true, trialEndsAt: true },
  });
  if (billingAccess(org).readOnly) throw readOnlyError();
}
