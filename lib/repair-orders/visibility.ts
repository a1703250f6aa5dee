import type { Prisma } from "@/lib/generated/prisma/client";
import type { OrgContext } from "@/lib/org/context";

/**
 * The repair orders a member may see, as a where fragment to AND into any
 * repair order query. Technicians see only work assigned to them: the order
 * itself, or a labour line on one of its jobs. Everyone else sees the workshop's.
 */
export function visibleTo(ctx: Pick<OrgContext, "role" | "userId">): Prisma.RepairOrderWhereInput {
  if (ctx.role !== "TECHNICIAN") return {};
  // labourTechnicianIds is kept by a trigger on JobLine: a per-row test, where a relation filter
  // would make Postgres gather every labour line the technician ever booked (0.5 s at 500,000 orders).
  return { OR: [{ technicianUserId: ctx.userId }, { labourTechnicianIds: { has: ctx.userId } }] };
}
