import { audit } from "@/lib/audit/audit";
import { changedFields } from "@/lib/audit/changed-fields";
import { withTenant, type TenantTx } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { parseInput } from "@/lib/forms/parse-input";
import { Prisma } from "@/lib/generated/prisma/client";
import { isUuid } from "@/lib/ids";
import { actorOf, type OrgContext } from "@/lib/org/context";
import { authorize } from "@/lib/rbac";
import { findPart } from "./find-part";
import { partData, ZPart } from "./part-input";
import type { z } from "zod";

async function checkSupplier(tx: TenantTx, supplierId: string | null) {
  if (supplierId === null) return;
  const supplier = isUuid(supplierId) ? await tx.supplier.findFirst({ where: { id: supplierId }, select: { id: true } }) : null;
  if (!supplier) throw new AppError("NOT_FOUND", "That supplier was not found.");
}

function duplicateSku(error: unknown): never {
  if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
    throw new AppError("CONFLICT", "Another part has this SKU.", { fields: { sku: "Another part in the catalogue has this SKU." } });
  }
  throw error;
}

/** Adds a part to the catalogue; it starts active, with no stock anywhere. */
export async function createPart(ctx: OrgContext, raw: z.input<typeof ZPart>) {
  await authorize(ctx, "part.create");
  const data = { ...partData(parseInput(ZPart, raw)), active: true };
  return withTenant(ctx.orgId, async (tx) => {
    await checkSupplier(tx, data.defaultSupplierId);
    const part = await tx.part.create({ data: { organizationId: ctx.orgId, ...data } });
    await audit(tx, actorOf(ctx), "part.create", { type: "Part", id: part.id }, { sku: part.sku, costMinor: part.costMinor, priceMinor: part.priceMinor, markupBp: part.markupBp });
    return part;
  }).catch(duplicateSku);
}

/** Changes a part's details or price rule; the lines already on repair orders keep the price they were given. */
export async function updatePart(ctx: OrgContext, partId: string, raw: z.input<typeof ZPart>) {
  await authorize(ctx, "part.update");
  const data = partData(parseInput(ZPart, raw));
  return withTenant(ctx.orgId, async (tx) => {
    const before = await findPart(tx, partId);
    await checkSupplier(tx, data.defaultSupplierId);
    const part = await tx.part.update({ where: { organizationId_id: { organizationId: ctx.orgId, id: before.id } }, data });
    await audit(tx, actorOf(ctx), "part.update", { type: "Part", id: part.id }, changedFields(before, data));
    return part;
  }).catch(duplicateSku);
}
