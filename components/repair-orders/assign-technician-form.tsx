"use client";

import { useActionState } from "react";
import { assignTechnicianAction } from "@/actions/repair-orders";
import { SelectField } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/notice";
import { SubmitButton } from "@/components/ui/submit-button";
import type { FormState } from "@/lib/forms/form-state";

export interface TechnicianOption {
  userId: string;
  name: string;
}

/**
 * Assigns the repair order to a technician (or unassigns it). Show it to
 * members with ASSIGN_TECHNICIAN_PERMISSION; the server decides regardless.
 * `technicians` is listTechnicians(ctx) from lib/repair-orders/technicians.
 */
export function AssignTechnicianForm({
  orgSlug, repairOrderId, technicians, technicianUserId,
}: { orgSlug: string; repairOrderId: string; technicians: TechnicianOption[]; technicianUserId: string | null }) {
  const [state, action] = useActionState<FormState, FormData>(assignTechnicianAction, {});
  const options = [{ value: "", label: "Not assigned" }, ...technicians.map((t) => ({ value: t.userId, label: t.name }))];
  // An assignee who has since left the workshop still shows as the current value.
  if (technicianUserId && !technicians.some((t) => t.userId === technicianUserId)) options.push({ value: technicianUserId, label: "Former member" });
  return (
    <form action={action} aria-label="Assign a technician" className="flex flex-wrap items-end gap-3" noValidate>
      <input type="hidden" name="orgSlug" value={orgSlug} />
      <input type="hidden" name="repairOrderId" value={repairOrderId} />
      <SelectField
        label="Technician" name="technicianUserId" options={options}
        defaultValue={(state.ok ? undefined : state.values?.technicianUserId) ?? technicianUserId ?? ""}
        // A select takes its defaultValue only when mounted: remount when the assignee or the attempted choice changes.
        key={`${technicianUserId ?? ""}-${state.ok ? "" : (state.values?.technicianUserId ?? "")}`}
        error={state.fieldErrors?.technicianUserId}
      />
      <SubmitButton variant="secondary" pendingText="Assigning…">Assign</SubmitButton>
      <div className="w-full"><FormMessage state={state} /></div>
    </form>
  );
}
