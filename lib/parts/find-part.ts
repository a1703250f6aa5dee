import type { TenantTx } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { isUuid } from "@/lib/ids";

/** A catalogue part of this workshop by id; another workshop's id or a malformed one is "not found". */
export async function findPart(tx: TenantTx, partId: string) {
  const part = isUuid(partId) ? await tx.part.findFirst({ where: { id: partId } }) : null;
  if (!part) throw new AppError("NOT_FOUND", "That part was not found.");
  return part;
}
