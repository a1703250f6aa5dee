"use client";

import { useActionState } from "react";
import {
  changeRoleAction, inviteMemberAction, removeMemberAction, resendInvitationAction, revokeInvitationAction, transferOwnershipAction,
} from "@/actions/members";
import { SelectField, TextField } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/notice";
import { SubmitButton } from "@/components/ui/submit-button";
import type { FormState } from "@/lib/forms/form-state";

type Option = { value: string; label: string };

export function InviteForm({ orgSlug, roles }: { orgSlug: string; roles: Option[] }) {
  const [state, action] = useActionState<FormState, FormData>(inviteMemberAction, {});
  return (
    <form action={action} className="flex flex-col gap-4" noValidate>
      <FormMessage state={state} />
      <input type="hidden" name="orgSlug" value={orgSlug} />
      <div className="grid gap-4 sm:grid-cols-[2fr_1fr]">
        <TextField label="Email" name="email" type="email" defaultValue={state.ok ? "" : state.values?.email} error={state.fieldErrors?.email} required />
        <SelectField label="Role" name="role" options={roles} defaultValue={state.values?.role ?? "TECHNICIAN"} error={state.fieldErrors?.role} />
      </div>
      <div><SubmitButton pendingText="Sending…">Send invitation</SubmitButton></div>
    </form>
  );
}

function RowAction({ action, orgSlug, idName, id, label, variant, confirm }: {
  action: (state: FormState, data: FormData) => Promise<FormState>;
  orgSlug: string; idName: string; id: string; label: string; variant?: "secondary" | "danger"; confirm?: string;
}) {
  const [state, formAction] = useActionState<FormState, FormData>(action, {});
  return (
    <form action={formAction} onSubmit={(e) => { if (confirm && !window.confirm(confirm)) e.preventDefault(); }} className="flex flex-col gap-1">
      <input type="hidden" name="orgSlug" value={orgSlug} />
      <input type="hidden" name={idName} value={id} />
      <SubmitButton variant={variant ?? "secondary"}>{label}</SubmitButton>
      {state.message && !state.ok ? <p role="alert" className="text-sm text-red-700">{state.message}</p> : null}
    </form>
  );
}

export function ChangeRoleForm({ orgSlug, membershipId, role, roles, memberName }: {
  orgSlug: string; membershipId: string; role: string; roles: Option[]; memberName: string;
}) {
  const [state, action] = useActionState<FormState, FormData>(changeRoleAction, {});
  return (
    <form action={action} className="flex flex-wrap items-end gap-2">
      <input type="hidden" name="orgSlug" value={orgSlug} />
      <input type="hidden" name="membershipId" value={membershipId} />
      <label className="sr-only" htmlFor={`role-${membershipId}`}>Role for {memberName}</label>
      <select id={`role-${membershipId}`} name="role" defaultValue={role} className="rounded-md border border-slate-300 bg-white px-2 py-2 text-sm">
        {roles.map((r) => <option key={r.value} value={r.value}>{r.label}</option>)}
      </select>
      <SubmitButton variant="secondary">Change role</SubmitButton>
      {state.message ? <p role={state.ok ? "status" : "alert"} className={`w-full text-sm ${state.ok ? "text-green-800" : "text-red-700"}`}>{state.message}</p> : null}
    </form>
  );
}

export function RemoveMemberButton(props: { orgSlug: string; membershipId: string; memberName: string }) {
  return <RowAction action={removeMemberAction} orgSlug={props.orgSlug} idName="membershipId" id={props.membershipId} label="Remove" variant="danger" confirm={`Remove ${props.memberName}? Their sessions end at once.`} />;
}

export function TransferOwnershipButton(props: { orgSlug: string; membershipId: string; memberName: string }) {
  return <RowAction action={transferOwnershipAction} orgSlug={props.orgSlug} idName="membershipId" id={props.membershipId} label="Make owner" confirm={`Hand ownership to ${props.memberName}? You become an admin.`} />;
}

export function ResendInvitationButton(props: { orgSlug: string; invitationId: string }) {
  return <RowAction action={resendInvitationAction} orgSlug={props.orgSlug} idName="invitationId" id={props.invitationId} label="Resend" />;
}

export function RevokeInvitationButton(props: { orgSlug: string; invitationId: string }) {
  return <RowAction action={revokeInvitationAction} orgSlug={props.orgSlug} idName="invitationId" id={props.invitationId} label="Revoke" variant="danger" />;
}
