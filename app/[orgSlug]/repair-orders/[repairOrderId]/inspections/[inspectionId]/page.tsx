import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { InspectionItemCard } from "@/components/inspections/inspection-item-card";
import { CompleteInspectionForm } from "@/components/inspections/inspection-forms";
import { Card } from "@/components/ui/card";
import { Notice } from "@/components/ui/notice";
import { AppError } from "@/lib/errors";
import { inspectionView } from "@/lib/inspections/inspection-view";
import { formatMilli } from "@/lib/inspections/measurement";
import { requirePermission } from "@/lib/org/require-permission";
import { can } from "@/lib/rbac";
import { EDITABLE } from "@/lib/repair-orders/status";

export const metadata: Metadata = { title: "Inspection" };

/** The technician's phone screen: one item a row, big rating buttons, the camera one tap away. */
export default async function InspectionPage({ params }: { params: Promise<{ orgSlug: string; repairOrderId: string; inspectionId: string }> }) {
  const { orgSlug, repairOrderId, inspectionId } = await params;
  const ctx = await requirePermission(orgSlug, "inspection.read");
  const inspection = await inspectionView(ctx, inspectionId).catch((error: unknown) => {
    if (error instanceof AppError && error.code === "NOT_FOUND") notFound();
    throw error;
  });
  if (inspection.repairOrderId !== repairOrderId) notFound();
  const open = inspection.status === "IN_PROGRESS" && can(ctx, "inspection.update");
  const canPropose = can(ctx, "inspection.update") && can(ctx, "repairOrder.update") && EDITABLE.has(inspection.repairOrder.status);
  const rated = inspection.items.filter((item) => item.rating !== null).length;
  const proposed = inspection.items.filter((item) => item.proposedJob !== null).length;
  const vehicle = inspection.repairOrder.vehicle;
  const sections = inspection.items.reduce<Array<{ section: string; items: typeof inspection.items }>>((groups, item) => {
    const section = item.section ?? "Other checks";
    const last = groups[groups.length - 1];
    if (last?.section === section) last.items.push(item);
    else groups.push({ section, items: [item] });
    return groups;
  }, []);

  return (
    <div className="mx-auto flex max-w-xl flex-col gap-5">
      <div>
        <Link href={`/${orgSlug}/repair-orders/${repairOrderId}`} className="text-sm text-blue-700 underline underline-offset-2">
          Repair order {inspection.repairOrder.number}
        </Link>
        <h1 className="text-2xl font-semibold">{inspection.title}</h1>
        <p className="text-slate-700">
          {[vehicle.registration ?? vehicle.vin, vehicle.make, vehicle.model].filter(Boolean).join(" ")} · <span data-testid="rated-count">{rated} of {inspection.items.length} rated</span>
        </p>
      </div>
      {inspection.status === "COMPLETED" ? (
        // The complete form is gone once the inspection is: this notice is its answer.
        <Notice tone="success">
          Completed {inspection.completedAt?.toISOString().slice(0, 16).replace("T", " ")} UTC.{" "}
          {proposed > 0 ? `${proposed} job${proposed === 1 ? "" : "s"} on the repair order to price. ` : ""}The customer sees these results with the estimate.
        </Notice>
      ) : null}
      {sections.map((group) => (
        <section key={group.section} aria-labelledby={`section-${group.items[0]!.id}`} className="flex flex-col gap-3">
          <h2 id={`section-${group.items[0]!.id}`} className="text-lg font-semibold">{group.section}</h2>
          {group.items.map((item) => (
            <InspectionItemCard
              key={item.id}
              orgSlug={orgSlug}
              open={open}
              canPropose={canPropose}
              item={{
                id: item.id, label: item.label, rating: item.rating, note: item.note, measurementUnit: item.measurementUnit,
                measurement: item.measurementMilli === null ? null : formatMilli(item.measurementMilli),
                photos: item.photos, proposedJob: item.proposedJob,
              }}
            />
          ))}
        </section>
      ))}
      {open && canPropose ? (
        <Card title="Finish">
          <CompleteInspectionForm orgSlug={orgSlug} inspectionId={inspection.id} unrated={inspection.items.length - rated} />
        </Card>
      ) : null}
    </div>
  );
}
