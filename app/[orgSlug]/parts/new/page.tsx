import type { Metadata } from "next";
import { PartForm } from "@/components/parts/part-form";
import { Card } from "@/components/ui/card";
import { requirePermission } from "@/lib/org/require-permission";
import { supplierChoices } from "@/lib/suppliers/list-suppliers";

export const metadata: Metadata = { title: "Add part" };

export default async function NewPartPage({ params }: { params: Promise<{ orgSlug: string }> }) {
  const { orgSlug } = await params;
  const ctx = await requirePermission(orgSlug, "part.create");
  const suppliers = await supplierChoices(ctx);
  return (
    <div className="flex flex-col gap-6">
      <h1 className="text-2xl font-semibold">Add part</h1>
      <Card><PartForm orgSlug={orgSlug} suppliers={suppliers} /></Card>
    </div>
  );
}
