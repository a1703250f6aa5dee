import { z } from "zod";
import { audit } from "@/lib/audit/audit";
import { withTenant } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { blankToUndefined } from "@/lib/forms/blank";
import { parseInput } from "@/lib/forms/parse-input";
import { InspectionRating } from "@/lib/generated/prisma/client";
import { actorOf, type OrgContext } from "@/lib/org/context";
import { authorize } from "@/lib/rbac";
import { assertOpen, visibleItem } from "./inspection-access";
import { measurement } from "./measurement";

export const ZRateItem = z.object({
  itemId: z.string(),
  rating: z.enum(InspectionRating, { message: "Choose green, amber or red." }),
  note: z.preprocess(blankToUndefined, z.string().trim().max(500, "Keep the note under 500 characters.").optional()),
  measurement: z.preprocess(blankToUndefined, measurement.optional()),
});

/** The technician's verdict on one item: green, amber or red, with a note and the measurement when the item takes one. */
export async function rateItem(ctx: OrgContext, raw: z.input<typeof ZRateItem>) {
  await authorize(ctx, "inspection.update");
  const input = parseInput(ZRateItem, raw);
  return withTenant(ctx.orgId, async (tx) => {
    const item = await visibleItem(tx, ctx, input.itemId);
    await assertOpen(tx, ctx.orgId, item.inspectionId);
    if (input.measurement !== undefined && !item.measurementUnit) {
      throw new AppError("VALIDATION_FAILED", "Check the highlighted fields.", { fields: { measurement: "This item takes no measurement." } });
    }
    const rated = await tx.inspectionItem.update({
      where: { organizationId_id: { organizationId: ctx.orgId, id: item.id } },
      data: { rating: input.rating, note: input.note ?? null, measurementMilli: input.measurement ?? null },
    });
    // The note is the technician's words about the car: kept on the item, not copied into the audit log.
    await audit(tx, actorOf(ctx), "inspection.rate", { type: "InspectionItem", id: item.id }, {
      inspectionId: item.inspectionId, from: item.rating, rating: rated.rating, measurementMilli: rated.measurementMilli,
    });
    return rated;
  });
}
