"use server";

import { z } from "zod";
import { orgAction } from "@/lib/actions/org-action";
import { inviteMember, resendInvitation, revokeInvitation, ZInvite } from "@/lib/members/invitations";
import { changeMemberRole, removeMember, transferOwnership, ZChangeRole } from "@/lib/members/manage-members";

const ZMembership = z.object({ membershipId: z.string().uuid() });
const ZInvitation = z.object({ invitationId: z.string().uuid() });

export const inviteMemberAction = orgAction(ZInvite, async (ctx, input) => {
  await inviteMember(ctx, input);
  return { ok: true, message: `Invitation sent to ${input.email}.` };
});

export const changeRoleAction = orgAction(ZChangeRole, async (ctx, { membershipId, role }) => {
  await changeMemberRole(ctx, membershipId, role);
  return { ok: true, message: "Role changed." };
});

export const removeMemberAction = orgAction(ZMembership, async (ctx, { membershipId }) => {
  await removeMember(ctx, membershipId);
  return { ok: true, message: "Member removed. Their sessions have ended." };
});

export const transferOwnershipAction = orgAction(ZMembership, async (ctx, { membershipId }) => {
  await transferOwnership(ctx, membershipId);
  return { ok: true, message: "Ownership transferred. You are now an admin." };
});

export const resendInvitationAction = orgAction(ZInvitation, async (ctx, { invitationId }) => {
  await resendInvitation(ctx, invitationId);
  return { ok: true, message: "Invitation sent again with a new link." };
});

export const revokeInvitationAction = orgAction(ZInvitation, async (ctx, { invitationId }) => {
  await revokeInvitation(ctx, invitationId);
  return { ok: true, message: "Invitation revoked." };
});
