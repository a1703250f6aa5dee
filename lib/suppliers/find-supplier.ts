import type { TenantTx } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { isUuid } from "@/lib/ids";

/** A supplier of this workshop by id; another workshop's id or a malformed one is "not found". */
export async function findSupplier(tx: TenantTx, supplierId: string) {
  const supplier = isUuid(supplierId) ? await tx.supplier.findFirst({ where: { id: supplierId } }) : null;
  if (!supplier) throw new AppError("NOT_FOUND", "That supplier was not found.");
  return supplier;
}
