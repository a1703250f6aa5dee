import type { TenantTx } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { isUuid } from "@/lib/ids";
import type { OrgContext } from "@/lib/org/context";
import { visibleTo } from "./visibility";

/**
 * A repair order the member may see, with its car, customer, bill-to and every
 * job's lines in order: what the page, the estimate and the invoice are built
 * from. Anything else (another workshop's id, a technician's unassigned order,
 * not a UUID) is "not found".
 */
export async function repairOrderWithWork(tx: TenantTx, ctx: OrgContext, repairOrderId: string) {
  const order = isUuid(repairOrderId)
    ? await tx.repairOrder.findFirst({
        where: { AND: [{ id: repairOrderId }, visibleTo(ctx)] },
        include: {
          vehicle: true, customer: true, billTo: true,
          jobs: { orderBy: { position: "asc" }, include: { lines: { orderBy: { createdAt: "asc" } } } },
        },
      })
    : null;
  if (!order) throw new AppError("NOT_FOUND", "That repair order was not found.");
  return order;
}
