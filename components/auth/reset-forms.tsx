"use client";

import Link from "next/link";
import { useActionState } from "react";
import { requestResetAction, resetPasswordAction } from "@/actions/auth";
import { TextField } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/notice";
import { SubmitButton } from "@/components/ui/submit-button";
import type { FormState } from "@/lib/forms/form-state";

export function RequestResetForm() {
  const [state, action] = useActionState<FormState, FormData>(requestResetAction, {});
  return (
    <form action={action} className="flex flex-col gap-4" noValidate>
      <FormMessage state={state} />
      <TextField label="Email" name="email" type="email" autoComplete="email" defaultValue={state.values?.email} error={state.fieldErrors?.email} required />
      <SubmitButton pendingText="Sending…">Email me a reset link</SubmitButton>
      <Link className="text-sm text-blue-700 underline underline-offset-2" href="/sign-in">Back to sign in</Link>
    </form>
  );
}

export function ResetPasswordForm({ token }: { token: string }) {
  const [state, action] = useActionState<FormState, FormData>(resetPasswordAction, {});
  if (state.ok) {
    return (
      <div className="flex flex-col gap-4">
        <FormMessage state={state} />
        <Link className="text-blue-700 underline underline-offset-2" href="/sign-in">Sign in</Link>
      </div>
    );
  }
  return (
    <form action={action} className="flex flex-col gap-4" noValidate>
      <FormMessage state={state} />
      <input type="hidden" name="token" value={token} />
      <TextField label="New password" name="password" type="password" autoComplete="new-password" error={state.fieldErrors?.password} hint="At least 10 characters." required />
      <TextField label="Repeat the new password" name="confirm" type="password" autoComplete="new-password" error={state.fieldErrors?.confirm} required />
      <SubmitButton pendingText="Saving…">Set new password</SubmitButton>
    </form>
  );
}
