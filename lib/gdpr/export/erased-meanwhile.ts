// An export is read over minutes, batch by batch, while the hourly erasure job
// may anonymize one of its customers. Erasure deletes the exports that are
// READY when it runs; one still being built would otherwise finish afterwards
// as a downloadable copy of the erased person. So the export checks, before and
// again after it becomes READY, for an erasure that overlapped it.
import type { TenantTx } from "@/lib/db";
import type { PrivacyRequest } from "@/lib/generated/prisma/client";

export class ErasedMeanwhileError extends Error {
  constructor() {
    super("A customer in this export was erased while it was being built, so it was discarded. Request a new export.");
    this.name = "ErasedMeanwhileError";
  }
}

/**
 * An erasure touching this export's data that is running, or completed after
 * the export started: of its customer (a customer export) or of anyone (a
 * whole-workshop export), or the workshop's closure.
 */
export async function erasedMeanwhile(tx: TenantTx, request: Pick<PrivacyRequest, "scope" | "customerId" | "startedAt">): Promise<boolean> {
  const startedAt = request.startedAt ?? new Date(0);
  const found = await tx.privacyRequest.findFirst({
    where: {
      kind: "ERASURE",
      AND: [
        { OR: [{ status: "RUNNING" }, { status: "COMPLETED", completedAt: { gte: startedAt } }] },
        request.scope === "CUSTOMER" ? { OR: [{ scope: "ORGANIZATION" }, { customerId: request.customerId }] } : {},
      ],
    },
    select: { id: true },
  });
  return found !== null;
}
