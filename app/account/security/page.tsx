import type { Metadata } from "next";
import { ChangePasswordForm, DisableMfaForm, MfaEnrolment } from "@/components/account/account-forms";
import { Card } from "@/components/ui/card";
import { Notice } from "@/components/ui/notice";
import { requireUser } from "@/lib/auth/session";
import { readQuery, type QueryParams } from "@/lib/http/query-params";

export const metadata: Metadata = { title: "Security" };

export default async function SecurityPage({ searchParams }: { searchParams: Promise<QueryParams> }) {
  const user = await requireUser();
  const { required } = await readQuery(searchParams, "required");
  return (
    <>
      <h1 className="text-2xl font-semibold">Security</h1>
      {required && !user.mfaEnabled ? (
        <Notice tone="error">Your workshop requires two-factor authentication. Turn it on to continue.</Notice>
      ) : null}
      <Card title="Two-factor authentication">
        {user.mfaEnabled ? <DisableMfaForm /> : <MfaEnrolment />}
      </Card>
      <Card title="Password" description="Changing it signs you out everywhere.">
        <ChangePasswordForm />
      </Card>
    </>
  );
}
