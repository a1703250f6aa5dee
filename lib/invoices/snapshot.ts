import type { Customer, Job, JobLine, Organization, RepairOrder, Vehicle } from "@/lib/generated/prisma/client";
import { lineAmounts, orderTotals, type Amounts, type Totals } from "@/lib/repair-orders/totals";

/**
 * Everything an invoice prints, frozen when it is issued: later edits to the
 * customer, the vehicle or the workshop's details never change an issued
 * document. Estimates are printed from the same shape, built from live data.
 */
export interface DocumentSnapshot {
  currency: string;
  pricesIncludeTax: boolean;
  workshop: { name: string; addressLine1: string | null; city: string | null; postcode: string | null; phone: string | null; email: string | null; taxNumber: string | null };
  billTo: { name: string; addressLine1: string | null; city: string | null; postcode: string | null; email: string | null };
  vehicle: { registration: string | null; vin: string | null; make: string | null; model: string | null; year: number | null; odometer: number | null };
  repairOrder: { number: number; concerns: string | null };
  jobs: Array<{ title: string; lines: Array<{ description: string; kind: string; quantityMilli: number; unitPriceMinor: number; taxRateBp: number } & Amounts> }>;
  totals: Totals;
  paymentTermsDays: number;
  /** credit notes: why, and which invoice */
  reason?: string;
  creditedInvoiceNumber?: number;
}

type OrderWithWork = RepairOrder & { vehicle: Vehicle; jobs: Array<Job & { lines: JobLine[] }> };

/** Only work the customer approved is billed. */
export const billableJobs = <J extends Pick<Job, "approval">>(jobs: J[]) => jobs.filter((job) => job.approval === "APPROVED");

/** What an estimate prints: the work proposed (waiting for an answer) or approved. */
export const estimatedJobs = <J extends Pick<Job, "approval">>(jobs: J[]) => jobs.filter((job) => job.approval === "APPROVED" || job.approval === "PENDING");

export function snapshotOf(organization: Organization, billTo: Customer, order: OrderWithWork, select: typeof billableJobs = billableJobs): DocumentSnapshot {
  const inclusive = organization.pricesIncludeTax;
  const jobs = select(order.jobs).filter((job) => job.lines.length > 0);
  return {
    currency: organization.currency,
    pricesIncludeTax: inclusive,
    workshop: {
      name: organization.name, addressLine1: organization.addressLine1, city: organization.city, postcode: organization.postcode,
      phone: organization.phone, email: organization.email, taxNumber: organization.taxNumber,
    },
    billTo: { name: billTo.displayName, addressLine1: billTo.addressLine1, city: billTo.city, postcode: billTo.postcode, email: billTo.email },
    vehicle: {
      registration: order.vehicle.registration, vin: order.vehicle.vin, make: order.vehicle.make, model: order.vehicle.model,
      year: order.vehicle.year, odometer: order.odometerOut ?? order.odometerIn,
    },
    repairOrder: { number: order.number, concerns: order.concerns },
    jobs: jobs.map((job) => ({
      title: job.title,
      lines: job.lines.map((line) => ({
        description: line.description, kind: line.kind, quantityMilli: line.quantityMilli, unitPriceMinor: line.unitPriceMinor,
        taxRateBp: line.taxRateBp, ...lineAmounts(line, inclusive),
      })),
    })),
    totals: orderTotals(jobs.flatMap((job) => job.lines), inclusive),
    paymentTermsDays: billTo.paymentTermsDays,
  };
}

/** The same document with every amount negated: what a full credit note prints. */
export function negated(snapshot: DocumentSnapshot, reason: string, creditedInvoiceNumber: number): DocumentSnapshot {
  const flip = <A extends Amounts>(a: A): A => ({ ...a, net: -a.net, tax: -a.tax, gross: -a.gross });
  return {
    ...snapshot,
    jobs: snapshot.jobs.map((job) => ({ ...job, lines: job.lines.map((line) => ({ ...flip(line), quantityMilli: -line.quantityMilli })) })),
    totals: { ...flip(snapshot.totals), byRate: snapshot.totals.byRate.map(flip) },
    reason,
    creditedInvoiceNumber,
  };
}
