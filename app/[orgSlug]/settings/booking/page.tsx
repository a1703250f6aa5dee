import type { Metadata } from "next";
import { AddBayForm, BayRow, OnlineBookingForm, OpeningHoursForm } from "@/components/appointments/booking-settings-forms";
import { Card } from "@/components/ui/card";
import { Notice } from "@/components/ui/notice";
import { listBays } from "@/lib/appointments/list-bays";
import { listCalendarLocations } from "@/lib/appointments/load-calendar";
import { minuteLabel } from "@/lib/appointments/opening-hours";
import { PLANS } from "@/lib/billing/plans";
import { db } from "@/lib/db";
import { appUrl } from "@/lib/env";
import { requirePermission } from "@/lib/org/require-permission";
import { can } from "@/lib/rbac";

export const metadata: Metadata = { title: "Bays, opening hours and online booking" };

export default async function BookingSettingsPage({ params }: { params: Promise<{ orgSlug: string }> }) {
  const { orgSlug } = await params;
  const ctx = await requirePermission(orgSlug, "settings.read");
  const editable = can(ctx, "settings.update");
  const organization = await db().organization.findUniqueOrThrow({ where: { id: ctx.orgId }, select: { plan: true, onlineBookingEnabled: true } });
  const locations = await listCalendarLocations(ctx);
  const bays = await Promise.all(locations.map((location) => listBays(ctx, location.id)));
  const planAllows = PLANS[organization.plan].features.onlineBooking;
  const link = `${appUrl()}/book/${orgSlug}`;

  return (
    <div className="flex flex-col gap-6">
      <h1 className="text-2xl font-semibold">Bays, opening hours and online booking</h1>
      <Card title="Online booking" description="Customers pick a free time on your booking page and send a request; it arrives on the calendar as requested, for you to confirm.">
        <div className="flex flex-col gap-3">
          {planAllows ? null : <Notice tone="info">Online booking is not part of the {PLANS[organization.plan].label} plan. An owner can upgrade on the billing page.</Notice>}
          <OnlineBookingForm orgSlug={orgSlug} enabled={organization.onlineBookingEnabled} editable={editable && (planAllows || organization.onlineBookingEnabled)} />
          <p className="text-sm text-slate-700">
            Your booking page:{" "}
            {organization.onlineBookingEnabled && planAllows ? (
              <a href={link} className="break-all text-blue-700 underline underline-offset-2">{link}</a>
            ) : (
              <span className="break-all text-slate-600">{link} (closed while online booking is off)</span>
            )}
          </p>
        </div>
      </Card>
      {locations.map((location, i) => (
        <Card key={location.id} title={location.name} description={`Times in ${location.timezone}. The calendar shows the opening hours; the booking page offers slots within them where a bay is free.`}>
          <div className="flex flex-col gap-6">
            <OpeningHoursForm
              orgSlug={orgSlug}
              editable={editable}
              hours={{
                locationId: location.id, locationName: location.name, opensAt: minuteLabel(location.opensAtMinute), closesAt: minuteLabel(location.closesAtMinute),
                openWeekdays: location.openWeekdays, bookingSlotMinutes: location.bookingSlotMinutes,
              }}
            />
            <section aria-labelledby={`bays-${location.id}`} className="flex flex-col gap-3">
              <h3 id={`bays-${location.id}`} className="font-semibold">Bays</h3>
              {bays[i]!.length === 0 ? <p className="text-sm text-slate-600">No bays yet. Each bay is a column of the calendar.</p> : null}
              {editable ? (
                <ul className="flex flex-col gap-2">{bays[i]!.map((bay) => <BayRow key={bay.id} orgSlug={orgSlug} bay={{ id: bay.id, name: bay.name }} />)}</ul>
              ) : (
                <ul className="list-disc pl-5 text-sm">{bays[i]!.map((bay) => <li key={bay.id}>{bay.name}</li>)}</ul>
              )}
              {editable ? <AddBayForm orgSlug={orgSlug} locationId={location.id} locationName={location.name} /> : null}
            </section>
          </div>
        </Card>
      ))}
    </div>
  );
}
