import type { Metadata } from "next";
import Link from "next/link";
import { Card } from "@/components/ui/card";
import { PERIODS, workshopDay, type Period } from "@/lib/dashboard/workshop-day";
import { formatMoney } from "@/lib/money/format-money";
import { requirePermission } from "@/lib/org/require-permission";
import { readQuery, type QueryParams } from "@/lib/http/query-params";

export const metadata: Metadata = { title: "Today" };

const PERIOD_LABEL: Record<Period, string> = { day: "Today", week: "This week", month: "This month" };

export default async function WorkshopHome({ params, searchParams }: { params: Promise<{ orgSlug: string }>; searchParams: Promise<QueryParams> }) {
  const { orgSlug } = await params;
  const { period: requested } = await readQuery(searchParams, "period");
  const period: Period = (PERIODS as readonly string[]).includes(requested ?? "") ? (requested as Period) : "day";
  const ctx = await requirePermission(orgSlug, "repairOrder.read");
  const day = await workshopDay(ctx, period);
  const money = (minor: number) => formatMoney(minor, day.currency);
  const lanes = [
    { title: "Cars in", orders: day.carsIn, testId: "cars-in" },
    { title: "Waiting for approval", orders: day.awaitingApproval, testId: "awaiting-approval" },
    { title: "Ready for pickup", orders: day.readyForPickup, testId: "ready-for-pickup" },
  ];
  return (
    <div className="flex flex-col gap-6">
      <h1 className="text-2xl font-semibold">{ctx.orgName}</h1>
      {day.figures ? (
        <section aria-labelledby="figures" className="flex flex-col gap-3">
          <div className="flex flex-wrap items-baseline justify-between gap-3">
            <h2 id="figures" className="text-lg font-semibold">{PERIOD_LABEL[period]}</h2>
            <nav aria-label="Period" className="flex gap-3 text-sm">
              {PERIODS.map((p) => (
                <Link key={p} href={`/${orgSlug}?period=${p}`} aria-current={p === period ? "page" : undefined} className={p === period ? "font-semibold" : "text-blue-700 underline"}>{PERIOD_LABEL[p]}</Link>
              ))}
            </nav>
          </div>
          <dl className="grid gap-4 sm:grid-cols-3">
            {[["Car count", String(day.figures.carCount), "car-count"], ["Average repair order", money(day.figures.averageRepairOrderMinor), "aro"], ["Revenue (before tax)", money(day.figures.revenueMinor), "revenue"]].map(([label, value, id]) => (
              <div key={id} className="rounded-lg border border-slate-200 bg-white p-5 shadow-sm"><dt className="text-sm text-slate-600">{label}</dt><dd className="text-3xl font-semibold" data-testid={id}>{value}</dd></div>
            ))}
          </dl>
        </section>
      ) : null}
      <div className="grid gap-4 md:grid-cols-3">
        {lanes.map((lane) => (
          <Card key={lane.title} title={`${lane.title} (${lane.orders.length})`}>
            <ul className="flex flex-col gap-2 text-sm" data-testid={lane.testId}>
              {lane.orders.length === 0 ? <li className="text-slate-600">None right now.</li> : null}
              {lane.orders.map((order) => (
                <li key={order.id}>
                  <Link className="font-medium text-blue-700 underline-offset-2 hover:underline" href={`/${orgSlug}/repair-orders/${order.id}`}>
                    #{order.number} {order.vehicle.registration ?? ""} {[order.vehicle.make, order.vehicle.model].filter(Boolean).join(" ")}
                  </Link>
                  <span className="text-slate-600"> · {order.customer.displayName}</span>
                </li>
              ))}
            </ul>
          </Card>
        ))}
      </div>
    </div>
  );
}
