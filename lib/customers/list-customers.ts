import { withTenant } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { OrgContext } from "@/lib/org/context";
import { afterIdWhere, keysetSlice, type KeysetPage } from "@/lib/pagination/keyset";
import { authorize } from "@/lib/rbac";

export interface CustomerListFilter {
  /** part of the name, email or phone number, any case */
  q?: string;
  updatedSince?: Date;
}

/** A page of the workshop's customers in id order (lib/pagination/keyset.ts). */
export async function listCustomers(ctx: OrgContext, filter: CustomerListFilter, page: KeysetPage) {
  await authorize(ctx, "customer.read");
  const where: Prisma.CustomerWhereInput[] = [...afterIdWhere(page)];
  if (filter.q) {
    const contains = { contains: filter.q, mode: "insensitive" } as const;
    where.push({ OR: [{ displayName: contains }, { email: contains }, { phone: contains }] });
  }
  if (filter.updatedSince) where.push({ updatedAt: { gte: filter.updatedSince } });
  const rows = await withTenant(ctx.orgId, (tx) => tx.customer.findMany({ where: { AND: where }, orderBy: { id: "asc" }, take: page.limit + 1 }));
  return keysetSlice(rows, page);
}
