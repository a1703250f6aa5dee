import type { Prisma } from "@/lib/generated/prisma/client";
import type { OrgContext } from "@/lib/org/context";

/**
 * The repair orders a member may see, as a where fragment to AND into any
 * repair order query. Technicians see only work assigned to them: the order
 * itself, or a labour line on one of its jobs. Everyone else sees the workshop's.
 */
export function visibleTo(ctx: Pick<OrgContext, "role" | "userId">): Prisma.RepairOrderWhereInput {
  if (ctx.role !== "TECHNICIAN") return {};
  return {
    OR: [
      { technicianUserId: ctx.userId },
      { jobs: { some: { lines: { some: { kind: "LABOUR", technicianUserId: ctx.userId } } } } },
    ],
  };
}
