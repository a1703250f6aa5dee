"use client";

import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { useActionState, useEffect, useRef } from "react";
import { acceptAsSignedInAction, acceptWithNewAccountAction } from "@/actions/invitations";
import { TextField } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/notice";
import { SubmitButton } from "@/components/ui/submit-button";
import type { FormState } from "@/lib/forms/form-state";

function useGoToWorkshop(state: FormState, before?: () => Promise<unknown>) {
  const router = useRouter();
  useEffect(() => {
    const orgSlug = state.data?.orgSlug;
    if (!state.ok || typeof orgSlug !== "string") return;
    void (before ? before() : Promise.resolve()).then(() => {
      router.push(`/${orgSlug}`);
      router.refresh();
    });
  }, [state, router, before]);
}

export function AcceptAsSignedIn({ org, token }: { org: string; token: string }) {
  const [state, action] = useActionState<FormState, FormData>(acceptAsSignedInAction, {});
  useGoToWorkshop(state);
  return (
    <form action={action} className="flex flex-col gap-4">
      <FormMessage state={state} />
      <input type="hidden" name="org" value={org} />
      <input type="hidden" name="token" value={token} />
      <SubmitButton pendingText="Joining…">Accept and join</SubmitButton>
    </form>
  );
}

export function AcceptWithNewAccount({ org, token, email }: { org: string; token: string; email: string }) {
  const [state, action] = useActionState<FormState, FormData>(acceptWithNewAccountAction, {});
  const password = useRef("");
  useGoToWorkshop(state, async () => signIn("credentials", { redirect: false, email, password: password.current }));
  return (
    <form
      action={action}
      onSubmit={(event) => {
        password.current = String(new FormData(event.currentTarget).get("password") ?? "");
      }}
      className="flex flex-col gap-4"
      noValidate
    >
      <FormMessage state={state} />
      <input type="hidden" name="org" value={org} />
      <input type="hidden" name="token" value={token} />
      <TextField label="Email" name="emailShown" value={email} readOnly />
      <TextField label="Your name" name="name" autoComplete="name" defaultValue={state.values?.name} error={state.fieldErrors?.name} required />
      <TextField label="Choose a password" name="password" type="password" autoComplete="new-password" error={state.fieldErrors?.password} hint="At least 10 characters." required />
      <TextField label="Repeat the password" name="confirm" type="password" autoComplete="new-password" error={state.fieldErrors?.confirm} required />
      <SubmitButton pendingText="Joining…">Create account and join</SubmitButton>
    </form>
  );
}
