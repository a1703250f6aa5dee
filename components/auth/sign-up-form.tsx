"use client";

import { signIn } from "next-auth/react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useActionState, useEffect, useRef } from "react";
import { signUpAction } from "@/actions/auth";
import { SelectField, TextField } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/notice";
import { SubmitButton } from "@/components/ui/submit-button";
import type { FormState } from "@/lib/forms/form-state";

const COUNTRIES = [
  ["GB", "United Kingdom"], ["IE", "Ireland"], ["DE", "Germany"], ["FR", "France"], ["NL", "Netherlands"],
  ["ES", "Spain"], ["IT", "Italy"], ["US", "United States"], ["CA", "Canada"], ["AU", "Australia"], ["NZ", "New Zealand"],
].map(([value, label]) => ({ value: value!, label: label! }));
const CURRENCIES = ["GBP", "EUR", "USD", "CAD", "AUD", "NZD"].map((c) => ({ value: c, label: c }));

export function SignUpForm({ timezones }: { timezones: string[] }) {
  const router = useRouter();
  const [state, action] = useActionState<FormState, FormData>(signUpAction, {});
  const credentials = useRef<{ email: string; password: string } | null>(null);
  const v = state.values ?? {};
  const e = state.fieldErrors ?? {};

  useEffect(() => {
    const orgSlug = state.data?.orgSlug;
    if (!state.ok || typeof orgSlug !== "string" || !credentials.current) return;
    void signIn("credentials", { redirect: false, ...credentials.current }).then(() => {
      router.push(`/${orgSlug}`);
      router.refresh();
    });
  }, [state, router]);

  return (
    <form
      action={action}
      onSubmit={(event) => {
        const form = new FormData(event.currentTarget);
        credentials.current = { email: String(form.get("email") ?? ""), password: String(form.get("password") ?? "") };
      }}
      className="flex flex-col gap-4"
      noValidate
    >
      <FormMessage state={state} />
      <TextField label="Your name" name="name" autoComplete="name" defaultValue={v.name} error={e.name} required />
      <TextField label="Email" name="email" type="email" autoComplete="email" defaultValue={v.email} error={e.email} required />
      <TextField label="Password" name="password" type="password" autoComplete="new-password" error={e.password} hint="At least 10 characters." required />
      <TextField label="Workshop name" name="workshopName" autoComplete="organization" defaultValue={v.workshopName} error={e.workshopName} required />
      <div className="grid gap-4 sm:grid-cols-2">
        <SelectField label="Country" name="country" options={COUNTRIES} defaultValue={v.country ?? "GB"} error={e.country} />
        <SelectField label="Currency" name="currency" options={CURRENCIES} defaultValue={v.currency ?? "GBP"} error={e.currency} />
      </div>
      <SelectField label="Time zone" name="timezone" options={timezones.map((z) => ({ value: z, label: z }))} defaultValue={v.timezone ?? "Europe/London"} error={e.timezone} />
      <SubmitButton pendingText="Creating your workshop…">Create workshop</SubmitButton>
      <p className="text-sm text-slate-600">
        Already on AWMS? <Link className="text-blue-700 underline underline-offset-2" href="/sign-in">Sign in</Link>
      </p>
    </form>
  );
}
