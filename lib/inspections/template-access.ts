import type { TenantTx } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { Prisma } from "@/lib/generated/prisma/client";
import { isUuid } from "@/lib/ids";

export const templateNotFound = () => new AppError("NOT_FOUND", "That checklist was not found.");

/**
 * The workshop's checklist, locked until the transaction ends so item
 * positions are computed by one edit at a time. Another workshop's id matches
 * no row under RLS: "not found".
 */
export async function lockTemplate(tx: TenantTx, orgId: string, templateId: string) {
  if (!isUuid(templateId)) throw templateNotFound();
  const [row] = await tx.$queryRaw<Array<{ id: string; name: string; active: boolean }>>`
    SELECT id, name, active FROM "InspectionTemplate" WHERE "organizationId" = ${orgId}::uuid AND id = ${templateId}::uuid FOR UPDATE`;
  if (!row) throw templateNotFound();
  return row;
}

/** Names are unique per workshop: a clash is a field error on the name, not a 500. */
export function duplicateName(error: unknown): never {
  if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
    throw new AppError("CONFLICT", "A checklist with this name exists.", { fields: { name: "A checklist with this name exists." } });
  }
  throw error;
}
