"use client";

import { useRouter } from "next/navigation";
import { useActionState, useEffect } from "react";
import {
  addPurchaseOrderLineAction, cancelPurchaseOrderAction, createPurchaseOrderAction, markOrderedAction,
  receiveEverythingAction, receivePurchaseOrderAction, removePurchaseOrderLineAction, updatePurchaseOrderLineAction,
} from "@/actions/purchase-orders";
import { SelectField, TextField } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/notice";
import { SubmitButton } from "@/components/ui/submit-button";
import type { FormState } from "@/lib/forms/form-state";
import { useResettingForm } from "@/components/ui/use-resetting-form";

type Choice = { value: string; label: string };

export function NewPurchaseOrderForm({ orgSlug, suppliers, locations }: { orgSlug: string; suppliers: Choice[]; locations: Choice[] }) {
  const router = useRouter();
  const [state, action] = useActionState<FormState, FormData>(createPurchaseOrderAction, {});
  useEffect(() => {
    const target = state.data?.redirectTo;
    if (state.ok && typeof target === "string") router.push(target);
  }, [state, router]);
  const v = state.values ?? {};
  const e = state.fieldErrors ?? {};
  return (
    <form action={action} aria-label="New purchase order" className="flex flex-col gap-4" noValidate>
      <FormMessage state={state} />
      <input type="hidden" name="orgSlug" value={orgSlug} />
      <div className="grid gap-4 sm:grid-cols-2">
        <SelectField key={`s-${v.supplierId ?? ""}`} label="Supplier" name="supplierId" options={suppliers} defaultValue={v.supplierId} error={e.supplierId} />
        <SelectField key={`l-${v.locationId ?? ""}`} label="Deliver to" name="locationId" options={locations} defaultValue={v.locationId} error={e.locationId} />
        <TextField label="Expected on" name="expectedAt" type="date" defaultValue={v.expectedAt} error={e.expectedAt} />
        <TextField label="Notes for the supplier" name="notes" defaultValue={v.notes} error={e.notes} />
      </div>
      <div><SubmitButton pendingText="Opening…">Open draft purchase order</SubmitButton></div>
    </form>
  );
}

export function AddPurchaseOrderLineForm({
  orgSlug, purchaseOrderId, parts, waitingLines,
}: { orgSlug: string; purchaseOrderId: string; parts: Choice[]; waitingLines: Choice[] }) {
  const { state, action, form } = useResettingForm(addPurchaseOrderLineAction);
  const v = state.ok ? {} : (state.values ?? {});
  const e = state.fieldErrors ?? {};
  return (
    <form ref={form} action={action} aria-label="Add a part to this order" className="grid gap-3 sm:grid-cols-[2fr_1fr_1fr_2fr_auto] sm:items-start" noValidate>
      <input type="hidden" name="orgSlug" value={orgSlug} />
      <input type="hidden" name="purchaseOrderId" value={purchaseOrderId} />
      <SelectField key={`p-${v.partId ?? ""}`} label="Part" name="partId" options={parts} defaultValue={v.partId} error={e.partId} />
      <TextField label="Quantity" name="quantity" inputMode="decimal" defaultValue={v.quantity ?? "1"} error={e.quantity} />
      <TextField label="Unit cost" name="unitCost" inputMode="decimal" defaultValue={v.unitCost} error={e.unitCost} hint="Empty: the catalogue cost." />
      <SelectField key={`j-${v.jobLineId ?? ""}`} label="For repair order line" name="jobLineId" options={[{ value: "", label: "None (for stock)" }, ...waitingLines]} defaultValue={v.jobLineId ?? ""} error={e.jobLineId} />
      <div className="sm:pt-6"><SubmitButton pendingText="Adding…">Add line</SubmitButton></div>
      <div className="sm:col-span-5"><FormMessage state={state} /></div>
    </form>
  );
}

