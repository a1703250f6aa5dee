import type { TenantTx } from "@/lib/db";
import type { InspectionRating } from "@/lib/generated/prisma/client";

export const RATING_ORDER: readonly InspectionRating[] = ["RED", "AMBER", "GREEN"];

/**
 * What the customer sees of the car's inspections behind their estimate link:
 * completed inspections only, items grouped red, amber, green, with the notes,
 * measurements and photo ids (served by the link's own photo route).
 * Call inside withApprovalLink: the link has been checked.
 */
export async function customerInspections(tx: TenantTx, repairOrderId: string) {
  const inspections = await tx.inspection.findMany({
    where: { repairOrderId, status: "COMPLETED" },
    orderBy: { completedAt: "asc" },
    include: { items: { orderBy: { position: "asc" }, include: { photos: { orderBy: { createdAt: "asc" }, select: { id: true } } } } },
  });
  return inspections.map((inspection) => ({
    id: inspection.id,
    title: inspection.title,
    completedAt: inspection.completedAt,
    groups: RATING_ORDER.map((rating) => ({
      rating,
      items: inspection.items
        .filter((item) => item.rating === rating)
        .map((item) => ({
          id: item.id, section: item.section, label: item.label, note: item.note,
          measurementMilli: item.measurementMilli, measurementUnit: item.measurementUnit,
          photoIds: item.photos.map((photo) => photo.id),
        })),
    })).filter((group) => group.items.length > 0),
  }));
}

export type CustomerInspection = Awaited<ReturnType<typeof customerInspections>>[number];
