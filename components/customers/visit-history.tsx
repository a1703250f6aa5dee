import Link from "next/link";
import { Card } from "@/components/ui/card";
import { documentLabel } from "@/lib/invoices/invoice-numbers";
import { formatMoney } from "@/lib/money/format-money";

interface Visit {
  id: string;
  number: number;
  status: string;
  createdAt: Date;
  odometerIn: number | null;
  concerns: string | null;
  vehicleId: string;
  jobs: Array<{ title: string; approval: string }>;
  invoices?: Array<{ id: string; kind: "INVOICE" | "CREDIT_NOTE"; number: number; grossMinor: number }>;
}

const label = (status: string) => status.charAt(0) + status.slice(1).toLowerCase().replace(/_/g, " ");

/** Every visit of each car, newest first: what was asked, what was done or declined, and what was billed. */
export function VisitHistory({ orgSlug, vehicles, visits, recommendations, currency }: {
  orgSlug: string;
  vehicles: Array<{ id: string; registration: string | null; vin: string | null }>;
  visits: Visit[];
  recommendations: Array<{ id: string; vehicleId: string; title: string; grossMinor: number; createdAt: Date }>;
  currency: string;
}) {
  const plate = (vehicleId: string) => {
    const vehicle = vehicles.find((v) => v.id === vehicleId);
    return vehicle?.registration ?? vehicle?.vin ?? "Another customer's vehicle";
  };
  return (
    <Card title={`Visits (${visits.length})`}>
      {recommendations.length > 0 ? (
        <div className="mb-4 rounded-md bg-amber-50 p-3 text-sm" data-testid="open-recommendations">
          <p className="font-medium">Still recommended</p>
          <ul>
            {recommendations.map((rec) => (
              <li key={rec.id}>{plate(rec.vehicleId)}: {rec.title} ({formatMoney(rec.grossMinor, currency)}, since {rec.createdAt.toISOString().slice(0, 10)})</li>
            ))}
          </ul>
        </div>
      ) : null}
      {visits.length === 0 ? <p className="text-sm text-slate-600">No visits yet.</p> : null}
      <ol className="flex flex-col divide-y divide-slate-100 text-sm" data-testid="visits">
        {visits.map((visit) => (
          <li key={visit.id} className="py-2">
            <p>
              <Link className="font-medium text-blue-700 underline-offset-2 hover:underline" href={`/${orgSlug}/repair-orders/${visit.id}`}>Repair order {visit.number}</Link>
              {" · "}{visit.createdAt.toISOString().slice(0, 10)} · {plate(visit.vehicleId)}
              {visit.odometerIn !== null ? ` · ${visit.odometerIn.toLocaleString("en-GB")}` : ""} · {label(visit.status)}
            </p>
            {visit.concerns ? <p className="text-slate-600">Concern: {visit.concerns}</p> : null}
            {visit.jobs.length > 0 ? (
              <p className="text-slate-700">{visit.jobs.map((job) => (job.approval === "APPROVED" || job.approval === "PENDING" ? job.title : `${job.title} (${label(job.approval).toLowerCase()})`)).join(", ")}</p>
            ) : null}
            {visit.invoices?.length ? (
              <p>
                {visit.invoices.map((invoice, index) => (
                  <span key={invoice.id}>
                    {index > 0 ? ", " : ""}
                    <Link className="text-blue-700 underline underline-offset-2" href={`/${orgSlug}/invoices/${invoice.id}`}>{documentLabel(invoice.kind, invoice.number)}</Link> {formatMoney(invoice.grossMinor, currency)}
                  </span>
                ))}
              </p>
            ) : null}
          </li>
        ))}
      </ol>
    </Card>
  );
}
