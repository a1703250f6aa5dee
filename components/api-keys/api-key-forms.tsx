"use client";

import { useActionState, useState } from "react";
import { createApiKeyAction, revokeApiKeyAction } from "@/actions/api-keys";
import { Button } from "@/components/ui/button";
import { SelectField, TextField } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/notice";
import { SubmitButton } from "@/components/ui/submit-button";
import type { FormState } from "@/lib/forms/form-state";

const SCOPES = [
  { value: "READ", label: "Read only (GET)" },
  { value: "READ_WRITE", label: "Read and write" },
  { value: "ADMIN", label: "Admin (read, write and GDPR exports)" },
];

function NewKey({ apiKey }: { apiKey: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <div className="flex flex-col gap-2 rounded-md border border-amber-300 bg-amber-50 p-4">
      <label htmlFor="new-api-key" className="text-sm font-medium text-amber-950">Your new key</label>
      <div className="flex flex-col gap-2 sm:flex-row">
        <input id="new-api-key" readOnly value={apiKey} onFocus={(e) => e.currentTarget.select()} className="block w-full rounded-md border border-slate-300 bg-white px-3 py-2 font-mono text-sm" />
        <Button
          type="button"
          variant="secondary"
          onClick={() => navigator.clipboard.writeText(apiKey).then(() => setCopied(true), () => setCopied(false))}
        >
          {copied ? "Copied" : "Copy"}
        </Button>
      </div>
      <p className="text-sm text-amber-950">
        Copy it now and keep it in your integration&apos;s secret store: AWMS keeps only a fingerprint and cannot show it again.
      </p>
    </div>
  );
}

export function CreateApiKeyForm({ orgSlug }: { orgSlug: string }) {
  const [state, action] = useActionState<FormState, FormData>(createApiKeyAction, {});
  const apiKey = state.ok && typeof state.data?.key === "string" ? state.data.key : null;
  return (
    <form action={action} className="flex flex-col gap-4" noValidate>
      <FormMessage state={state} />
      {apiKey ? <NewKey apiKey={apiKey} /> : null}
      <input type="hidden" name="orgSlug" value={orgSlug} />
      <div className="grid gap-4 sm:grid-cols-[2fr_1fr]">
        <TextField
          label="Name"
          name="name"
          hint="What uses it, e.g. “Parts supplier sync”."
          defaultValue={state.ok ? "" : state.values?.name}
          error={state.fieldErrors?.name}
          required
          maxLength={100}
        />
        <SelectField label="Access" name="scope" options={SCOPES} defaultValue={state.values?.scope ?? "READ"} error={state.fieldErrors?.scope} />
      </div>
      <div><SubmitButton pendingText="Creating…">Create key</SubmitButton></div>
    </form>
  );
}

export function RevokeApiKeyButton({ orgSlug, apiKeyId, name }: { orgSlug: string; apiKeyId: string; name: string }) {
  const [state, action] = useActionState<FormState, FormData>(revokeApiKeyAction, {});
  return (
    <form
      action={action}
      onSubmit={(e) => {
        if (!window.confirm(`Revoke “${name}”? Whatever uses it stops working at once. This cannot be undone.`)) e.preventDefault();
      }}
      className="flex flex-col gap-1"
    >
      <input type="hidden" name="orgSlug" value={orgSlug} />
      <input type="hidden" name="apiKeyId" value={apiKeyId} />
      <SubmitButton variant="danger">Revoke</SubmitButton>
      {state.message && !state.ok ? <p role="alert" className="text-sm text-red-700">{state.message}</p> : null}
    </form>
  );
}
