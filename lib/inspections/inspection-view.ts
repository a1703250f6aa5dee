import { withTenant } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { isUuid } from "@/lib/ids";
import type { OrgContext } from "@/lib/org/context";
import { authorize } from "@/lib/rbac";
import { visibleTo } from "@/lib/repair-orders/visibility";
import { inspectionNotFound } from "./inspection-access";

/** One inspection with its items, photos and proposed jobs: the technician's screen. */
export async function inspectionView(ctx: OrgContext, inspectionId: string) {
  await authorize(ctx, "inspection.read");
  const inspection = isUuid(inspectionId)
    ? await withTenant(ctx.orgId, (tx) =>
        tx.inspection.findFirst({
          where: { id: inspectionId, repairOrder: visibleTo(ctx) },
          include: {
            repairOrder: { select: { id: true, number: true, status: true, vehicle: { select: { registration: true, vin: true, make: true, model: true } } } },
            items: {
              orderBy: { position: "asc" },
              include: {
                photos: { orderBy: { createdAt: "asc" }, select: { id: true, contentType: true, byteSize: true } },
                proposedJob: { select: { id: true, title: true, approval: true } },
              },
            },
          },
        }),
      )
    : null;
  if (!inspection) throw inspectionNotFound();
  return inspection;
}

export type InspectionView = Awaited<ReturnType<typeof inspectionView>>;

/** The repair order page's list: each inspection with how many items are rated and how. */
export async function repairOrderInspections(ctx: OrgContext, repairOrderId: string) {
  await authorize(ctx, "inspection.read");
  if (!isUuid(repairOrderId)) throw new AppError("NOT_FOUND", "That repair order was not found.");
  const inspections = await withTenant(ctx.orgId, (tx) =>
    tx.inspection.findMany({
      where: { repairOrderId, repairOrder: visibleTo(ctx) },
      orderBy: { createdAt: "asc" },
      include: { items: { select: { rating: true } } },
    }),
  );
  return inspections.map(({ items, ...inspection }) => ({
    ...inspection,
    items: items.length,
    rated: items.filter((item) => item.rating !== null).length,
    red: items.filter((item) => item.rating === "RED").length,
    amber: items.filter((item) => item.rating === "AMBER").length,
  }));
}
