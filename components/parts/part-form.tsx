"use client";

import { useRouter } from "next/navigation";
import { useActionState, useEffect } from "react";
import { createPartAction, updatePartAction } from "@/actions/parts";
import { SelectField, TextField } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/notice";
import { SubmitButton } from "@/components/ui/submit-button";
import type { FormState } from "@/lib/forms/form-state";

const PRICE_RULES = [
  { value: "FIXED", label: "Fixed selling price" },
  { value: "MARKUP", label: "Markup on cost" },
];

export type PartDefaults = Partial<Record<"sku" | "brand" | "description" | "cost" | "priceRule" | "price" | "markup" | "reorderLevel" | "defaultSupplierId" | "active", string>>;

/** Adds a part (then opens it) or saves an existing one. */
export function PartForm({
  orgSlug, partId, suppliers, defaults = {},
}: { orgSlug: string; partId?: string; suppliers: ReadonlyArray<{ id: string; name: string }>; defaults?: PartDefaults }) {
  const router = useRouter();
  const [state, action] = useActionState<FormState, FormData>(partId ? updatePartAction : createPartAction, {});
  useEffect(() => {
    const target = state.data?.redirectTo;
    if (state.ok && typeof target === "string") router.push(target);
  }, [state, router]);
  const v = { ...defaults, ...state.values };
  const e = state.fieldErrors ?? {};
  const supplierOptions = [{ value: "", label: "None" }, ...suppliers.map((supplier) => ({ value: supplier.id, label: supplier.name }))];
  return (
    <form action={action} aria-label={partId ? "Edit part" : "New part"} className="flex flex-col gap-4" noValidate>
      <FormMessage state={state} />
      <input type="hidden" name="orgSlug" value={orgSlug} />
      {partId ? <input type="hidden" name="partId" value={partId} /> : null}
      <div className="grid gap-4 sm:grid-cols-[1fr_1fr_2fr]">
        <TextField label="SKU (part number)" name="sku" defaultValue={v.sku} error={e.sku} autoComplete="off" />
        <TextField label="Brand" name="brand" defaultValue={v.brand} error={e.brand} />
        <TextField label="Description" name="description" defaultValue={v.description} error={e.description} />
      </div>
      <div className="grid gap-4 sm:grid-cols-4">
        <TextField label="Cost per unit" name="cost" inputMode="decimal" defaultValue={v.cost} error={e.cost} />
        {/* Keyed by value: a select takes its defaultValue only when mounted. */}
        <SelectField key={`rule-${v.priceRule ?? "FIXED"}`} label="Selling price" name="priceRule" options={PRICE_RULES} defaultValue={v.priceRule ?? "FIXED"} error={e.priceRule} />
        <TextField label="Fixed price per unit" name="price" inputMode="decimal" defaultValue={v.price} error={e.price} hint="Used with a fixed selling price." />
        <TextField label="Markup (%)" name="markup" inputMode="decimal" defaultValue={v.markup} error={e.markup} hint="Used with a markup on cost; rounded to the penny, halves up." />
      </div>
      <div className="grid gap-4 sm:grid-cols-3">
        <TextField label="Reorder level" name="reorderLevel" inputMode="decimal" defaultValue={v.reorderLevel ?? "0"} error={e.reorderLevel} hint="Listed as low stock at or below this; 0 never reorders." />
        <SelectField key={`supplier-${v.defaultSupplierId ?? ""}`} label="Default supplier" name="defaultSupplierId" options={supplierOptions} defaultValue={v.defaultSupplierId ?? ""} error={e.defaultSupplierId} />
        {partId ? (
          <SelectField key={`active-${v.active ?? "true"}`} label="Status" name="active" options={[{ value: "true", label: "Stocked" }, { value: "false", label: "No longer stocked" }]} defaultValue={v.active ?? "true"} error={e.active} />
        ) : null}
      </div>
      <div><SubmitButton pendingText="Saving…">{partId ? "Save part" : "Add part"}</SubmitButton></div>
    </form>
  );
}
