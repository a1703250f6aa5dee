"use client";

import { useActionState } from "react";
import { answerEstimateAction } from "@/actions/approvals";
import { TextField } from "@/components/ui/field";
import { FormMessage, Notice } from "@/components/ui/notice";
import { SubmitButton } from "@/components/ui/submit-button";
import type { FormState } from "@/lib/forms/form-state";
import { DecisionChoice } from "./decision-choice";

export function CustomerEstimateForm({ orgSlug, token, jobs }: { orgSlug: string; token: string; jobs: Array<{ id: string; title: string; gross: string }> }) {
  const [state, action] = useActionState<FormState, FormData>(answerEstimateAction, {});
  if (state.ok) return <Notice tone="success">{state.message}</Notice>;
  return (
    <form action={action} className="flex flex-col gap-3" noValidate>
      <input type="hidden" name="orgSlug" value={orgSlug} />
      <input type="hidden" name="token" value={token} />
      {jobs.map((job) => (
        <DecisionChoice key={job.id} jobId={job.id} title={job.title} price={job.gross} error={state.fieldErrors?.[`decision.${job.id}`]} selected={state.values?.[`decision.${job.id}`]} />
      ))}
      <TextField label="Your name" name="approverName" autoComplete="name" defaultValue={state.values?.approverName} error={state.fieldErrors?.approverName} />
      <p className="text-sm text-slate-600">Sending records your name, the time and your device, as your signature for the approved work.</p>
      <SubmitButton pendingText="Sending…">Send my answer</SubmitButton>
      <FormMessage state={state} />
    </form>
  );
}
