"use client";

import { useActionState, useEffect, useRef } from "react";
import { createSupplierAction, updateSupplierAction } from "@/actions/suppliers";
import { TextField } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/notice";
import { SubmitButton } from "@/components/ui/submit-button";
import type { FormState } from "@/lib/forms/form-state";

export type SupplierDefaults = Partial<Record<"name" | "email" | "phone" | "accountNumber", string>>;

export function SupplierForm({ orgSlug, supplierId, defaults = {} }: { orgSlug: string; supplierId?: string; defaults?: SupplierDefaults }) {
  const [state, action] = useActionState<FormState, FormData>(supplierId ? updateSupplierAction : createSupplierAction, {});
  const form = useRef<HTMLFormElement>(null);
  useEffect(() => {
    // A new supplier's form empties for the next one; an edited one keeps what was saved.
    if (state.ok && !supplierId) form.current?.reset();
  }, [state, supplierId]);
  const v = supplierId ? { ...defaults, ...state.values } : state.ok ? {} : (state.values ?? {});
  const e = state.fieldErrors ?? {};
  return (
    <form ref={form} action={action} aria-label={supplierId ? "Edit supplier" : "New supplier"} className="flex flex-col gap-4" noValidate>
      <input type="hidden" name="orgSlug" value={orgSlug} />
      {supplierId ? <input type="hidden" name="supplierId" value={supplierId} /> : null}
      <div className="grid gap-4 sm:grid-cols-2">
        <TextField label="Name" name="name" defaultValue={v.name} error={e.name} autoComplete="off" />
        <TextField label="Our account number" name="accountNumber" defaultValue={v.accountNumber} error={e.accountNumber} autoComplete="off" />
        <TextField label="Email" name="email" type="email" defaultValue={v.email} error={e.email} autoComplete="off" />
        <TextField label="Phone" name="phone" type="tel" defaultValue={v.phone} error={e.phone} autoComplete="off" />
      </div>
      <div><SubmitButton pendingText="Saving…">{supplierId ? "Save supplier" : "Add supplier"}</SubmitButton></div>
      <FormMessage state={state} />
    </form>
  );
}
