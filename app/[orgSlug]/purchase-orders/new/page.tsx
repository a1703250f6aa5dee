import type { Metadata } from "next";
import Link from "next/link";
import { NewPurchaseOrderForm } from "@/components/purchase-orders/purchase-order-forms";
import { Card } from "@/components/ui/card";
import { requirePermission } from "@/lib/org/require-permission";
import { listStockLocations } from "@/lib/parts/stock-location";
import { listSuppliers } from "@/lib/suppliers/list-suppliers";

export const metadata: Metadata = { title: "New purchase order" };

export default async function NewPurchaseOrderPage({ params }: { params: Promise<{ orgSlug: string }> }) {
  const { orgSlug } = await params;
  const ctx = await requirePermission(orgSlug, "purchaseOrder.manage");
  const [suppliers, locations] = await Promise.all([listSuppliers(ctx), listStockLocations(ctx)]);
  return (
    <div className="flex flex-col gap-6">
      <h1 className="text-2xl font-semibold">New purchase order</h1>
      <Card>
        {suppliers.length === 0 ? (
          <p className="text-slate-700">Add a supplier first: <Link className="text-blue-700 underline underline-offset-2" href={`/${orgSlug}/suppliers`}>Suppliers</Link>.</p>
        ) : (
          <NewPurchaseOrderForm
            orgSlug={orgSlug}
            suppliers={suppliers.map((s) => ({ value: s.id, label: s.name }))}
            locations={locations.map((l) => ({ value: l.id, label: l.name }))}
          />
        )}
      </Card>
    </div>
  );
}
