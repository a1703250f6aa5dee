import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { ConvertForm, MoveToForm, StatusButton } from "@/components/appointments/appointment-forms";
import { Card } from "@/components/ui/card";
import { whenText } from "@/lib/appointments/appointment-mail";
import { loadAppointmentPage } from "@/lib/appointments/appointment-page";
import { STATUS_LABEL } from "@/lib/appointments/calendar-grid";
import { AppError } from "@/lib/errors";
import { requirePermission } from "@/lib/org/require-permission";

export const metadata: Metadata = { title: "Appointment" };

const SOURCE = { STAFF: "Booked by the workshop", ONLINE: "Requested online", API: "Booked through the API" } as const;

export default async function AppointmentPage({ params }: { params: Promise<{ orgSlug: string; appointmentId: string }> }) {
  const { orgSlug, appointmentId } = await params;
  const ctx = await requirePermission(orgSlug, "appointment.read");
  let page;
  try {
    page = await loadAppointmentPage(ctx, appointmentId);
  } catch (error) {
    if (error instanceof AppError && error.code === "NOT_FOUND") notFound();
    throw error;
  }
  const { appointment, location } = page;
  const vehicles = page.vehicles.map((v) => ({ id: v.id, label: [v.registration, v.make, v.model].filter(Boolean).join(" ") || "Vehicle without details" }));
  const vehicle = appointment.vehicle ? [appointment.vehicle.registration, appointment.vehicle.make, appointment.vehicle.model].filter(Boolean).join(" ") : null;
  const calendarHref = `/${orgSlug}/appointments?${new URLSearchParams({ location: location.id, date: page.startWall.slice(0, 10), view: "day", by: "bay" }).toString()}`;

  return (
    <div className="flex flex-col gap-6">
      <div>
        <Link href={calendarHref} className="text-sm text-blue-700 underline underline-offset-2">← Back to the calendar</Link>
        <h1 className="mt-2 text-2xl font-semibold">{appointment.customer.displayName}{vehicle ? `: ${vehicle}` : ""}</h1>
        <p className="text-slate-700" data-testid="appointment-status">
          <span className="font-medium">{STATUS_LABEL[appointment.status]}</span> · {SOURCE[appointment.source]}
        </p>
      </div>
      <Card title="Booking">
        <dl className="grid gap-x-6 gap-y-2 text-sm sm:grid-cols-[max-content_1fr]">
          <dt className="text-slate-600">When</dt><dd>{whenText(appointment.startsAt, appointment.endsAt, location.timezone)}</dd>
          <dt className="text-slate-600">Where</dt><dd>{location.name}{appointment.bay ? `, ${appointment.bay.name}` : ", no bay yet"}</dd>
          <dt className="text-slate-600">Technician</dt><dd>{page.technicianName ?? "Not assigned"}</dd>
          <dt className="text-slate-600">Customer</dt>
          <dd><Link href={`/${orgSlug}/customers/${appointment.customer.id}`} className="text-blue-700 underline underline-offset-2">{appointment.customer.displayName}</Link></dd>
          <dt className="text-slate-600">Vehicle</dt><dd>{vehicle ?? "None yet"}</dd>
          <dt className="text-slate-600">Concerns</dt><dd className="whitespace-pre-wrap">{appointment.concerns ?? "None given"}</dd>
          {page.repairOrder ? (
            <>
              <dt className="text-slate-600">Repair order</dt>
              <dd><Link href={`/${orgSlug}/repair-orders/${page.repairOrder.id}`} className="text-blue-700 underline underline-offset-2">#{page.repairOrder.number}</Link></dd>
            </>
          ) : null}
        </dl>
      </Card>
      {page.statusChanges.length > 0 || page.convertible ? (
        <Card title="Status">
          <div className="flex flex-col gap-4">
            {page.statusChanges.length > 0 ? (
              <div className="flex flex-wrap items-start gap-3">
                {page.statusChanges.map((status) => <StatusButton key={status} orgSlug={orgSlug} appointmentId={appointment.id} status={status} />)}
              </div>
            ) : null}
            {page.convertible ? <ConvertForm orgSlug={orgSlug} appointmentId={appointment.id} vehicles={vehicles} vehicleId={appointment.vehicleId} /> : null}
          </div>
        </Card>
      ) : null}
      {page.editable ? (
        <Card title="Move to…" description={`Times are in ${location.timezone}.`}>
          <MoveToForm
            orgSlug={orgSlug}
            appointmentId={appointment.id}
            defaults={{
              startWall: page.startWall, durationMinutes: page.durationMinutes, bayId: appointment.bayId,
              technicianUserId: appointment.technicianUserId, vehicleId: appointment.vehicleId, concerns: appointment.concerns,
            }}
            bays={page.bays}
            technicians={page.technicians}
            vehicles={vehicles}
          />
        </Card>
      ) : null}
    </div>
  );
}
