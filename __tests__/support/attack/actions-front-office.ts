// The front office's Server Actions, each with the form an attacker would send: the attack suite
// (__tests__/e2e/attack-actions-front-office.test.ts) aims every row at another workshop, at roles
// without the permission and at callers without a valid session. A new action without a row fails
// the suite's enumeration test.
import type { Permission } from "@/lib/rbac/permissions";

export const FRONT_OFFICE_FILES = [
  "actions/account.ts", "actions/api-keys.ts", "actions/appointment-settings.ts", "actions/appointments.ts",
  "actions/approvals.ts", "actions/audit-log.ts", "actions/auth.ts", "actions/billing.ts", "actions/canned-jobs.ts",
  "actions/customers.ts", "actions/erasure.ts", "actions/privacy-exports.ts", "actions/invitations.ts", "actions/members.ts",
] as const;

/** One workshop's records an attack aims at, seeded through the lib like any workshop's. */
export interface Target {
  slug: string;
  ownerEmail: string;
  customerId: string;
  customerName: string;
  duplicateCustomerId: string;
  vehicleId: string;
  duplicateVehicleId: string;
  contactId: string;
  locationId: string;
  bayId: string;
  appointmentId: string;
  /** a customer who has arrived: the appointment a repair order is opened from */
  arrivedAppointmentId: string;
  /** a member who works on cars (a service advisor) */
  technicianUserId: string;
  /** an estimate with a job waiting for the customer's decision */
  estimateId: string;
  pendingJobId: string;
  /** an order whose declined job became a recommendation */
  orderId: string;
  recommendationId: string;
  cannedJobId: string;
  apiKeyId: string;
  erasureRequestId: string;
  /** a service advisor's membership */
  membershipId: string;
  invitationId: string;
  invitationToken: string;
  approvalToken: string;
}

type Fields = Record<string, string>;

/** An action behind a workshop's slug: orgAction forms and the customer pickers. */
export interface WorkshopRow {
  kind: "form" | "picker";
  name: string;
  file: (typeof FRONT_OFFICE_FILES)[number];
  /** every permission the action checks; a role lacking any of them is refused */
  permissions: Permission[];
  /** a valid form aimed at the target's records (the slug is added by the suite) */
  fields: (target: Target) => Fields;
  /** foreign ids mixed into the attacker's own form: each must be refused as not found too */
  mixed?: Array<{ label: string; fields: (own: Target, other: Target) => Fields }>;
}

/** An action of the signed-in user's own account: no workshop, no ids to aim. */
export interface AccountRow {
  kind: "account";
  name: string;
  file: (typeof FRONT_OFFICE_FILES)[number];
  fields: Fields;
}

/** A public action (no session needed): each attack says what must come back; nothing may change. */
export interface PublicRow {
  kind: "public";
  name: string;
  file: (typeof FRONT_OFFICE_FILES)[number];
  attacks: Array<{
    label: string;
    /** sent with the cookie of A's owner when true, with none otherwise */
    signedIn: boolean;
    fields: (own: Target, other: Target) => Fields;
    expect: "NOT_FOUND" | "FORBIDDEN" | "CONFLICT" | "VALIDATION_FAILED" | "refused" | "ok";
  }>;
}

export type ActionRow = WorkshopRow | AccountRow | PublicRow;

const A_PASSWORD = "correct horse battery";
const FORGED_TOKEN = "forged-token-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
const booking = (t: Target): Fields => ({
  locationId: t.locationId, customerId: t.customerId, vehicleId: t.vehicleId, bayId: t.bayId,
  startsAt: "2027-03-02T10:00", durationMinutes: "60", status: "CONFIRMED",
});

const form = (
  name: string, file: WorkshopRow["file"], permissions: Permission[], fields: WorkshopRow["fields"], mixed?: WorkshopRow["mixed"],
): WorkshopRow => ({ kind: "form", name, file, permissions, fields, mixed });

