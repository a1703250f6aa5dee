import type { TenantTx } from "@/lib/db";
import { AppError } from "@/lib/errors";

/**
 * Refuses to write personal details back onto a customer whose erasure has run
 * or is running: an edit form opened before the erasure and saved after it
 * would otherwise put the person's name and contacts straight back. Call with
 * the customer's row locked (the erasure's anonymization takes the same lock).
 */
export async function assertNotErased(tx: TenantTx, customerId: string): Promise<void> {
  const erasure = await tx.privacyRequest.findFirst({
    where: { kind: "ERASURE", scope: "CUSTOMER", customerId, status: { in: ["RUNNING", "COMPLETED"] } },
    select: { id: true },
  });
  if (erasure) {
    throw new AppError("CONFLICT", "This customer's data was erased (GDPR) and cannot be edited back. If they come back, add them as a new customer.");
  }
}
