import type { Metadata } from "next";
import Link from "next/link";
import { AcceptAsSignedIn, AcceptWithNewAccount } from "@/components/auth/accept-invitation-forms";
import { AuthCard } from "@/components/ui/card";
import { Notice } from "@/components/ui/notice";
import { getSessionUser } from "@/lib/auth/session";
import { db } from "@/lib/db";
import { findPendingInvitation } from "@/lib/members/accept-invitation";
import { roleLabel } from "@/lib/rbac/role-labels";
import { readQuery, type QueryParams } from "@/lib/http/query-params";

export const metadata: Metadata = { title: "Join a workshop" };

export default async function AcceptInvitationPage({ searchParams }: { searchParams: Promise<QueryParams> }) {
  const { org = "", token = "" } = await readQuery(searchParams, "org", "token");
  const found = await findPendingInvitation(org, token);
  if (!found) {
    return (
      <AuthCard title="Join a workshop">
        <Notice tone="error">This invitation link is invalid, expired, revoked or already used. Ask the workshop for a new one.</Notice>
      </AuthCard>
    );
  }
  const { organization, invitation } = found;
  const user = await getSessionUser();
  const here = `/invitations/accept?org=${encodeURIComponent(org)}&token=${encodeURIComponent(token)}`;
  const accountExists = !user && (await db().user.findUnique({ where: { email: invitation.email }, select: { id: true } }));

  return (
    <AuthCard title={`Join ${organization.name}`}>
      <p className="mb-4 text-slate-700">
        You are invited as <strong>{roleLabel(invitation.role)}</strong> ({invitation.email}).
      </p>
      {user && user.email === invitation.email ? <AcceptAsSignedIn org={org} token={token} /> : null}
      {user && user.email !== invitation.email ? (
        <Notice tone="error">
          You are signed in as {user.email}, but this invitation is for {invitation.email}. Sign out, then open the link again.
        </Notice>
      ) : null}
      {!user && accountExists ? (
        <Notice>
          An account for {invitation.email} exists.{" "}
          <Link className="underline" href={`/sign-in?callbackUrl=${encodeURIComponent(here)}`}>Sign in to accept</Link>.
        </Notice>
      ) : null}
      {!user && !accountExists ? <AcceptWithNewAccount org={org} token={token} email={invitation.email} /> : null}
    </AuthCard>
  );
}
