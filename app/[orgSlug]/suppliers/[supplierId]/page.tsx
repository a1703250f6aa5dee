import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { SupplierForm } from "@/components/suppliers/supplier-form";
import { Card } from "@/components/ui/card";
import { AppError } from "@/lib/errors";
import { requirePermission } from "@/lib/org/require-permission";
import { getSupplier } from "@/lib/suppliers/list-suppliers";

export const metadata: Metadata = { title: "Supplier" };

export default async function SupplierPage({ params }: { params: Promise<{ orgSlug: string; supplierId: string }> }) {
  const { orgSlug, supplierId } = await params;
  const ctx = await requirePermission(orgSlug, "purchaseOrder.manage");
  const supplier = await getSupplier(ctx, supplierId).catch((error: unknown) => {
    if (error instanceof AppError && error.code === "NOT_FOUND") notFound();
    throw error;
  });
  return (
    <div className="flex flex-col gap-6">
      <p><Link className="text-blue-700 underline underline-offset-2" href={`/${orgSlug}/suppliers`}>All suppliers</Link></p>
      <h1 className="text-2xl font-semibold">{supplier.name}</h1>
      <Card>
        <SupplierForm
          orgSlug={orgSlug} supplierId={supplier.id}
          defaults={{ name: supplier.name, email: supplier.email ?? "", phone: supplier.phone ?? "", accountNumber: supplier.accountNumber ?? "" }}
        />
      </Card>
    </div>
  );
}