/** A draft line's quantity and cost, editable in place, and its removal. */
export function DraftLineForms({ orgSlug, lineId, label, quantity, unitCost }: { orgSlug: string; lineId: string; label: string; quantity: string; unitCost: string }) {
  const [state, action] = useActionState<FormState, FormData>(updatePurchaseOrderLineAction, {});
  const [removal, remove] = useActionState<FormState, FormData>(removePurchaseOrderLineAction, {});
  const v = state.values ?? {};
  const e = state.fieldErrors ?? {};
  return (
    <div className="flex flex-col gap-2">
      <form action={action} aria-label={`Edit ${label}`} className="flex flex-wrap items-end gap-2" noValidate>
        <input type="hidden" name="orgSlug" value={orgSlug} />
        <input type="hidden" name="lineId" value={lineId} />
        <TextField id={`quantity-${lineId}`} label={`Quantity of ${label}`} name="quantity" inputMode="decimal" defaultValue={v.quantity ?? quantity} error={e.quantity} />
        <TextField id={`unit-cost-${lineId}`} label={`Unit cost of ${label}`} name="unitCost" inputMode="decimal" defaultValue={v.unitCost ?? unitCost} error={e.unitCost} />
        <SubmitButton variant="secondary" pendingText="Saving…">Save</SubmitButton>
      </form>
      <form action={remove}>
        <input type="hidden" name="orgSlug" value={orgSlug} />
        <input type="hidden" name="lineId" value={lineId} />
        <SubmitButton variant="link" pendingText="Removing…"><span>Remove<span className="sr-only"> {label}</span></span></SubmitButton>
      </form>
      {state.message && !state.ok && !state.fieldErrors ? <p role="alert" className="text-sm text-red-700">{state.message}</p> : null}
      {removal.message && !removal.ok ? <p role="alert" className="text-sm text-red-700">{removal.message}</p> : null}
    </div>
  );
}

function OrderButton({ orgSlug, purchaseOrderId, label, variant, act }: {
  orgSlug: string; purchaseOrderId: string; label: string; variant: "primary" | "secondary" | "danger";
  act: (state: FormState, data: FormData) => Promise<FormState>;
}) {
  const [state, action] = useActionState<FormState, FormData>(act, {});
  return (
    <form action={action} className="flex flex-col gap-1">
      <input type="hidden" name="orgSlug" value={orgSlug} />
      <input type="hidden" name="purchaseOrderId" value={purchaseOrderId} />
      <SubmitButton variant={variant}>{label}</SubmitButton>
      {state.message && !state.ok ? <p role="alert" className="text-sm text-red-700">{state.message}</p> : null}
    </form>
  );
}

export const MarkOrderedButton = (props: { orgSlug: string; purchaseOrderId: string }) => (
  <OrderButton {...props} label="Mark as ordered" variant="primary" act={markOrderedAction} />
);
export const CancelPurchaseOrderButton = (props: { orgSlug: string; purchaseOrderId: string }) => (
  <OrderButton {...props} label="Cancel purchase order" variant="danger" act={cancelPurchaseOrderAction} />
);
export const ReceiveEverythingButton = (props: { orgSlug: string; purchaseOrderId: string }) => (
  <OrderButton {...props} label="Everything arrived" variant="secondary" act={receiveEverythingAction} />
);

/** One quantity box per line still to come; empty boxes are skipped. */
export function ReceiveForm({ orgSlug, purchaseOrderId, lines }: { orgSlug: string; purchaseOrderId: string; lines: ReadonlyArray<{ id: string; label: string; outstanding: string }> }) {
  const { state, action, form } = useResettingForm(receivePurchaseOrderAction);
  const v = state.ok ? {} : (state.values ?? {});
  const e = state.fieldErrors ?? {};
  return (
    <form ref={form} action={action} aria-label="Receive a delivery" className="flex flex-col gap-3" noValidate>
      <input type="hidden" name="orgSlug" value={orgSlug} />
      <input type="hidden" name="purchaseOrderId" value={purchaseOrderId} />
      {lines.map((line) => (
        <TextField
          key={line.id} label={`${line.label}: arrived`} name={`receive_${line.id}`} inputMode="decimal"
          defaultValue={v[`receive_${line.id}`]} error={e[`receive_${line.id}`]} hint={`${line.outstanding} still to come.`}
        />
      ))}
      <div><SubmitButton pendingText="Booking…">Book delivery</SubmitButton></div>
      <FormMessage state={state} />
    </form>
  );
}
