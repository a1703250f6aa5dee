import { z } from "zod";
import { blankToUndefined } from "@/lib/forms/blank";
import { audit } from "@/lib/audit/audit";
import { assertQuota, withQuotaAudit } from "@/lib/billing/quota";
import { withTenant, type TenantTx } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { Prisma } from "@/lib/generated/prisma/client";
import { actorOf, type OrgContext } from "@/lib/org/context";
import { authorize } from "@/lib/rbac";
import { isUuid } from "@/lib/ids";


export const ZCreateRepairOrder = z.object({
  customerId: z.string().uuid("Choose a customer."),
  vehicleId: z.string().uuid("Choose a vehicle."),
  billToCustomerId: z.preprocess(blankToUndefined, z.string().uuid().optional()),
  odometerIn: z.preprocess(blankToUndefined, z.coerce.number({ message: "Enter the odometer as a whole number." }).int().min(0).max(5_000_000).optional()),
  promisedAt: z.preprocess(blankToUndefined, z.coerce.date({ message: "Enter a date and time." }).optional()),
  concerns: z.preprocess(blankToUndefined, z.string().trim().max(4000).optional()),
});

const notFound = (what: string) => new AppError("NOT_FOUND", `That ${what} was not found.`);

/**
 * Opens a repair order with the workshop's next number. The number is taken
 * from the workshop's row inside this transaction (its row lock serializes
 * creates), so numbers never collide and a failed create gives its number back.
 */
export async function createRepairOrder(ctx: OrgContext, input: z.infer<typeof ZCreateRepairOrder>) {
  await authorize(ctx, "repairOrder.create");
  return withQuotaAudit(ctx, () => withTenant(ctx.orgId, (tx, global) => openRepairOrder(ctx, tx, global, input)));
}

/**
 * createRepairOrder's work inside a transaction the caller owns, for changes
 * that must commit with the new order (an appointment converted into it).
 * Warning: it does not authorize; the caller checks repairOrder.create first
 * and wraps the transaction in withQuotaAudit.
 */
export async function openRepairOrder(ctx: OrgContext, tx: TenantTx, global: Prisma.TransactionClient, input: z.infer<typeof ZCreateRepairOrder>) {
  const billTo = input.billToCustomerId ?? input.customerId;
  const [customer, payer, vehicle] = await Promise.all([
    isUuid(input.customerId) ? tx.customer.findFirst({ where: { id: input.customerId }, select: { id: true } }) : null,
    isUuid(billTo) ? tx.customer.findFirst({ where: { id: billTo }, select: { id: true } }) : null,
    isUuid(input.vehicleId) ? tx.vehicle.findFirst({ where: { id: input.vehicleId } }) : null,
  ]);
  if (!customer) throw notFound("customer");
  if (!payer) throw notFound("bill-to customer");
  if (!vehicle) throw notFound("vehicle");
  // The bill-to customer may differ (a fleet pays for its driver), but the car must be the customer's.
  if (vehicle.customerId !== customer.id) {
    throw new AppError("VALIDATION_FAILED", "That vehicle belongs to another customer.", { fields: { vehicleId: "Choose one of this customer's vehicles." } });
  }
  if (input.odometerIn !== undefined && vehicle.odometer !== null && input.odometerIn < vehicle.odometer) {
    throw new AppError("VALIDATION_FAILED", "Check the odometer.", { fields: { odometerIn: `The last reading was ${vehicle.odometer}; a new one cannot be lower.` } });
  }
  await assertQuota(tx, "repairOrdersThisMonth");
  const [{ number }] = (await global.$queryRaw<Array<{ number: number }>>`
    UPDATE "Organization" SET "nextRepairOrderNumber" = "nextRepairOrderNumber" + 1
     WHERE id = ${ctx.orgId}::uuid RETURNING "nextRepairOrderNumber" - 1 AS number`) as [{ number: number }];
  const repairOrder = await tx.repairOrder.create({
    data: {
      organizationId: ctx.orgId, number, customerId: customer.id, billToCustomerId: payer.id, vehicleId: vehicle.id,
      advisorUserId: ctx.userId, odometerIn: input.odometerIn ?? null, promisedAt: input.promisedAt ?? null, concerns: input.concerns ?? null,
    },
  });
  if (input.odometerIn !== undefined) {
    await tx.vehicle.update({ where: { organizationId_id: { organizationId: ctx.orgId, id: vehicle.id } }, data: { odometer: input.odometerIn } });
  }
  await audit(tx, actorOf(ctx), "repairOrder.create", { type: "RepairOrder", id: repairOrder.id }, { number, vehicleId: vehicle.id });
  return repairOrder;
}
