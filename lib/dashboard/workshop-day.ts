import { db, withTenant } from "@/lib/db";
import type { OrgContext } from "@/lib/org/context";
import { authorize, can } from "@/lib/rbac";
import { visibleTo } from "@/lib/repair-orders/visibility";

export const PERIODS = ["day", "week", "month"] as const;
export type Period = (typeof PERIODS)[number];

const CARS_IN = ["APPROVED", "IN_PROGRESS", "WAITING_PARTS"] as const;

/**
 * The owner's numbers for the period (in the workshop's time zone), from
 * issued documents only:
 * - revenue: net (before tax) of invoices issued in the period, less credit notes issued in it;
 * - car count: repair orders with an invoice issued in the period that no credit note cancelled;
 * - ARO (average repair order): revenue / car count, rounded to the minor unit.
 */
async function periodFigures(ctx: OrgContext, period: Period, timezone: string) {
  const [row] = await withTenant(ctx.orgId, (tx) =>
    tx.$queryRaw<Array<{ revenue: bigint | null; cars: bigint }>>`
      WITH bounds AS (SELECT date_trunc(${period}, now() AT TIME ZONE ${timezone}) AT TIME ZONE ${timezone} AS since)
      SELECT (SELECT sum(i."netMinor") FROM "Invoice" i, bounds WHERE i."issuedAt" >= bounds.since) AS revenue,
             (SELECT count(DISTINCT i."repairOrderId") FROM "Invoice" i, bounds
               WHERE i.kind = 'INVOICE' AND i."issuedAt" >= bounds.since
                 AND NOT EXISTS (SELECT 1 FROM "Invoice" cn WHERE cn."organizationId" = i."organizationId" AND cn."creditedInvoiceId" = i.id)) AS cars`,
  );
  const revenue = Number(row?.revenue ?? 0);
  const cars = Number(row?.cars ?? 0);
  return { revenueMinor: revenue, carCount: cars, averageRepairOrderMinor: cars === 0 ? 0 : Math.round(revenue / cars) };
}

/** Today's floor (cars in, waiting for approval, ready for pickup) and the period's figures for those who may read reports. */
export async function workshopDay(ctx: OrgContext, period: Period) {
  await authorize(ctx, "repairOrder.read");
  const organization = await db().organization.findUniqueOrThrow({ where: { id: ctx.orgId }, select: { timezone: true, currency: true } });
  const open = await withTenant(ctx.orgId, (tx) =>
    tx.repairOrder.findMany({
      where: { AND: [{ onBoard: true, status: { in: [...CARS_IN, "AWAITING_APPROVAL", "READY"] } }, visibleTo(ctx)] },
      orderBy: [{ promisedAt: { sort: "asc", nulls: "last" } }, { number: "asc" }],
      take: 300,
      select: { id: true, number: true, status: true, promisedAt: true, vehicle: { select: { registration: true, make: true, model: true } }, customer: { select: { displayName: true } } },
    }),
  );
  const figures = can(ctx, "report.read") ? await periodFigures(ctx, period, organization.timezone) : null;
  return {
    currency: organization.currency,
    carsIn: open.filter((order) => (CARS_IN as readonly string[]).includes(order.status)),
    awaitingApproval: open.filter((order) => order.status === "AWAITING_APPROVAL"),
    readyForPickup: open.filter((order) => order.status === "READY"),
    figures,
  };
}
