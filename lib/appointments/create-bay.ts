import type { z } from "zod";
import { audit } from "@/lib/audit/audit";
import { withTenant } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { parseInput } from "@/lib/forms/parse-input";
import { Prisma } from "@/lib/generated/prisma/client";
import { actorOf, type OrgContext } from "@/lib/org/context";
import { authorize } from "@/lib/rbac";
import { ZCreateBay } from "./appointment-input";
import { findLocation } from "./booking-checks";

const taken = (name: string) => {
  const message = `There is already a bay called ${name} at this location.`;
  return new AppError("CONFLICT", message, { fields: { name: message } });
};

/** Adds a bay (a lift or work area: a column of the calendar) to a location, at the right-hand end unless placed. */
export async function createBay(ctx: OrgContext, raw: z.input<typeof ZCreateBay>) {
  await authorize(ctx, "settings.update");
  const input = parseInput(ZCreateBay, raw);
  try {
    return await withTenant(ctx.orgId, async (tx) => {
      const location = await findLocation(tx, input.locationId);
      // Names are unique per location in the database; "bay 2" beside "Bay 2" would be as confusing on the calendar.
      const same = await tx.bay.findFirst({ where: { locationId: location.id, name: { equals: input.name, mode: "insensitive" } }, select: { name: true } });
      if (same) throw taken(same.name);
      const position = input.position ?? (await tx.bay.count({ where: { locationId: location.id } }));
      const bay = await tx.bay.create({ data: { organizationId: ctx.orgId, locationId: location.id, name: input.name, position } });
      await audit(tx, actorOf(ctx), "bay.create", { type: "Bay", id: bay.id }, { locationId: location.id, name: bay.name, position });
      return bay;
    });
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") throw taken(input.name);
    throw error;
  }
}
