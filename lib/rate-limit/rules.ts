import type { Plan } from "@/lib/generated/prisma/client";
import { PLANS } from "@/lib/billing/plans";

/** A limit: so many requests per window of `duration` seconds. */
export interface LimitRule {
  points: number;
  duration: number;
}

/** Requests a minute that one member may make in the app, whatever the plan: a person clicking never gets near it. */
export const PER_USER: LimitRule = { points: 120, duration: 60 };
/** Photo reads a minute of one member: one inspection page shows many photos at once, so they have their own, larger limit. */
export const PER_USER_READS: LimitRule = { points: 600, duration: 60 };
/** Requests a minute from one address: a whole workshop behind one router stays well inside it. */
export const PER_IP: LimitRule = { points: 300, duration: 60 };
/** Requests a minute to public pages that take input (online booking, a customer's estimate) from one address. */
export const PUBLIC_PER_IP: LimitRule = { points: 30, duration: 60 };

export const appRuleFor = (plan: Plan): LimitRule => ({ points: PLANS[plan].appRequestsPerMinute, duration: 60 });
export const apiRuleFor = (plan: Plan): LimitRule => ({ points: PLANS[plan].apiRequestsPerMinute, duration: 60 });
/**
 * A sixth of the minute's API allowance in any 10 seconds: spent all at once, a workshop's minute
 * (300 calls on Professional in about 3 s) saturates the server and every other workshop waits.
 * Spread evenly, the whole minute's allowance still goes through.
 */
export const apiBurstRuleFor = (plan: Plan): LimitRule => ({ points: Math.ceil(PLANS[plan].apiRequestsPerMinute / 6), duration: 10 });
