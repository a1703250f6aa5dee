import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { SignInForm } from "@/components/auth/sign-in-form";
import { AuthCard } from "@/components/ui/card";
import { getSessionUser } from "@/lib/auth/session";
import { safeCallback } from "@/lib/auth/safe-callback";
import { decodeSignInError } from "@/lib/auth/sign-in-errors";
import { readQuery, type QueryParams } from "@/lib/http/query-params";

export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage({ searchParams }: { searchParams: Promise<QueryParams> }) {
  const { callbackUrl, error } = await readQuery(searchParams, "callbackUrl", "error");
  if (await getSessionUser()) redirect(safeCallback(callbackUrl));
  return (
    <AuthCard title="Sign in">
      <SignInForm callbackUrl={safeCallback(callbackUrl)} initialError={error ? decodeSignInError(error, false).message : undefined} />
    </AuthCard>
  );
}
