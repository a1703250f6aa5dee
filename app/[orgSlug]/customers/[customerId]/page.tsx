import { AddContactForm, RemoveContactButton } from "@/components/customers/contact-forms";
import { VisitHistory } from "@/components/customers/visit-history";
import { ErasureBanner, EraseCustomerSection } from "@/components/privacy/erasure-customer-panel";
import { db } from "@/lib/db";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { CustomerForm } from "@/components/customers/customer-form";
import { AddVehicleForm } from "@/components/customers/vehicle-form";
import { OpenRepairOrderForm } from "@/components/repair-orders/repair-order-forms";
import { Card } from "@/components/ui/card";
import { Notice } from "@/components/ui/notice";
import { customerFile } from "@/lib/customers/customer-file";
import { AppError } from "@/lib/errors";
import { requirePermission } from "@/lib/org/require-permission";
import { can } from "@/lib/rbac";
import { CustomerMergeSection, VehicleMergeSection } from "./merge-sections";
import { queryValue } from "@/lib/http/query-params";

export const metadata: Metadata = { title: "Customer" };

const day = (value: Date | null) => (value ? value.toISOString().slice(0, 10) : "—");

type MergeParams = "merge" | "mergeQ" | "mergeId" | "keepVehicle" | "mergeVehicle" | "merged";

export default async function CustomerPage({ params, searchParams }: {
  params: Promise<{ orgSlug: string; customerId: string }>;
  searchParams: Promise<Partial<Record<MergeParams, string | string[]>>>;
}) {
  const { orgSlug, customerId } = await params;
  const query = Object.fromEntries(Object.entries(await searchParams).map(([key, value]) => [key, queryValue(value)])) as Partial<Record<MergeParams, string>>;
  const ctx = await requirePermission(orgSlug, "customer.read");
  const file = await customerFile(ctx, customerId).catch((error: unknown) => {
    if (error instanceof AppError && error.code === "NOT_FOUND") notFound();
    throw error;
  });
  const { customer, history, visits, recommendations } = file;
  const { currency } = await db().organization.findUniqueOrThrow({ where: { id: ctx.orgId }, select: { currency: true } });

  return (
    <div className="flex flex-col gap-6">
      <h1 className="text-2xl font-semibold">{customer.displayName}</h1>
      <ErasureBanner ctx={ctx} customerId={customer.id} />
      {query.merged === "customer" ? <Notice tone="success">The duplicate customer was merged into {customer.displayName}.</Notice> : null}
      {query.merged === "vehicle" ? <Notice tone="success">The duplicate vehicle was merged.</Notice> : null}
      <Card title={`Vehicles (${customer.vehicles.length})`}>
        {customer.vehicles.length === 0 ? <p className="text-slate-700">No vehicles yet.</p> : null}
        <ul className="divide-y divide-slate-200">
          {customer.vehicles.map((v) => (
            <li key={v.id} className="py-3">
              <p className="font-medium">{v.registration ?? "No plate"} · {[v.make, v.model, v.year].filter(Boolean).join(" ") || "Make not known"}</p>
              <p className="text-sm text-slate-600">
                VIN {v.vin ?? "—"} · odometer {v.odometer?.toLocaleString("en-GB") ?? "—"} · service due {day(v.nextServiceDue)}
                {v.nextServiceOdometer ? ` or at ${v.nextServiceOdometer.toLocaleString("en-GB")}` : ""} · MOT due {day(v.inspectionDue)}
              </p>
              {can(ctx, "repairOrder.create") ? (
                <div className="mt-2">
                  <OpenRepairOrderForm orgSlug={orgSlug} customerId={customer.id} vehicleId={v.id} label={v.registration ?? v.vin ?? "this vehicle"} />
                </div>
              ) : null}
            </li>
          ))}
        </ul>
      </Card>
      <Card title={`Contacts (${customer.contacts.length})`}>
        {customer.contacts.length === 0 ? <p className="text-sm text-slate-600">No other contacts. Add the fleet manager, accounts or drivers here.</p> : null}
        <ul className="mb-4 flex flex-col gap-1 text-sm" data-testid="contacts">
          {customer.contacts.map((contact) => (
            <li key={contact.id} className="flex flex-wrap items-center gap-2">
              <span className="font-medium">{contact.name}</span>
              {contact.role ? <span className="text-slate-600">({contact.role})</span> : null}
              <span>{[contact.email, contact.phone].filter(Boolean).join(" · ")}</span>
              {can(ctx, "customer.update") ? <RemoveContactButton orgSlug={orgSlug} contactId={contact.id} name={contact.name} /> : null}
            </li>
          ))}
        </ul>
        {can(ctx, "customer.update") ? <AddContactForm orgSlug={orgSlug} customerId={customer.id} /> : null}
      </Card>
      <VisitHistory orgSlug={orgSlug} vehicles={customer.vehicles} visits={visits} recommendations={recommendations} currency={currency} />
      {can(ctx, "vehicle.create") ? (
        <Card title="Add a vehicle"><AddVehicleForm orgSlug={orgSlug} customerId={customer.id} /></Card>
      ) : null}
      {can(ctx, "customer.update") ? (
        <Card title="Details">
          <CustomerForm
            orgSlug={orgSlug}
            customerId={customer.id}
            defaults={{
              kind: customer.kind, displayName: customer.displayName, email: customer.email ?? "", phone: customer.phone ?? "",
              addressLine1: customer.addressLine1 ?? "", city: customer.city ?? "", postcode: customer.postcode ?? "",
              paymentTermsDays: String(customer.paymentTermsDays), notes: customer.notes ?? "",
              marketingConsent: customer.marketingConsent, smsConsent: customer.smsConsent, reminderConsent: customer.reminderConsent,
            }}
          />
        </Card>
      ) : null}
      {can(ctx, "vehicle.update") ? <VehicleMergeSection ctx={ctx} customerId={customer.id} vehicles={customer.vehicles} params={query} /> : null}
      {can(ctx, "customer.merge") ? <CustomerMergeSection ctx={ctx} customer={customer} params={query} /> : null}
      {can(ctx, "gdpr.export") ? (
        <Card title="Data request" description="When this customer asks for a copy of their data (GDPR Art. 15/20).">
          <Link className="text-blue-700 underline" href={`/${orgSlug}/settings/privacy?customerId=${customer.id}`}>Download my customer&apos;s data</Link>
        </Card>
      ) : null}
      <EraseCustomerSection ctx={ctx} customerId={customer.id} name={customer.displayName} />
      <Card title="History">
        <ol className="flex flex-col gap-1 text-sm">
          {history.map((entry) => (
            <li key={entry.seq}>
              <time dateTime={entry.createdAt.toISOString()}>{entry.createdAt.toISOString().replace("T", " ").slice(0, 16)}</time> · {entry.action}
            </li>
          ))}
        </ol>
      </Card>
    </div>
  );
}
