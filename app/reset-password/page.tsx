import type { Metadata } from "next";
import Link from "next/link";
import { ResetPasswordForm } from "@/components/auth/reset-forms";
import { AuthCard } from "@/components/ui/card";
import { Notice } from "@/components/ui/notice";
import { readQuery, type QueryParams } from "@/lib/http/query-params";

export const metadata: Metadata = { title: "Choose a new password" };

export default async function ResetPasswordPage({ searchParams }: { searchParams: Promise<QueryParams> }) {
  const { token } = await readQuery(searchParams, "token");
  return (
    <AuthCard title="Choose a new password">
      {token ? (
        <ResetPasswordForm token={token} />
      ) : (
        <Notice tone="error">
          This link is incomplete. <Link className="underline" href="/forgot-password">Ask for a new one</Link>.
        </Notice>
      )}
    </AuthCard>
  );
}
