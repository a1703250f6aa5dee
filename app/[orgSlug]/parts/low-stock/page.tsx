import type { Metadata } from "next";
import Link from "next/link";
import { AddToDraftButton } from "@/components/parts/stock-forms";
import { Card } from "@/components/ui/card";
import { formatQuantity } from "@/lib/money/format-money";
import { requirePermission } from "@/lib/org/require-permission";
import { listLowStock } from "@/lib/parts/low-stock";
import { can } from "@/lib/rbac";

export const metadata: Metadata = { title: "Low stock" };

export default async function LowStockPage({ params }: { params: Promise<{ orgSlug: string }> }) {
  const { orgSlug } = await params;
  const ctx = await requirePermission(orgSlug, "part.read");
  const rows = await listLowStock(ctx);
  const purchasing = can(ctx, "purchaseOrder.manage");

  return (
    <div className="flex flex-col gap-6">
      <h1 className="text-2xl font-semibold">Low stock</h1>
      <p className="text-slate-700">Parts at or below their reorder level. The suggestion brings stock back to twice the reorder level, counting what is already on order.</p>
      <Card>
        {rows.length === 0 ? <p className="text-slate-700">Nothing is at or below its reorder level.</p> : (
          <ul className="divide-y divide-slate-200" data-testid="low-stock">
            {rows.map((row) => (
              <li key={`${row.partId}-${row.location.id}`} className="flex flex-col gap-2 py-3 sm:flex-row sm:items-center sm:justify-between">
                <div>
                  <Link className="font-medium text-blue-700 underline-offset-2 hover:underline" href={`/${orgSlug}/parts/${row.partId}`}>{row.sku}</Link>{" "}
                  {row.description}
                  <p className="text-sm text-slate-600">
                    {row.location.name}: {formatQuantity(row.onHandMilli)} on hand, reorder at {formatQuantity(row.reorderLevelMilli)}
                    {row.onOrderMilli > 0 ? `, ${formatQuantity(row.onOrderMilli)} on order` : ""}; suggest {formatQuantity(row.suggestedMilli)}
                    {row.supplier ? ` from ${row.supplier.name}` : " (no default supplier)"}
                  </p>
                </div>
                {purchasing && row.supplier ? <AddToDraftButton orgSlug={orgSlug} partId={row.partId} locationId={row.location.id} label={row.sku} /> : null}
              </li>
            ))}
          </ul>
        )}
      </Card>
    </div>
  );
}
