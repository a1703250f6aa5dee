import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { SignInForm } from "@/components/auth/sign-in-form";
import { AuthCard } from "@/components/ui/card";
import { getSessionUser } from "@/lib/auth/session";
import { decodeSignInError } from "@/lib/auth/sign-in-errors";

export const metadata: Metadata = { title: "Sign in" };

/** Only same-site paths: a callback can never send the user to another host. */
function safeCallback(value: string | undefined) {
  return value && value.startsWith("/") && !value.startsWith("//") ? value : "/";
}

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string; error?: string }> }) {
  const { callbackUrl, error } = await searchParams;
  if (await getSessionUser()) redirect(safeCallback(callbackUrl));
  return (
    <AuthCard title="Sign in">
      <SignInForm callbackUrl={safeCallback(callbackUrl)} initialError={error ? decodeSignInError(error).message : undefined} />
    </AuthCard>
  );
}
