import type { TenantTx } from "@/lib/db";
import type { JobApproval, RepairOrderStatus } from "@/lib/generated/prisma/client";

// Work on a repair order takes its row locks in one order, the order before its
// jobs, so a line being added and a customer's answer arriving together
// serialize instead of deadlocking. Each returns the value as of the lock.

/** Shared: status moves (to READY, or the invoice) wait until this transaction commits. */
export async function shareRepairOrder(tx: TenantTx, orgId: string, repairOrderId: string): Promise<RepairOrderStatus> {
  const [row] = await tx.$queryRaw<Array<{ status: RepairOrderStatus }>>`
    SELECT status FROM "RepairOrder" WHERE "organizationId" = ${orgId}::uuid AND id = ${repairOrderId}::uuid FOR SHARE`;
  return row!.status;
}

/** Exclusive: for changing the order's status or its jobs' approval. */
export async function lockRepairOrder(tx: TenantTx, orgId: string, repairOrderId: string): Promise<RepairOrderStatus> {
  const [row] = await tx.$queryRaw<Array<{ status: RepairOrderStatus }>>`
    SELECT status FROM "RepairOrder" WHERE "organizationId" = ${orgId}::uuid AND id = ${repairOrderId}::uuid FOR UPDATE`;
  return row!.status;
}

export async function lockJob(tx: TenantTx, orgId: string, jobId: string): Promise<JobApproval> {
  const [row] = await tx.$queryRaw<Array<{ approval: JobApproval }>>`
    SELECT approval FROM "Job" WHERE "organizationId" = ${orgId}::uuid AND id = ${jobId}::uuid FOR UPDATE`;
  return row!.approval;
}
