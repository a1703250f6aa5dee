import type { Metadata } from "next";
import { ChecklistActiveButton, ChecklistItemButtons, AddChecklistItemForm, CreateChecklistForm, RenameChecklistForm } from "@/components/inspections/checklist-forms";
import { Card } from "@/components/ui/card";
import { listTemplates } from "@/lib/inspections/list-templates";
import { STANDARD_CHECKLIST_NAME } from "@/lib/inspections/standard-checklist";
import { requirePermission } from "@/lib/org/require-permission";

export const metadata: Metadata = { title: "Inspection checklists" };

/** The workshop's own checklists: what a technician works through on each car. */
export default async function ChecklistsPage({ params }: { params: Promise<{ orgSlug: string }> }) {
  const { orgSlug } = await params;
  const ctx = await requirePermission(orgSlug, "settings.update");
  const templates = await listTemplates(ctx);
  const hasStandard = templates.some((template) => template.name === STANDARD_CHECKLIST_NAME);
  return (
    <div className="flex flex-col gap-6">
      <h1 className="text-2xl font-semibold">Inspection checklists</h1>
      <p className="text-slate-700">
        A technician starts an inspection on a repair order from one of these. Changes apply to inspections started from then on;
        a checklist switched off is no longer offered, and inspections made from it keep their items.
      </p>
      <Card title="New checklist" description={hasStandard ? undefined : "Start from the standard full vehicle check (tyres, brakes, lights, fluids, underneath) and adapt it."}>
        <CreateChecklistForm orgSlug={orgSlug} suggestedName={hasStandard ? "" : STANDARD_CHECKLIST_NAME} />
      </Card>
      {templates.map((template) => (
        <Card key={template.id} title={template.active ? template.name : `${template.name} (switched off)`} description={`${template.items.length} items`}>
          <div className="flex flex-col gap-4">
            <div className="flex flex-wrap items-end justify-between gap-3">
              <RenameChecklistForm orgSlug={orgSlug} templateId={template.id} name={template.name} />
              <ChecklistActiveButton orgSlug={orgSlug} templateId={template.id} active={template.active} />
            </div>
            <ol className="flex flex-col divide-y divide-slate-100">
              {template.items.map((item, index) => (
                <li key={item.id} className="flex flex-wrap items-center justify-between gap-2 py-2">
                  <span>
                    {item.section ? <span className="text-sm text-slate-600">{item.section} · </span> : null}
                    {item.label}
                    {item.measurementUnit ? <span className="text-sm text-slate-600"> (measured in {item.measurementUnit})</span> : null}
                  </span>
                  <ChecklistItemButtons orgSlug={orgSlug} itemId={item.id} label={item.label} first={index === 0} last={index === template.items.length - 1} />
                </li>
              ))}
            </ol>
            <AddChecklistItemForm orgSlug={orgSlug} templateId={template.id} name={template.name} />
          </div>
        </Card>
      ))}
    </div>
  );
}
