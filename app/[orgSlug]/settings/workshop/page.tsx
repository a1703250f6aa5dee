import type { Metadata } from "next";
import { WorkshopDetailsForm } from "@/components/members/workshop-details-form";
import { WorkshopSecurityForm } from "@/components/members/workshop-security-form";
import { CloseWorkshopSection } from "@/components/privacy/erasure-close-workshop";
import { Card } from "@/components/ui/card";
import { db } from "@/lib/db";
import { requirePermission } from "@/lib/org/require-permission";
import { can } from "@/lib/rbac";

export const metadata: Metadata = { title: "Workshop settings" };

export default async function WorkshopSettingsPage({ params }: { params: Promise<{ orgSlug: string }> }) {
  const { orgSlug } = await params;
  const ctx = await requirePermission(orgSlug, "settings.read");
  const organization = await db().organization.findUniqueOrThrow({ where: { id: ctx.orgId } });
  return (
    <div className="flex flex-col gap-6">
      <h1 className="text-2xl font-semibold">Workshop settings</h1>
      <Card title="Workshop">
        <dl className="grid grid-cols-[max-content_1fr] gap-x-6 gap-y-1 text-sm">
          <dt className="text-slate-600">Name</dt><dd>{organization.name}</dd>
          <dt className="text-slate-600">Country</dt><dd>{organization.country}</dd>
          <dt className="text-slate-600">Currency</dt><dd>{organization.currency}</dd>
          <dt className="text-slate-600">Time zone</dt><dd>{organization.timezone}</dd>
        </dl>
      </Card>
      <Card title="Details on estimates and invoices" description="Rates apply to work priced from now on; issued invoices never change.">
        <WorkshopDetailsForm
          orgSlug={orgSlug}
          editable={can(ctx, "settings.update")}
          details={{
            addressLine1: organization.addressLine1 ?? "", city: organization.city ?? "", postcode: organization.postcode ?? "",
            phone: organization.phone ?? "", email: organization.email ?? "", taxNumber: organization.taxNumber ?? "",
            pricesIncludeTax: organization.pricesIncludeTax ? "yes" : "no",
            defaultTaxRate: String(organization.defaultTaxRateBp / 100), labourRate: (organization.labourRateMinor / 100).toFixed(2),
          }}
        />
      </Card>
      <Card title="Security">
        <WorkshopSecurityForm orgSlug={orgSlug} requireMfa={organization.requireMfa} editable={can(ctx, "settings.update")} />
      </Card>
      <CloseWorkshopSection ctx={ctx} />
    </div>
  );
}
