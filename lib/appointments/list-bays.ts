import { withTenant } from "@/lib/db";
import type { OrgContext } from "@/lib/org/context";
import { authorize } from "@/lib/rbac";
import { findLocation } from "./booking-checks";

/** A location's bays in calendar order; retired ones only when asked for (their past appointments still name them). */
export async function listBays(ctx: OrgContext, locationId: string, options: { includeInactive?: boolean } = {}) {
  await authorize(ctx, "appointment.read");
  return withTenant(ctx.orgId, async (tx) => {
    const location = await findLocation(tx, locationId);
    return tx.bay.findMany({
      where: { locationId: location.id, ...(options.includeInactive ? {} : { active: true }) },
      orderBy: [{ position: "asc" }, { name: "asc" }],
    });
  });
}
