import Link from "next/link";
import { Card } from "@/components/ui/card";
import { listTemplates } from "@/lib/inspections/list-templates";
import { repairOrderInspections } from "@/lib/inspections/inspection-view";
import type { OrgContext } from "@/lib/org/context";
import { can } from "@/lib/rbac";
import { StartInspectionForm } from "./inspection-forms";

/** The repair order page's inspections: each with its progress and findings, and "start" from a checklist. */
export async function RepairOrderInspections({ ctx, repairOrderId, editable }: { ctx: OrgContext; repairOrderId: string; editable: boolean }) {
  if (!can(ctx, "inspection.read")) return null;
  const startable = editable && can(ctx, "inspection.create");
  const [inspections, templates] = await Promise.all([
    repairOrderInspections(ctx, repairOrderId),
    startable ? listTemplates(ctx, { activeOnly: true }) : Promise.resolve([]),
  ]);
  if (inspections.length === 0 && !startable) return null;
  return (
    <Card title="Inspections" description="The technician's checklist with photos; amber and red items become jobs to price.">
      <div className="flex flex-col gap-4">
        {inspections.length > 0 ? (
          <ul className="flex flex-col gap-2">
            {inspections.map((inspection) => (
              <li key={inspection.id} className="flex flex-wrap items-center justify-between gap-2 border-t border-slate-100 pt-2">
                <Link className="min-h-11 content-center text-blue-700 underline underline-offset-2" href={`/${ctx.orgSlug}/repair-orders/${repairOrderId}/inspections/${inspection.id}`}>
                  {inspection.title}
                </Link>
                <span className="text-sm text-slate-700">
                  {inspection.status === "COMPLETED" ? "Completed" : `${inspection.rated} of ${inspection.items} rated`}
                  {inspection.red > 0 ? ` · ${inspection.red} red` : ""}
                  {inspection.amber > 0 ? ` · ${inspection.amber} amber` : ""}
                </span>
              </li>
            ))}
          </ul>
        ) : null}
        {startable ? <StartInspectionForm orgSlug={ctx.orgSlug} repairOrderId={repairOrderId} templates={templates.map((template) => ({ id: template.id, name: template.name }))} /> : null}
      </div>
    </Card>
  );
}
