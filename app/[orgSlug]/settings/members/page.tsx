import type { Metadata } from "next";
import {
  ChangeRoleForm, InviteForm, RemoveMemberButton, ResendInvitationButton, RevokeInvitationButton, TransferOwnershipButton,
} from "@/components/members/member-forms";
import { Card } from "@/components/ui/card";
import { listMembers } from "@/lib/members/manage-members";
import { requirePermission } from "@/lib/org/require-permission";
import { can, canAssignRole, canRemoveMember } from "@/lib/rbac";
import { ROLE_OPTIONS, roleLabel } from "@/lib/rbac/role-labels";

export const metadata: Metadata = { title: "Members" };

export default async function MembersPage({ params }: { params: Promise<{ orgSlug: string }> }) {
  const { orgSlug } = await params;
  const ctx = await requirePermission(orgSlug, "member.read");
  const { members, invitations } = await listMembers(ctx);
  const grantable = ROLE_OPTIONS.filter((option) => canAssignRole(ctx.role, null, option.value));

  return (
    <div className="flex flex-col gap-6">
      <h1 className="text-2xl font-semibold">Members</h1>
      {can(ctx, "member.invite") ? (
        <Card title="Invite someone" description="They get an email with a link that works once, for 7 days.">
          <InviteForm orgSlug={orgSlug} roles={grantable} />
        </Card>
      ) : null}

      <Card title={`People (${members.length})`}>
        <ul className="divide-y divide-slate-200">
          {members.map((m) => {
            const self = m.userId === ctx.userId;
            const manageable = !self || m.role === "OWNER";
            return (
              <li key={m.membershipId} className="flex flex-col gap-3 py-3 sm:flex-row sm:items-center sm:justify-between">
                <div>
                  <p className="font-medium">{m.name} {self ? <span className="text-sm text-slate-500">(you)</span> : null}</p>
                  <p className="text-sm text-slate-600">{m.email} · {roleLabel(m.role)}{m.mfaEnabled ? " · 2FA on" : ""}</p>
                </div>
                <div className="flex flex-wrap items-start gap-2">
                  {can(ctx, "member.updateRole") && canAssignRole(ctx.role, m.role, m.role) && manageable ? (
                    <ChangeRoleForm orgSlug={orgSlug} membershipId={m.membershipId} role={m.role} roles={grantable} memberName={m.name} />
                  ) : null}
                  {can(ctx, "ownership.transfer") && !self && m.role !== "OWNER" ? (
                    <TransferOwnershipButton orgSlug={orgSlug} membershipId={m.membershipId} memberName={m.name} />
                  ) : null}
                  {can(ctx, "member.remove") && canRemoveMember(ctx.role, m.role) && !self ? (
                    <RemoveMemberButton orgSlug={orgSlug} membershipId={m.membershipId} memberName={m.name} />
                  ) : null}
                </div>
              </li>
            );
          })}
        </ul>
      </Card>

      {can(ctx, "member.invite") && invitations.length > 0 ? (
        <Card title="Pending invitations">
          <ul className="divide-y divide-slate-200">
            {invitations.map((i) => (
              <li key={i.invitationId} className="flex flex-col gap-2 py-3 sm:flex-row sm:items-center sm:justify-between">
                <p>
                  {i.email} · {roleLabel(i.role)}{" "}
                  <span className="text-sm text-slate-600">{i.expired ? "(expired)" : `(until ${i.expiresAt.toISOString().slice(0, 10)})`}</span>
                </p>
                <div className="flex gap-2">
                  <ResendInvitationButton orgSlug={orgSlug} invitationId={i.invitationId} />
                  <RevokeInvitationButton orgSlug={orgSlug} invitationId={i.invitationId} />
                </div>
              </li>
            ))}
          </ul>
        </Card>
      ) : null}
    </div>
  );
}
