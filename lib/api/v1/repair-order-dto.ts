import { z } from "zod";
import { JobApproval, JobLineKind, PartStatus, RepairOrderStatus } from "@/lib/generated/prisma/client";
import type { OrderWithWork } from "@/lib/repair-orders/order-summary";
import type { Amounts } from "@/lib/repair-orders/totals";
import { iso, isoOrNull, ZTimestamp } from "./schema-parts";

const minor = (description: string) => z.int().meta({ description: `${description}, in minor units of \`currency\` (pence, cents).` });

const ZLineDto = z
  .object({
    id: z.uuid(),
    kind: z.enum(JobLineKind),
    description: z.string(),
    quantityMilli: z.int().meta({ description: "Quantity in thousandths: 1500 is 1.5 hours or parts." }),
    unitPriceMinor: minor("Price per unit as entered (tax included when the workshop prices so)"),
    taxRateBp: z.int().meta({ description: "Tax rate in basis points: 2000 is 20 %." }),
    partStatus: z.enum(PartStatus).nullable(),
  })
  .strict();

export const ZRepairOrderDto = z
  .object({
    id: z.uuid(),
    number: z.int().meta({ description: "Sequential per workshop, from 1." }),
    status: z.enum(RepairOrderStatus),
    customerId: z.uuid(),
    billToCustomerId: z.uuid(),
    vehicleId: z.uuid(),
    advisorUserId: z.uuid().nullable(),
    technicianUserId: z.uuid().nullable(),
    odometerIn: z.int().nullable(),
    odometerOut: z.int().nullable(),
    promisedAt: ZTimestamp.nullable(),
    concerns: z.string().nullable(),
    totals: z
      .object({
        currency: z.string().length(3).meta({ description: "ISO 4217." }),
        netMinor: minor("Total before tax"),
        taxMinor: minor("Tax"),
        grossMinor: minor("Total the customer pays"),
      })
      .strict()
      .meta({ description: "Jobs the customer has not declined or deferred." }),
    jobs: z.array(z.object({ id: z.uuid(), title: z.string(), approval: z.enum(JobApproval), lines: z.array(ZLineDto) }).strict()),
    createdAt: ZTimestamp,
    updatedAt: ZTimestamp,
  })
  .strict();

type PricedOrder = OrderWithWork & { totals: Amounts & { currency: string } };

export const repairOrderDto = (order: PricedOrder): z.input<typeof ZRepairOrderDto> => ({
  id: order.id,
  number: order.number,
  status: order.status,
  customerId: order.customerId,
  billToCustomerId: order.billToCustomerId,
  vehicleId: order.vehicleId,
  advisorUserId: order.advisorUserId,
  technicianUserId: order.technicianUserId,
  odometerIn: order.odometerIn,
  odometerOut: order.odometerOut,
  promisedAt: isoOrNull(order.promisedAt),
  concerns: order.concerns,
  totals: { currency: order.totals.currency, netMinor: order.totals.net, taxMinor: order.totals.tax, grossMinor: order.totals.gross },
  jobs: order.jobs.map((job) => ({ id: job.id, title: job.title, approval: job.approval, lines: job.lines.map((line) => ({ ...line })) })),
  createdAt: iso(order.createdAt),
  updatedAt: iso(order.updatedAt),
});
