import type { z } from "zod";
import { audit } from "@/lib/audit/audit";
import { changedFields } from "@/lib/audit/changed-fields";
import { withTenant } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { parseInput } from "@/lib/forms/parse-input";
import { Prisma } from "@/lib/generated/prisma/client";
import { actorOf, type OrgContext } from "@/lib/org/context";
import { authorize } from "@/lib/rbac";
import { findSupplier } from "./find-supplier";
import { supplierData, ZSupplier } from "./supplier-input";

function duplicateName(error: unknown): never {
  if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
    throw new AppError("CONFLICT", "A supplier with this name exists.", { fields: { name: "A supplier with this name is already on file." } });
  }
  throw error;
}

export async function createSupplier(ctx: OrgContext, raw: z.input<typeof ZSupplier>) {
  await authorize(ctx, "purchaseOrder.manage");
  const data = supplierData(parseInput(ZSupplier, raw));
  return withTenant(ctx.orgId, async (tx) => {
    const supplier = await tx.supplier.create({ data: { organizationId: ctx.orgId, ...data } });
    // The name is a business's; contact details stay out of the audit log.
    await audit(tx, actorOf(ctx), "supplier.create", { type: "Supplier", id: supplier.id }, { name: supplier.name });
    return supplier;
  }).catch(duplicateName);
}

export async function updateSupplier(ctx: OrgContext, supplierId: string, raw: z.input<typeof ZSupplier>) {
  await authorize(ctx, "purchaseOrder.manage");
  const data = supplierData(parseInput(ZSupplier, raw));
  return withTenant(ctx.orgId, async (tx) => {
    const before = await findSupplier(tx, supplierId);
    const supplier = await tx.supplier.update({ where: { organizationId_id: { organizationId: ctx.orgId, id: before.id } }, data });
    await audit(tx, actorOf(ctx), "supplier.update", { type: "Supplier", id: supplier.id }, { fields: Object.keys(changedFields(before, data)) });
    return supplier;
  }).catch(duplicateName);
}