export const FRONT_OFFICE_TABLE: readonly ActionRow[] = [
  // actions/account.ts: the user's own profile and security; every one needs a session
  { kind: "account", name: "updateProfileAction", file: "actions/account.ts", fields: { name: "Hijacked" } },
  { kind: "account", name: "changePasswordAction", file: "actions/account.ts", fields: { currentPassword: A_PASSWORD, password: "hijacked password 1", confirm: "hijacked password 1" } },
  { kind: "account", name: "startMfaAction", file: "actions/account.ts", fields: {} },
  { kind: "account", name: "confirmMfaAction", file: "actions/account.ts", fields: { code: "123456" } },
  { kind: "account", name: "disableMfaAction", file: "actions/account.ts", fields: { currentPassword: A_PASSWORD } },

  form("createApiKeyAction", "actions/api-keys.ts", ["apiKey.manage"], () => ({ name: "Hijack", scope: "READ_WRITE" })),
  form("revokeApiKeyAction", "actions/api-keys.ts", ["apiKey.manage"], (t) => ({ apiKeyId: t.apiKeyId })),

  form("createBayAction", "actions/appointment-settings.ts", ["settings.update"], (t) => ({ locationId: t.locationId, name: "Hijack bay" })),
  form("renameBayAction", "actions/appointment-settings.ts", ["settings.update"], (t) => ({ bayId: t.bayId, name: "Hijacked" })),
  form("deactivateBayAction", "actions/appointment-settings.ts", ["settings.update"], (t) => ({ bayId: t.bayId })),
  form("setOnlineBookingAction", "actions/appointment-settings.ts", ["settings.update"], () => ({ enabled: "on" })),
  form("updateOpeningHoursAction", "actions/appointment-settings.ts", ["settings.update"], (t) => ({
    locationId: t.locationId, opensAt: "06:00", closesAt: "22:00", bookingSlotMinutes: "45", weekday1: "on",
  })),

  form("bookAppointmentAction", "actions/appointments.ts", ["appointment.create"], booking, [
    { label: "the other workshop's car", fields: (own, other) => ({ ...booking(own), vehicleId: other.vehicleId }) },
    { label: "the other workshop's bay", fields: (own, other) => ({ ...booking(own), bayId: other.bayId }) },
    { label: "the other workshop's customer", fields: (own, other) => ({ ...booking(own), customerId: other.customerId, vehicleId: "" }) },
    { label: "the other workshop's technician", fields: (own, other) => ({ ...booking(own), technicianUserId: other.technicianUserId }) },
  ]),
  form("moveAppointmentAction", "actions/appointments.ts", ["appointment.update"], (t) => ({ appointmentId: t.appointmentId, startsAt: "2027-03-03T11:00:00Z" }), [
    { label: "into the other workshop's bay", fields: (own, other) => ({ appointmentId: own.appointmentId, bayId: other.bayId }) },
    { label: "with the other workshop's car", fields: (own, other) => ({ appointmentId: own.appointmentId, vehicleId: other.vehicleId }) },
    { label: "to the other workshop's technician", fields: (own, other) => ({ appointmentId: own.appointmentId, technicianUserId: other.technicianUserId }) },
  ]),
  form("rescheduleAppointmentAction", "actions/appointments.ts", ["appointment.update"], (t) => ({ appointmentId: t.appointmentId, startsAt: "2027-03-03T11:00", durationMinutes: "90" })),
  form("changeAppointmentStatusAction", "actions/appointments.ts", ["appointment.cancel"], (t) => ({ appointmentId: t.appointmentId, status: "CANCELLED" })),
  form("convertAppointmentAction", "actions/appointments.ts", ["appointment.update", "repairOrder.create"], (t) => ({ appointmentId: t.arrivedAppointmentId }), [
    { label: "an own arrival in the other workshop's car", fields: (own, other) => ({ appointmentId: own.arrivedAppointmentId, vehicleId: other.vehicleId }) },
  ]),
  { kind: "picker", name: "searchBookingCustomersAction", file: "actions/appointments.ts", permissions: ["appointment.create", "customer.read"], fields: (t) => ({ q: t.customerName }) },

  form("sendApprovalLinkAction", "actions/approvals.ts", ["approval.send"], (t) => ({ repairOrderId: t.estimateId, email: "hijack@example.test" })),
  form("recordApprovalAction", "actions/approvals.ts", ["approval.record"], (t) => ({
    repairOrderId: t.estimateId, approverName: "Hijacker", channel: "PHONE", [`decision.${t.pendingJobId}`]: "APPROVED",
  }), [
    { label: "deciding the other workshop's job", fields: (own, other) => ({ repairOrderId: own.estimateId, approverName: "Hijacker", channel: "PHONE", [`decision.${own.pendingJobId}`]: "APPROVED", [`decision.${other.pendingJobId}`]: "APPROVED" }) },
  ]),
  {
    kind: "public", name: "answerEstimateAction", file: "actions/approvals.ts", attacks: [
      { label: "the other workshop's link under the attacker's slug", signedIn: false, expect: "NOT_FOUND", fields: (own, other) => ({ orgSlug: own.slug, token: other.approvalToken, approverName: "Hijacker", [`decision.${other.pendingJobId}`]: "APPROVED" }) },
      { label: "a forged link", signedIn: false, expect: "NOT_FOUND", fields: (_own, other) => ({ orgSlug: other.slug, token: FORGED_TOKEN, approverName: "Hijacker", [`decision.${other.pendingJobId}`]: "APPROVED" }) },
      { label: "the workshop's own link deciding another workshop's job", signedIn: true, expect: "NOT_FOUND", fields: (own, other) => ({ orgSlug: own.slug, token: own.approvalToken, approverName: "Hijacker", [`decision.${other.pendingJobId}`]: "APPROVED" }) },
    ],
  },
  form("takeUpRecommendationAction", "actions/approvals.ts", ["repairOrder.update", "invoice.create"], (t) => ({ recommendationId: t.recommendationId, repairOrderId: t.orderId }), [
    { label: "the other workshop's recommendation onto an own order", fields: (own, other) => ({ recommendationId: other.recommendationId, repairOrderId: own.orderId }) },
    { label: "an own recommendation onto the other workshop's order", fields: (own, other) => ({ recommendationId: own.recommendationId, repairOrderId: other.orderId }) },
  ]),
  form("dismissRecommendationAction", "actions/approvals.ts", ["repairOrder.update", "invoice.create"], (t) => ({ recommendationId: t.recommendationId })),

  form("verifyChainAction", "actions/audit-log.ts", ["auditLog.read"], () => ({})),

  {
    kind: "public", name: "signUpAction", file: "actions/auth.ts", attacks: [
      { label: "the other workshop's owner's email", signedIn: false, expect: "CONFLICT", fields: (_own, other) => ({
        name: "Hijacker", email: other.ownerEmail, password: "hijacked password 1", workshopName: "Hijack garage", country: "GB", currency: "GBP", timezone: "Europe/London",
      }) },
    ],
  },
  {
    kind: "public", name: "requestResetAction", file: "actions/auth.ts", attacks: [
      { label: "an address with no account (same answer, nothing sent)", signedIn: false, expect: "ok", fields: () => ({ email: "nobody-here@example.test" }) },
    ],
  },
  {
    kind: "public", name: "resetPasswordAction", file: "actions/auth.ts", attacks: [
      { label: "a forged reset token", signedIn: false, expect: "refused", fields: () => ({ token: FORGED_TOKEN, password: "hijacked password 1", confirm: "hijacked password 1" }) },
      { label: "the other workshop's invitation token as a reset token", signedIn: true, expect: "refused", fields: (_own, other) => ({ token: other.invitationToken, password: "hijacked password 1", confirm: "hijacked password 1" }) },
    ],
  },

  form("choosePlanAction", "actions/billing.ts", ["billing.manage"], () => ({ plan: "ENTERPRISE" })),
  form("openPortalAction", "actions/billing.ts", ["billing.manage"], () => ({})),

  form("createCannedJobAction", "actions/canned-jobs.ts", ["invoice.create"], () => ({ title: "Hijack job", kind0: "LABOUR", description0: "Hijack", quantity0: "1", unitPrice0: "10" })),
  form("addCannedJobAction", "actions/canned-jobs.ts", ["repairOrder.update", "invoice.create"], (t) => ({ repairOrderId: t.estimateId, cannedJobId: t.cannedJobId }), [
    { label: "the other workshop's canned job onto an own order", fields: (own, other) => ({ repairOrderId: own.estimateId, cannedJobId: other.cannedJobId }) },
    { label: "an own canned job onto the other workshop's order", fields: (own, other) => ({ repairOrderId: other.estimateId, cannedJobId: own.cannedJobId }) },
  ]),

  form("createCustomerAction", "actions/customers.ts", ["customer.create"], () => ({ kind: "PERSON", displayName: "Hijack customer" })),
  form("updateCustomerAction", "actions/customers.ts", ["customer.update"], (t) => ({ customerId: t.customerId, kind: "PERSON", displayName: "Hijacked" })),
  form("addVehicleAction", "actions/customers.ts", ["vehicle.create"], (t) => ({ customerId: t.customerId, registration: "HIJ 4CK", make: "Ford" })),
  form("mergeCustomersAction", "actions/customers.ts", ["customer.merge"], (t) => ({ keepId: t.customerId, mergeId: t.duplicateCustomerId }), [
    { label: "keeping an own customer, merging the other workshop's", fields: (own, other) => ({ keepId: own.customerId, mergeId: other.customerId }) },
    { label: "keeping the other workshop's customer, merging an own", fields: (own, other) => ({ keepId: other.customerId, mergeId: own.duplicateCustomerId }) },
  ]),
  form("mergeVehiclesAction", "actions/customers.ts", ["vehicle.update"], (t) => ({ keepId: t.vehicleId, mergeId: t.duplicateVehicleId }), [
    { label: "keeping an own car, merging the other workshop's", fields: (own, other) => ({ keepId: own.vehicleId, mergeId: other.vehicleId }) },
    { label: "keeping the other workshop's car, merging an own", fields: (own, other) => ({ keepId: other.vehicleId, mergeId: own.duplicateVehicleId }) },
  ]),
  form("addCustomerContactAction", "actions/customers.ts", ["customer.update"], (t) => ({ customerId: t.customerId, name: "Hijack contact", phone: "+44 20 7946 0999" })),
  form("removeCustomerContactAction", "actions/customers.ts", ["customer.update"], (t) => ({ contactId: t.contactId })),

  form("requestErasureAction", "actions/erasure.ts", ["gdpr.erase"], (t) => ({ customerId: t.customerId, confirmName: t.customerName, reason: "Hijack" })),
  form("cancelErasureAction", "actions/erasure.ts", ["gdpr.erase"], (t) => ({ requestId: t.erasureRequestId })),
  form("requestClosureAction", "actions/erasure.ts", ["organization.close"], (t) => ({ confirmSlug: t.slug })),

  form("requestExportAction", "actions/privacy-exports.ts", ["gdpr.export"], (t) => ({ scope: "CUSTOMER", customerId: t.customerId })),
  { kind: "picker", name: "searchExportCustomersAction", file: "actions/privacy-exports.ts", permissions: ["gdpr.export"], fields: (t) => ({ q: t.customerName }) },

  {
    kind: "public", name: "acceptAsSignedInAction", file: "actions/invitations.ts", attacks: [
      { label: "the other workshop's invitation (for someone else) while signed in", signedIn: true, expect: "FORBIDDEN", fields: (_own, other) => ({ org: other.slug, token: other.invitationToken }) },
      { label: "the other workshop's invitation under the attacker's slug", signedIn: true, expect: "refused", fields: (own, other) => ({ org: own.slug, token: other.invitationToken }) },
      { label: "a forged invitation", signedIn: true, expect: "refused", fields: (_own, other) => ({ org: other.slug, token: FORGED_TOKEN }) },
    ],
  },
  {
    kind: "public", name: "acceptWithNewAccountAction", file: "actions/invitations.ts", attacks: [
      { label: "the other workshop's invitation under the attacker's slug", signedIn: false, expect: "refused", fields: (own, other) => ({ org: own.slug, token: other.invitationToken, name: "Hijacker", password: "hijacked password 1", confirm: "hijacked password 1" }) },
      { label: "a forged invitation", signedIn: false, expect: "refused", fields: (_own, other) => ({ org: other.slug, token: FORGED_TOKEN, name: "Hijacker", password: "hijacked password 1", confirm: "hijacked password 1" }) },
    ],
  },

  form("inviteMemberAction", "actions/members.ts", ["member.invite"], () => ({ email: "hijack-invite@example.test", role: "ADMIN" })),
  form("changeRoleAction", "actions/members.ts", ["member.updateRole"], (t) => ({ membershipId: t.membershipId, role: "ADMIN" })),
  form("removeMemberAction", "actions/members.ts", ["member.remove"], (t) => ({ membershipId: t.membershipId })),
  form("transferOwnershipAction", "actions/members.ts", ["ownership.transfer"], (t) => ({ membershipId: t.membershipId })),
  form("resendInvitationAction", "actions/members.ts", ["member.invite"], (t) => ({ invitationId: t.invitationId })),
  form("revokeInvitationAction", "actions/members.ts", ["member.invite"], (t) => ({ invitationId: t.invitationId })),
];

export const FRONT_OFFICE_ACTIONS: readonly string[] = FRONT_OFFICE_TABLE.map((row) => row.name);
