import type { Metadata } from "next";
import Link from "next/link";
import { SupplierForm } from "@/components/suppliers/supplier-form";
import { Card } from "@/components/ui/card";
import { requirePermission } from "@/lib/org/require-permission";
import { listSuppliers } from "@/lib/suppliers/list-suppliers";

export const metadata: Metadata = { title: "Suppliers" };

export default async function SuppliersPage({ params }: { params: Promise<{ orgSlug: string }> }) {
  const { orgSlug } = await params;
  const ctx = await requirePermission(orgSlug, "purchaseOrder.manage");
  const suppliers = await listSuppliers(ctx);
  return (
    <div className="flex flex-col gap-6">
      <h1 className="text-2xl font-semibold">Suppliers</h1>
      <Card>
        {suppliers.length === 0 ? <p className="text-slate-700">No suppliers yet.</p> : (
          <ul className="divide-y divide-slate-200">
            {suppliers.map((supplier) => (
              <li key={supplier.id} className="flex flex-col py-2 sm:flex-row sm:items-center sm:justify-between">
                <Link className="font-medium text-blue-700 underline-offset-2 hover:underline" href={`/${orgSlug}/suppliers/${supplier.id}`}>{supplier.name}</Link>
                <span className="text-sm text-slate-600">
                  {[supplier.phone, supplier.email].filter(Boolean).join(" · ")}{supplier._count.parts > 0 ? ` · default for ${supplier._count.parts} part${supplier._count.parts === 1 ? "" : "s"}` : ""}
                </span>
              </li>
            ))}
          </ul>
        )}
      </Card>
      <Card title="New supplier"><SupplierForm orgSlug={orgSlug} /></Card>
    </div>
  );
}
