import { z } from "zod";
import { audit } from "@/lib/audit/audit";
import { withTenant } from "@/lib/db";
import { parseInput } from "@/lib/forms/parse-input";
import { actorOf, type OrgContext } from "@/lib/org/context";
import { authorize } from "@/lib/rbac";
import { findPart } from "./find-part";
import { signedQuantity } from "./quantities";
import { moveStock, NotEnoughStock } from "./stock-ledger";
import { findLocation } from "./stock-location";
import { AppError } from "@/lib/errors";

export const ZAdjustStock = z.object({
  partId: z.string(),
  locationId: z.string(),
  change: signedQuantity,
  note: z.string().trim().min(3, "Say why the count changed (for example “stock take: 2 found on the shelf”).").max(500, "Use at most 500 characters."),
});

/** A stock take's correction, up or down, with the reason on the ledger; never below zero. */
export async function adjustStock(ctx: OrgContext, raw: z.input<typeof ZAdjustStock>) {
  await authorize(ctx, "part.adjustStock");
  const input = parseInput(ZAdjustStock, raw);
  return withTenant(ctx.orgId, async (tx) => {
    const part = await findPart(tx, input.partId);
    const location = await findLocation(tx, input.locationId);
    const { onHandMilli } = await moveStock(tx, {
      locationId: location.id, partId: part.id, kind: "ADJUSTED", quantityMilli: input.change,
      unitCostMinor: part.costMinor, note: input.note, userId: ctx.userId,
    }, part.sku).catch((error: unknown) => {
      if (error instanceof NotEnoughStock || (error instanceof AppError && error.code === "VALIDATION_FAILED")) {
        throw new AppError("VALIDATION_FAILED", error.message, { fields: { change: error.message } });
      }
      throw error;
    });
    await audit(tx, actorOf(ctx), "stock.adjust", { type: "Part", id: part.id }, { locationId: location.id, quantityMilli: input.change, onHandMilli });
    return { onHandMilli };
  });
}
