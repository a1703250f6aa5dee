"use client";

import { useActionState } from "react";
import { dismissRecommendationAction, recordApprovalAction, sendApprovalLinkAction, takeUpRecommendationAction } from "@/actions/approvals";
import { SelectField, TextField } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/notice";
import { SubmitButton } from "@/components/ui/submit-button";
import type { FormState } from "@/lib/forms/form-state";
import { DecisionChoice } from "./decision-choice";

export function SendApprovalForm({ orgSlug, repairOrderId, email }: { orgSlug: string; repairOrderId: string; email: string | null }) {
  const [state, action] = useActionState<FormState, FormData>(sendApprovalLinkAction, {});
  return (
    <form action={action} aria-label="Send the estimate" className="flex flex-wrap items-end gap-3" noValidate>
      <input type="hidden" name="orgSlug" value={orgSlug} />
      <input type="hidden" name="repairOrderId" value={repairOrderId} />
      <TextField label="Customer's email" name="email" type="email" defaultValue={state.values?.email ?? email ?? ""} error={state.fieldErrors?.email} />
      <SubmitButton pendingText="Sending…">Email approval link</SubmitButton>
      <div className="w-full"><FormMessage state={state} /></div>
    </form>
  );
}

export function RecordApprovalForm({ orgSlug, repairOrderId, jobs }: { orgSlug: string; repairOrderId: string; jobs: Array<{ id: string; title: string; gross: string }> }) {
  const [state, action] = useActionState<FormState, FormData>(recordApprovalAction, {});
  return (
    <form action={action} aria-label="Record the customer's answer" className="flex flex-col gap-3" noValidate>
      <input type="hidden" name="orgSlug" value={orgSlug} />
      <input type="hidden" name="repairOrderId" value={repairOrderId} />
      {jobs.map((job) => (
        <DecisionChoice key={job.id} jobId={job.id} title={job.title} price={job.gross} error={state.fieldErrors?.[`decision.${job.id}`]} selected={state.values?.[`decision.${job.id}`]} />
      ))}
      <div className="grid gap-3 sm:grid-cols-2">
        <TextField label="Who answered" name="approverName" defaultValue={state.values?.approverName} error={state.fieldErrors?.approverName} />
        <SelectField label="How" name="channel" options={[{ value: "PHONE", label: "By phone" }, { value: "IN_PERSON", label: "In person" }]} defaultValue={state.values?.channel} error={state.fieldErrors?.channel} />
      </div>
      <div><SubmitButton variant="secondary">Record answer</SubmitButton></div>
      <FormMessage state={state} />
    </form>
  );
}

export function RecommendationActions({ orgSlug, repairOrderId, recommendationId, title }: { orgSlug: string; repairOrderId: string; recommendationId: string; title: string }) {
  const [added, add] = useActionState<FormState, FormData>(takeUpRecommendationAction, {});
  const [dismissed, dismiss] = useActionState<FormState, FormData>(dismissRecommendationAction, {});
  return (
    <div className="flex flex-wrap items-center gap-2">
      <form action={add} aria-label={`Add ${title} to this repair order`}>
        <input type="hidden" name="orgSlug" value={orgSlug} />
        <input type="hidden" name="repairOrderId" value={repairOrderId} />
        <input type="hidden" name="recommendationId" value={recommendationId} />
        <SubmitButton variant="secondary">Add to this visit</SubmitButton>
      </form>
      <form action={dismiss} aria-label={`Dismiss ${title}`}>
        <input type="hidden" name="orgSlug" value={orgSlug} />
        <input type="hidden" name="recommendationId" value={recommendationId} />
        <SubmitButton variant="link">Dismiss</SubmitButton>
      </form>
      {[added, dismissed].map((state, index) => (state.message && !state.ok ? <p key={index} role="alert" className="w-full text-sm text-red-700">{state.message}</p> : null))}
    </div>
  );
}
