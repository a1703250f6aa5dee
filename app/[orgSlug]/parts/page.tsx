import type { Metadata } from "next";
import Link from "next/link";
import { buttonClass } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { db } from "@/lib/db";
import { formatMoney, formatQuantity } from "@/lib/money/format-money";
import { requirePermission } from "@/lib/org/require-permission";
import { listParts } from "@/lib/parts/list-parts";
import { can } from "@/lib/rbac";
import { readQuery, type QueryParams } from "@/lib/http/query-params";
import { Notice } from "@/components/ui/notice";
import { isSearchableText, UNSEARCHABLE_TEXT } from "@/lib/search/searchable-text";

export const metadata: Metadata = { title: "Parts" };

export default async function PartsPage({ params, searchParams }: { params: Promise<{ orgSlug: string }>; searchParams: Promise<QueryParams> }) {
  const { orgSlug } = await params;
  const { q = "", after } = await readQuery(searchParams, "q", "after");
  const ctx = await requirePermission(orgSlug, "part.read");
  // Cut to length first: a cut can leave half of a surrogate pair, which is then refused too.
  const search = q.slice(0, 100);
  const searchable = isSearchableText(search);
  const afterSku = after?.slice(0, 64);
  const [{ parts, nextAfterSku }, organization] = await Promise.all([
    searchable ? listParts(ctx, { q: search, afterSku: afterSku && isSearchableText(afterSku) ? afterSku : undefined }) : { parts: [], nextAfterSku: null },
    db().organization.findUniqueOrThrow({ where: { id: ctx.orgId }, select: { currency: true } }),
  ]);
  const money = (minor: number) => formatMoney(minor, organization.currency);

  return (
    <div className="flex flex-col gap-6">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="text-2xl font-semibold">Parts</h1>
        <div className="flex flex-wrap gap-2">
          <Link className={buttonClass("secondary")} href={`/${orgSlug}/parts/low-stock`}>Low stock</Link>
          {can(ctx, "part.create") ? <Link className={buttonClass("primary")} href={`/${orgSlug}/parts/new`}>Add part</Link> : null}
        </div>
      </div>
      <form role="search" className="flex gap-2" action={`/${orgSlug}/parts`}>
        <label htmlFor="part-search" className="sr-only">Search parts by SKU or description</label>
        <input id="part-search" name="q" defaultValue={q} placeholder="SKU, brand or description" className="w-full rounded-md border border-slate-300 bg-white px-3 py-2" />
        <button type="submit" className={buttonClass("secondary")}>Search</button>
      </form>
      {searchable ? null : <Notice tone="error">{UNSEARCHABLE_TEXT}</Notice>}
      <Card>
        {parts.length === 0 ? <p className="text-slate-700">{q ? `No parts match “${q}”.` : "No parts in the catalogue yet."}</p> : (
          <div className="overflow-x-auto">
            <table className="w-full text-sm">
              <thead>
                <tr className="text-left text-slate-600"><th className="py-1">SKU</th><th>Description</th><th className="text-right">Price</th><th className="text-right">On hand</th></tr>
              </thead>
              <tbody>
                {parts.map((part) => (
                  <tr key={part.id} className="border-t border-slate-100">
                    <td className="py-2 pr-2"><Link className="font-medium text-blue-700 underline-offset-2 hover:underline" href={`/${orgSlug}/parts/${part.id}`}>{part.sku}</Link></td>
                    <td className="pr-2">
                      {part.description}{part.brand ? <span className="text-slate-600"> · {part.brand}</span> : null}
                      {part.active ? null : <span className="ml-1 rounded bg-slate-100 px-1 text-xs text-slate-700">no longer stocked</span>}
                    </td>
                    <td className="text-right">{money(part.sellingPriceMinor)}</td>
                    <td className={`text-right ${part.reorderLevelMilli > 0 && part.onHandMilli <= part.reorderLevelMilli ? "font-semibold text-red-800" : ""}`}>{formatQuantity(part.onHandMilli)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {nextAfterSku ? (
          <p className="mt-4"><Link className="text-blue-700 underline underline-offset-2" href={`/${orgSlug}/parts?${new URLSearchParams({ ...(q ? { q } : {}), after: nextAfterSku })}`}>Next page</Link></p>
        ) : null}
      </Card>
    </div>
  );
}
