"use client";

import { signOut } from "next-auth/react";
import { useActionState, useEffect } from "react";
import { changePasswordAction, confirmMfaAction, disableMfaAction, startMfaAction, updateProfileAction } from "@/actions/account";
import { TextField } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/notice";
import { SubmitButton } from "@/components/ui/submit-button";
import type { FormState } from "@/lib/forms/form-state";

export function ProfileForm({ name }: { name: string }) {
  const [state, action] = useActionState<FormState, FormData>(updateProfileAction, {});
  return (
    <form action={action} className="flex flex-col gap-4" noValidate>
      <FormMessage state={state} />
      <TextField label="Name" name="name" autoComplete="name" defaultValue={state.values?.name ?? name} error={state.fieldErrors?.name} required />
      <div><SubmitButton>Save</SubmitButton></div>
    </form>
  );
}

export function ChangePasswordForm() {
  const [state, action] = useActionState<FormState, FormData>(changePasswordAction, {});
  useEffect(() => {
    // The change ended every session, this one included.
    if (state.ok) void signOut({ callbackUrl: "/sign-in" });
  }, [state.ok]);
  return (
    <form action={action} className="flex flex-col gap-4" noValidate>
      <FormMessage state={state} />
      <TextField label="Current password" name="currentPassword" type="password" autoComplete="current-password" error={state.fieldErrors?.currentPassword} required />
      <TextField label="New password" name="password" type="password" autoComplete="new-password" error={state.fieldErrors?.password} hint="At least 10 characters." required />
      <TextField label="Repeat the new password" name="confirm" type="password" autoComplete="new-password" error={state.fieldErrors?.confirm} required />
      <div><SubmitButton>Change password</SubmitButton></div>
    </form>
  );
}

export function MfaEnrolment() {
  const [started, start] = useActionState<FormState, FormData>(startMfaAction, {});
  const [confirmed, confirm] = useActionState<FormState, FormData>(confirmMfaAction, {});
  const codes = confirmed.data?.recoveryCodes as string[] | undefined;
  if (codes) {
    return (
      <div className="flex flex-col gap-3">
        <FormMessage state={confirmed} />
        <p className="text-sm">Keep these recovery codes somewhere safe. Each signs you in once without your phone. They are shown only now.</p>
        <ul className="grid grid-cols-2 gap-2 font-mono text-sm" aria-label="Recovery codes">
          {codes.map((code) => <li key={code} className="rounded bg-slate-100 px-2 py-1">{code}</li>)}
        </ul>
      </div>
    );
  }
  if (!started.data) {
    return (
      <form action={start} className="flex flex-col gap-3">
        <FormMessage state={started} />
        <p className="text-sm text-slate-700">Use an authenticator app (Google Authenticator, 1Password, Authy…) for a code at every sign-in.</p>
        <div><SubmitButton>Set up two-factor authentication</SubmitButton></div>
      </form>
    );
  }
  return (
    <form action={confirm} className="flex flex-col gap-4" noValidate>
      <FormMessage state={confirmed} />
      {/* eslint-disable-next-line @next/next/no-img-element -- a data: URL generated on the server */}
      <img src={String(started.data.qrDataUrl)} alt="QR code to scan with your authenticator app" width={220} height={220} />
      <p className="text-sm">Can&apos;t scan? Enter this key: <code className="break-all rounded bg-slate-100 px-1">{String(started.data.secret)}</code></p>
      <TextField label="6-digit code from the app" name="code" inputMode="numeric" autoComplete="one-time-code" error={confirmed.fieldErrors?.code} required />
      <div><SubmitButton>Turn on</SubmitButton></div>
    </form>
  );
}

export function DisableMfaForm() {
  const [state, action] = useActionState<FormState, FormData>(disableMfaAction, {});
  return (
    <form action={action} className="flex flex-col gap-4" noValidate>
      <FormMessage state={state} />
      <TextField label="Your password" name="currentPassword" type="password" autoComplete="current-password" error={state.fieldErrors?.currentPassword} required />
      <div><SubmitButton variant="danger">Turn off two-factor authentication</SubmitButton></div>
    </form>
  );
}
