import { audit } from "@/lib/audit/audit";
import { withTenant } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { isUuid } from "@/lib/ids";
import { actorOf, type OrgContext } from "@/lib/org/context";
import { authorize } from "@/lib/rbac";

/**
 * Retires a bay: it leaves the calendar and takes no new bookings, but keeps its
 * past appointments. Refused while bookings still to come are in it, which would
 * otherwise be left in a bay nobody sees.
 */
export async function deactivateBay(ctx: OrgContext, bayId: string, options: { now?: Date } = {}) {
  await authorize(ctx, "settings.update");
  const now = options.now ?? new Date();
  return withTenant(ctx.orgId, async (tx) => {
    if (isUuid(bayId)) {
      // A booking into this bay holds a share lock on it (checkBay): this waits for it, then counts it; a later one finds the bay inactive.
      await tx.$queryRaw`SELECT 1 FROM "Bay" WHERE "organizationId" = ${ctx.orgId}::uuid AND id = ${bayId}::uuid FOR UPDATE`;
    }
    const bay = isUuid(bayId) ? await tx.bay.findFirst({ where: { id: bayId } }) : null;
    if (!bay) throw new AppError("NOT_FOUND", "That bay was not found.");
    if (!bay.active) return bay;
    const upcoming = await tx.appointment.count({
      where: { bayId: bay.id, status: { in: ["REQUESTED", "CONFIRMED", "ARRIVED"] }, endsAt: { gt: now } },
    });
    if (upcoming > 0) {
      throw new AppError("CONFLICT", `${bay.name} has ${upcoming} appointment${upcoming === 1 ? "" : "s"} still to come: move or cancel ${upcoming === 1 ? "it" : "them"} first.`);
    }
    const retired = await tx.bay.update({ where: { organizationId_id: { organizationId: ctx.orgId, id: bay.id } }, data: { active: false } });
    await audit(tx, actorOf(ctx), "bay.deactivate", { type: "Bay", id: bay.id }, { locationId: bay.locationId, name: bay.name });
    return retired;
  });
}
