import type { Metadata } from "next";
import { Card } from "@/components/ui/card";
import { withTenant } from "@/lib/db";
import { requireOrgContext } from "@/lib/org/context";
import { can } from "@/lib/rbac";

export const metadata: Metadata = { title: "Today" };

export default async function WorkshopHome({ params }: { params: Promise<{ orgSlug: string }> }) {
  const { orgSlug } = await params;
  const ctx = await requireOrgContext(orgSlug);
  const counts = can(ctx, "customer.read")
    ? await withTenant(ctx.orgId, async (tx) => ({
        customers: await tx.customer.count(),
        vehicles: await tx.vehicle.count(),
        members: await tx.membership.count(),
      }))
    : null;
  return (
    <div className="flex flex-col gap-6">
      <h1 className="text-2xl font-semibold">{ctx.orgName}</h1>
      {counts ? (
        <dl className="grid gap-4 sm:grid-cols-3">
          {Object.entries(counts).map(([label, value]) => (
            <Card key={label}>
              <dt className="text-sm capitalize text-slate-600">{label}</dt>
              <dd className="text-3xl font-semibold">{value}</dd>
            </Card>
          ))}
        </dl>
      ) : null}
      <Card title="Coming next" description="Customers, vehicles, repair orders, the job board and invoices arrive with the workshop issues." >
        <p className="text-sm text-slate-700">Your role decides what you see here; every page and action checks it again on the server.</p>
      </Card>
    </div>
  );
}
