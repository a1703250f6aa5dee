import type { Metadata } from "next";
import { CustomerForm } from "@/components/customers/customer-form";
import { Card } from "@/components/ui/card";
import { requirePermission } from "@/lib/org/require-permission";

export const metadata: Metadata = { title: "Add customer" };

export default async function NewCustomerPage({ params }: { params: Promise<{ orgSlug: string }> }) {
  const { orgSlug } = await params;
  await requirePermission(orgSlug, "customer.create");
  return (
    <div className="flex flex-col gap-6">
      <h1 className="text-2xl font-semibold">Add customer</h1>
      <Card><CustomerForm orgSlug={orgSlug} /></Card>
    </div>
  );
}
