import { z } from "zod";
import { audit } from "@/lib/audit/audit";
import { withTenant } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { parseInput } from "@/lib/forms/parse-input";
import { Prisma } from "@/lib/generated/prisma/client";
import { isUuid } from "@/lib/ids";
import { actorOf, type OrgContext } from "@/lib/org/context";
import { authorize } from "@/lib/rbac";
import { ZCreateBay } from "./appointment-input";

export const ZRenameBay = ZCreateBay.pick({ name: true });

const taken = (name: string) => {
  const message = `There is already a bay called ${name} at this location.`;
  return new AppError("CONFLICT", message, { fields: { name: message } });
};

/** Renames a bay; its bookings keep it (they point at the bay, not at its name). */
export async function renameBay(ctx: OrgContext, bayId: string, raw: z.input<typeof ZRenameBay>) {
  await authorize(ctx, "settings.update");
  const { name } = parseInput(ZRenameBay, raw);
  try {
    return await withTenant(ctx.orgId, async (tx) => {
      const bay = isUuid(bayId) ? await tx.bay.findFirst({ where: { id: bayId } }) : null;
      if (!bay) throw new AppError("NOT_FOUND", "That bay was not found.");
      if (bay.name === name) return bay;
      const same = await tx.bay.findFirst({
        where: { locationId: bay.locationId, id: { not: bay.id }, name: { equals: name, mode: "insensitive" } }, select: { name: true },
      });
      if (same) throw taken(same.name);
      const renamed = await tx.bay.update({ where: { organizationId_id: { organizationId: ctx.orgId, id: bay.id } }, data: { name } });
      await audit(tx, actorOf(ctx), "bay.rename", { type: "Bay", id: bay.id }, { from: bay.name, to: name });
      return renamed;
    });
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") throw taken(name);
    throw error;
  }
}
