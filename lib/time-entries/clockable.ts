import type { JobApproval, RepairOrderStatus } from "@/lib/generated/prisma/client";

/**
 * Time is booked only to work the customer has said yes to: an approved job on a
 * repair order that is approved (the car is in, work about to start) or in
 * progress. Waiting for parts, ready and later stop new clock-ons; clocking off
 * is always allowed, whatever the order's status has become.
 */
export const CLOCKABLE_STATUSES = ["APPROVED", "IN_PROGRESS"] as const satisfies readonly RepairOrderStatus[];

export const isClockableStatus = (status: RepairOrderStatus) => (CLOCKABLE_STATUSES as readonly string[]).includes(status);

export const isClockableJob = (approval: JobApproval) => approval === "APPROVED";

export const statusWords = (status: RepairOrderStatus) => status.toLowerCase().replace(/_/g, " ");
