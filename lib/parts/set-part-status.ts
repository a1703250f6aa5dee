import { z } from "zod";
import { audit } from "@/lib/audit/audit";
import { withTenant, type TenantTx } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { parseInput } from "@/lib/forms/parse-input";
import { PartStatus } from "@/lib/generated/prisma/client";
import { isUuid } from "@/lib/ids";
import { actorOf, type OrgContext } from "@/lib/org/context";
import { authorize } from "@/lib/rbac";
import { shareRepairOrder } from "@/lib/repair-orders/row-locks";
import { EDITABLE } from "@/lib/repair-orders/status";
import { visibleTo } from "@/lib/repair-orders/visibility";
import { moveStock } from "./stock-ledger";
import { workshopStockLocation } from "./stock-location";

export const ZSetPartStatus = z.object({
  jobLineId: z.string(),
  partStatus: z.enum(PartStatus, { message: "Choose needed, ordered, received or fitted." }),
});

async function lockLine(tx: TenantTx, orgId: string, jobLineId: string): Promise<PartStatus | null> {
  const [row] = await tx.$queryRaw<Array<{ partStatus: PartStatus | null }>>`
    SELECT "partStatus" FROM "JobLine" WHERE "organizationId" = ${orgId}::uuid AND id = ${jobLineId}::uuid FOR UPDATE`;
  return row!.partStatus;
}

/** Where a fitted line's part goes back to: the location it was fitted from. */
async function fittedFrom(tx: TenantTx, jobLineId: string) {
  const fitted = await tx.stockMovement.findFirst({ where: { jobLineId, kind: "FITTED" }, orderBy: [{ createdAt: "desc" }, { id: "desc" }], select: { locationId: true } });
  return fitted?.locationId ?? (await workshopStockLocation(tx)).id;
}

/**
 * Moves a part line along NEEDED -> ORDERED -> RECEIVED -> FITTED (or back).
 * Marking a catalogue part fitted takes it out of stock at the workshop's first
 * location (a FITTED movement; refused when there is not enough); taking a
 * fitted part back off the job puts it back where it came from (RETURNED).
 * Technicians do this on the repair orders they can see.
 */
export async function setPartStatus(ctx: OrgContext, raw: z.input<typeof ZSetPartStatus>) {
  await authorize(ctx, "repairOrder.update");
  const input = parseInput(ZSetPartStatus, raw);
  return withTenant(ctx.orgId, async (tx) => {
    const line = isUuid(input.jobLineId)
      ? await tx.jobLine.findFirst({ where: { id: input.jobLineId, kind: "PART", job: { repairOrder: visibleTo(ctx) } }, include: { job: { select: { repairOrderId: true, approval: true, title: true } }, part: { select: { sku: true } } } })
      : null;
    if (!line) throw new AppError("NOT_FOUND", "That part line was not found.");
    // Order first, then the line: the same order as every other change to a repair order's work.
    const status = await shareRepairOrder(tx, ctx.orgId, line.job.repairOrderId);
    if (!EDITABLE.has(status)) throw new AppError("CONFLICT", `This repair order is ${status.toLowerCase().replace(/_/g, " ")}: its parts can no longer change.`);
    // A declined or deferred job is not being done: nothing of it goes on the car.
    if (input.partStatus === "FITTED" && (line.job.approval === "DECLINED" || line.job.approval === "DEFERRED")) {
      throw new AppError("CONFLICT", `“${line.job.title}” was ${line.job.approval.toLowerCase()} by the customer: its parts are not fitted.`);
    }
    const from = await lockLine(tx, ctx.orgId, line.id);
    if (from === input.partStatus) return { partStatus: from, changed: false };
    let stock: { locationId: string; onHandMilli: number } | null = null;
    if (line.partId && (input.partStatus === "FITTED" || from === "FITTED")) {
      const fitting = input.partStatus === "FITTED";
      const locationId = fitting ? (await workshopStockLocation(tx)).id : await fittedFrom(tx, line.id);
      const { onHandMilli } = await moveStock(tx, {
        locationId, partId: line.partId, kind: fitting ? "FITTED" : "RETURNED",
        quantityMilli: fitting ? -line.quantityMilli : line.quantityMilli,
        unitCostMinor: line.unitCostMinor, jobLineId: line.id, userId: ctx.userId,
      }, line.part?.sku);
      stock = { locationId, onHandMilli };
    }
    await tx.jobLine.update({ where: { organizationId_id: { organizationId: ctx.orgId, id: line.id } }, data: { partStatus: input.partStatus } });
    await audit(tx, actorOf(ctx), "jobLine.partStatus", { type: "JobLine", id: line.id }, {
      repairOrderId: line.job.repairOrderId, from, to: input.partStatus, ...(stock ? { partId: line.partId, ...stock } : {}),
    });
    return { partStatus: input.partStatus, changed: true };
  });
}
