import { withTenant } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { OrgContext } from "@/lib/org/context";
import { authorize } from "@/lib/rbac";
import { sellingPriceMinor } from "./part-price";

export const PARTS_PAGE_SIZE = 50;

/**
 * The catalogue by SKU, a page at a time ("after this SKU": SKUs are unique per
 * workshop), optionally narrowed to SKUs, brands or descriptions containing q.
 * Each part comes with its selling price and its stock summed over locations.
 */
export async function listParts(ctx: OrgContext, filter: { q?: string; afterSku?: string; activeOnly?: boolean } = {}) {
  await authorize(ctx, "part.read");
  const where: Prisma.PartWhereInput[] = [];
  const q = filter.q?.trim();
  if (q) {
    const contains = { contains: q, mode: "insensitive" } as const;
    where.push({ OR: [{ sku: contains }, { description: contains }, { brand: contains }] });
  }
  if (filter.afterSku) where.push({ sku: { gt: filter.afterSku } });
  if (filter.activeOnly) where.push({ active: true });
  const rows = await withTenant(ctx.orgId, (tx) =>
    tx.part.findMany({
      where: { AND: where }, orderBy: { sku: "asc" }, take: PARTS_PAGE_SIZE + 1,
      include: { stockLevels: { select: { onHandMilli: true } }, defaultSupplier: { select: { name: true } } },
    }),
  );
  // Cost and markup stay with those who may change the part (see getPart).
  const parts = rows.slice(0, PARTS_PAGE_SIZE).map(({ stockLevels, costMinor, markupBp, ...part }) => ({
    ...part,
    sellingPriceMinor: sellingPriceMinor({ ...part, costMinor, markupBp }),
    onHandMilli: stockLevels.reduce((sum, level) => sum + level.onHandMilli, 0),
  }));
  return { parts, nextAfterSku: rows.length > PARTS_PAGE_SIZE ? parts[parts.length - 1]!.sku : null };
}

/** Active parts for the repair order's "from the catalogue" choice, with the price a line would get. */
export async function partChoices(ctx: OrgContext) {
  await authorize(ctx, "part.read");
  const parts = await withTenant(ctx.orgId, (tx) =>
    tx.part.findMany({ where: { active: true }, orderBy: { sku: "asc" }, take: 500, select: { id: true, sku: true, description: true, costMinor: true, priceMinor: true, markupBp: true } }),
  );
  return parts.map((part) => ({ id: part.id, sku: part.sku, description: part.description, sellingPriceMinor: sellingPriceMinor(part) }));
}
