import type { PrivacyRequestStatus } from "@/lib/generated/prisma/client";
import type { TenantTx } from "@/lib/db";

/** An erasure in these states has not been done yet: at most one per customer (and one closure per workshop). */
export const PENDING_ERASURE = ["SCHEDULED", "RUNNING", "FAILED"] as const satisfies readonly PrivacyRequestStatus[];

/** The customer's erasure still to come, for the banner on their page; null when none. */
export function pendingErasureOf(tx: TenantTx, customerId: string) {
  return tx.privacyRequest.findFirst({
    where: { kind: "ERASURE", scope: "CUSTOMER", customerId, status: { in: [...PENDING_ERASURE] } },
    select: { id: true, status: true, executeAfter: true, dueAt: true },
  });
}

/** The workshop's closure still to come; null when none. */
export function pendingClosureOf(tx: TenantTx) {
  return tx.privacyRequest.findFirst({
    where: { kind: "ERASURE", scope: "ORGANIZATION", status: { in: [...PENDING_ERASURE] } },
    select: { id: true, status: true, executeAfter: true, dueAt: true },
  });
}
