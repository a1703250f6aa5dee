// Every domain action writes exactly one audit entry with the right fields: one
// row per action string the code can write (found by reading the source, see
// ../support/audit-action-scan.ts). Each row runs the real operation as a
// member of a signed-up workshop, with a known address, user agent and request
// id, and the new entries of EVERY workshop are read back as a superuser: the
// operation must have added exactly its own entries (the action, plus those an
// operation is documented to write alongside, such as the status move of an
// invoiced repair order), all in its own workshop.
import { mkdtemp, readFile, rm } from "node:fs/promises";
import type { Profile } from "next-auth";
import os from "node:os";
import path from "node:path";
import { answerEstimate } from "@/lib/approvals/customer-estimate";
import { recordApproval } from "@/lib/approvals/record-approval";
import { sendApprovalLink } from "@/lib/approvals/send-approval-link";
import { addInspectionPhoto } from "@/lib/attachments/add-inspection-photo";
import { removeInspectionPhoto } from "@/lib/attachments/remove-inspection-photo";
import { exportAuditLog } from "@/lib/audit/export-audit-log";
import { verifyWorkshopChain } from "@/lib/audit/verify-workshop-chain";
import { changePassword, confirmMfaEnrolment, disableMfa, startMfaEnrolment } from "@/lib/auth/account-security";
import { authenticate } from "@/lib/auth/authenticate";
import { setUserDisabled } from "@/lib/auth/disable-user";
import { authOptions } from "@/lib/auth/session";
import { requestPasswordReset, resetPassword } from "@/lib/auth/password-reset";
import { signUpWorkshop } from "@/lib/auth/sign-up";
import { stepAt, totpAt } from "@/lib/auth/totp";
import { updateProfile } from "@/lib/auth/update-profile";
import { createApiKey } from "@/lib/api-keys/create-api-key";
import { revokeApiKey } from "@/lib/api-keys/revoke-api-key";
import { changeAppointmentStatus } from "@/lib/appointments/change-appointment-status";
import { convertAppointment } from "@/lib/appointments/convert-appointment";
import { createAppointment } from "@/lib/appointments/create-appointment";
import { createBay } from "@/lib/appointments/create-bay";
import { deactivateBay } from "@/lib/appointments/deactivate-bay";
import { issueBookingFormToken } from "@/lib/appointments/booking-form-token";
import { renameBay } from "@/lib/appointments/rename-bay";
import { requestOnlineBooking } from "@/lib/appointments/request-online-booking";
import { sendAppointmentEmails } from "@/lib/appointments/send-appointment-emails";
import { setOnlineBooking } from "@/lib/appointments/set-online-booking";
import { updateAppointment } from "@/lib/appointments/update-appointment";
import { updateOpeningHours } from "@/lib/appointments/update-opening-hours";
import { startPlanChange } from "@/lib/billing/checkout";
import { addCustomerContact, removeCustomerContact } from "@/lib/customers/customer-contacts";
import { createCustomer } from "@/lib/customers/create-customer";
import { ZCustomer } from "@/lib/customers/customer-input";
import { mergeCustomers } from "@/lib/customers/merge-customers";
import { updateCustomer } from "@/lib/customers/update-customer";
import { db, withTenant } from "@/lib/db";
import { reloadServerEnv } from "@/lib/env";
import type { Role } from "@/lib/generated/prisma/client";
import { completeInspection } from "@/lib/inspections/complete-inspection";
import { createTemplate } from "@/lib/inspections/create-template";
import { renameTemplate, setTemplateActive } from "@/lib/inspections/edit-template";
import { inspectionView } from "@/lib/inspections/inspection-view";
import { proposeJobForItem } from "@/lib/inspections/propose-jobs";
import { rateItem } from "@/lib/inspections/rate-item";
import { startInspection } from "@/lib/inspections/start-inspection";
import { addTemplateItem, moveTemplateItem, removeTemplateItem } from "@/lib/inspections/template-items";
import { issueCreditNote } from "@/lib/invoices/issue-credit-note";
import { issueInvoice } from "@/lib/invoices/issue-invoice";
import { recordPayment } from "@/lib/invoices/record-payment";
import { createLocation } from "@/lib/locations/create-location";
import { acceptInvitation } from "@/lib/members/accept-invitation";
import { inviteMember, resendInvitation, revokeInvitation } from "@/lib/members/invitations";
import { changeMemberRole, removeMember, transferOwnership } from "@/lib/members/manage-members";
import { loadOrgContext, type OrgContext } from "@/lib/org/context";
import { updateWorkshopDetails } from "@/lib/org/update-workshop-details";
import { updateWorkshopSecurity } from "@/lib/org/update-workshop-security";
import { adjustStock } from "@/lib/parts/adjust-stock";
import { createPart, updatePart } from "@/lib/parts/save-part";
import { setPartStatus } from "@/lib/parts/set-part-status";
import { addLowStockToDraft } from "@/lib/purchase-orders/add-low-stock-to-draft";
import { cancelPurchaseOrder, markPurchaseOrderOrdered } from "@/lib/purchase-orders/change-purchase-order-status";
import { createPurchaseOrder } from "@/lib/purchase-orders/create-purchase-order";
import { addPurchaseOrderLine, removePurchaseOrderLine, updatePurchaseOrderLine } from "@/lib/purchase-orders/purchase-order-lines";
import { receiveEverything } from "@/lib/purchase-orders/receive-purchase-order";
import { limitMemberReads } from "@/lib/rate-limit/request-limits";
import { PER_USER_READS } from "@/lib/rate-limit/rules";
import { dismissRecommendation, takeUpRecommendation } from "@/lib/recommendations/take-up-recommendation";
import { sendDueReminders } from "@/lib/reminders/send-due-reminders";
import { sendVehicleReminder } from "@/lib/reminders/send-vehicle-reminder";
import { assignTechnician } from "@/lib/repair-orders/assign-technician";
import { addCannedJob, createCannedJob } from "@/lib/repair-orders/canned-jobs";
import { createRepairOrder } from "@/lib/repair-orders/create-repair-order";
import { addJob, addLine, ZAddLine } from "@/lib/repair-orders/edit-jobs";
import { moveRepairOrder } from "@/lib/repair-orders/move-repair-order";
import { updateRepairOrder } from "@/lib/repair-orders/update-repair-order";
import { createSupplier, updateSupplier } from "@/lib/suppliers/save-supplier";
import { clockOff } from "@/lib/time-entries/clock-off";
import { clockOn } from "@/lib/time-entries/clock-on";
import { correctTimeEntry } from "@/lib/time-entries/correct-time-entry";
import { toLocalInput } from "@/lib/time-entries/workshop-time";
import { mergeVehicles } from "@/lib/vehicles/merge-vehicles";
import { addVehicle, updateVehicle, ZVehicle } from "@/lib/vehicles/save-vehicle";
import { withCheckDigit } from "@/lib/vehicles/vin";
import { cancelErasure } from "@/lib/gdpr/erasure/cancel-erasure";
import { requestClosure } from "@/lib/gdpr/erasure/request-closure";
import { requestErasure } from "@/lib/gdpr/erasure/request-erasure";
import { runDueErasures } from "@/lib/gdpr/erasure/run-due-erasures";
import { downloadPath } from "@/lib/gdpr/export/download-link";
import { openExportDownload } from "@/lib/gdpr/export/open-export";
import { removeExpiredExports } from "@/lib/gdpr/export/remove-expired-exports";
import { requestExport } from "@/lib/gdpr/export/request-export";
import { runPrivacyExport } from "@/lib/gdpr/export/run-export";
import { stopJobProducer } from "@/lib/jobs/send-job";
import { PASSWORD, lastMailTo, linkIn, resetLimiters, uniqueEmail } from "../support/accounts";
import { callApi } from "../support/api";
import { scanAuditActions } from "../support/audit-action-scan";
import { postWebhook, useFakeStripe, withoutStripe } from "../support/billing";
import { FAKE_PRICES, type FakeStripe } from "../support/fake-stripe";
import { firstLocationId, orderWithPartLine } from "../support/stock";
import { createTestDatabase, type TestDatabase } from "../support/test-database";
import { orderWithJobs } from "../support/workshop-floor";

/**
 * Actions no row triggers, and why. Only for what cannot be run in-process;
 * the completeness check fails for an action neither here nor in the table.
 */
const NOT_TRIGGERED: Record<string, string> = {};

// ---------------------------------------------------------------------------
// The harness

interface Entry {
  organizationId: string;
  seq: number;
  action: string;
  actorUserId: string | null;
  targetType: string | null;
  targetId: string | null;
  ip: string | null;
  userAgent: string | null;
  requestId: string | null;
}

/** Who the entry must name, and from where. */
interface Actor {
  userId: string | null;
  ip: string | null;
  userAgent: string | null;
  requestId: string | null | ReturnType<typeof expect.any>;
}

interface Outcome {
  target: { type: string; id: string } | null;
  by: Actor;
  /** the workshop whose log gets the entry; the row's main workshop when left out */
  orgId?: string;
}

type Measure = <T>(work: () => Promise<T>) => Promise<T>;

interface Row {
  action: string;
  /** which operation, when several write the action */
  via: string;
  /** the other entries the same operation writes, by design */
  alongside?: string[];
  run: (measure: Measure) => Promise<Outcome>;
}

let database: TestDatabase;

/** Each workshop's last seq, as the superuser sees it. */
async function heads(): Promise<Record<string, number>> {
  const { rows } = await database.superuser.query<{ org: string; seq: number }>(
    `SELECT "organizationId"::text AS org, max(seq) AS seq FROM "AuditLog" GROUP BY 1`,
  );
  return Object.fromEntries(rows.map((row) => [row.org, row.seq]));
}

/** Every entry written in any workshop after `before`. */
async function entriesSince(before: Record<string, number>): Promise<Entry[]> {
  const { rows } = await database.superuser.query<Entry>(
    `SELECT a."organizationId"::text AS "organizationId", a.seq, a.action, a."actorUserId"::text AS "actorUserId", a."targetType", a."targetId",
            a.ip, a."userAgent", a."requestId"
       FROM "AuditLog" a LEFT JOIN jsonb_each_text($1::jsonb) h ON h.key = a."organizationId"::text
      WHERE a.seq > coalesce(h.value::int, 0)
      ORDER BY a."organizationId", a.seq`,
    [JSON.stringify(before)],
  );
  return rows;
}

// ---------------------------------------------------------------------------
// The workshop, its members and request origins

let requests = 0;
/** A request's origin: one address and user agent for the whole file, a new request id each time. */
const origin = () => ({ ip: "203.0.113.42", userAgent: "AuditTable/1.0 (jest)", requestId: `req-every-action-${(requests += 1)}` });
/** The same member in a new request. */
const fresh = (ctx: OrgContext): OrgContext => ({ ...ctx, ...origin() });
const by = (ctx: OrgContext): Actor => ({ userId: ctx.userId, ip: ctx.ip, userAgent: ctx.userAgent, requestId: ctx.requestId });
const byUser = (userId: string | null, from: { ip: string | null; userAgent: string | null; requestId: string }): Actor => ({ userId, ...from });
const bySystem = (requestId: string | null): Actor => ({ userId: null, ip: null, userAgent: null, requestId });
const target = (type: string, id: string) => ({ type, id });

let owner: OrgContext;
let technician: OrgContext;
let viewer: OrgContext;
let small: OrgContext;
let locationId: string;
let fake: FakeStripe;
let photosDir: string;
let jpeg: Buffer;

async function contextOf(userId: string, orgSlug: string) {
  const ctx = await loadOrgContext(userId, orgSlug, origin());
  if (!ctx) throw new Error(`${userId} is not a member of ${orgSlug}`);
  return ctx;
}

/** A new member with the role, through the real invitation (unmeasured), with their email. */
async function newMember(inviter: OrgContext, role: Role, label: string) {
  const email = uniqueEmail(label);
  await inviteMember(inviter, { email, role });
  const link = linkIn((await lastMailTo(email))?.text);
  const { userId } = await acceptInvitation(
    link.searchParams.get("org")!, link.searchParams.get("token")!, { newAccount: { name: `Member ${label}`, password: PASSWORD, confirm: PASSWORD } }, origin(),
  );
  return { ctx: await contextOf(userId, inviter.orgSlug), email, userId };
}

async function signUpAs(label: string, plan: "FREE" | "PROFESSIONAL") {
  const email = uniqueEmail(label);
  const { userId, orgSlug } = await signUpWorkshop(
    { name: `Owner ${label}`, email, password: PASSWORD, workshopName: `Workshop ${label}`, country: "GB", currency: "GBP", timezone: "Europe/London" },
    origin(),
  );
  if (plan !== "FREE") await db().organization.update({ where: { slug: orgSlug }, data: { plan } });
  return contextOf(userId, orgSlug);
}

beforeAll(async () => {
  delete process.env.REDIS_URL;
  await resetLimiters();
  database = await createTestDatabase({ poolSize: 10 });
  fake = await useFakeStripe();
  photosDir = await mkdtemp(path.join(os.tmpdir(), "awms-every-action-"));
  process.env.ATTACHMENTS_DIR = photosDir;
  reloadServerEnv();
  jpeg = await readFile(path.join(__dirname, "../fixtures/brake-pad.jpg"));
  owner = await signUpAs("every-owner", "PROFESSIONAL");
  small = await signUpAs("every-small", "FREE");
  technician = (await newMember(owner, "TECHNICIAN", "every-tech")).ctx;
  viewer = (await newMember(owner, "VIEWER", "every-viewer")).ctx;
  locationId = await firstLocationId(database.superuser, owner.orgId);
  // The booking page offers only slots with a free bay.
  await createBay(owner, { locationId, name: "Ramp 1" });
});

afterAll(async () => {
  withoutStripe();
  await fake.close();
  delete process.env.ATTACHMENTS_DIR;
  reloadServerEnv();
  await rm(photosDir, { recursive: true, force: true });
  await stopJobProducer();
  await database.drop();
});

// ---------------------------------------------------------------------------
// Fixtures made through the real lib (never measured)

let serial = 0;
const next = () => (serial += 1);

async function newCustomer(fields: Record<string, string> = {}) {
  const n = next();
  return createCustomer(owner, ZCustomer.parse({ displayName: `Every Customer ${n}`, email: uniqueEmail(`every-customer-${n}`), ...fields }));
}

async function newCar(customerId: string, fields: Record<string, string> = {}) {
  return addVehicle(owner, customerId, ZVehicle.parse({ registration: `EV${next()} ACT`, ...fields }));
}

const LABOUR = { kind: "LABOUR" as const, description: "Labour", quantity: "1", unitPrice: "80.00" };

/** A repair order moved to READY with one approved labour job: ready to invoice. */
async function readyOrder() {
  const { order } = await orderWithJobs(owner, [{ title: "Service", lines: [LABOUR] }]);
  await moveRepairOrder(owner, order.id, "READY");
  return order;
}

async function newPart(fields: Record<string, string> = {}) {
  return createPart(owner, { sku: `EVERY-${next()}`, description: "Brake pads", cost: "10.00", priceRule: "FIXED", price: "15.00", ...fields });
}

async function newTemplate(items: string[] = []) {
  const template = await createTemplate(owner, { name: `Every checklist ${next()}` });
  for (const label of items) await addTemplateItem(owner, { templateId: template.id, label });
  return template;
}

/** An open inspection with one item per label on a new repair order. */
async function openInspection(labels: string[]) {
  const customer = await newCustomer();
  const car = await newCar(customer.id);
  const order = await createRepairOrder(owner, { customerId: customer.id, vehicleId: car.id });
  const template = await newTemplate(labels);
  const inspection = await startInspection(owner, { repairOrderId: order.id, templateId: template.id });
  const { items } = await inspectionView(owner, inspection.id);
  return { order, inspection, items };
}

async function invitationFor(email: string) {
  return withTenant(owner.orgId, (tx) => tx.invitation.findFirstOrThrow({ where: { email }, orderBy: { createdAt: "desc" } }));
}

async function membershipOf(ctx: OrgContext, userId: string) {
  return withTenant(ctx.orgId, (tx) => tx.membership.findFirstOrThrow({ where: { userId } }));
}

let appointmentDay = 0;
/** A booking on its own weekday in June 2027 (no bay, no technician: it clashes with nothing). */
async function booking(status: "REQUESTED" | "CONFIRMED", extra: { vehicleId?: string; customerId?: string } = {}) {
  const day = new Date(Date.UTC(2027, 5, 1 + (appointmentDay += 1)));
  if (day.getUTCDay() === 0) day.setUTCDate(day.getUTCDate() + 1);
  const date = day.toISOString().slice(0, 10);
  const customerId = extra.customerId ?? (await newCustomer()).id;
  const appointment = await createAppointment(
    owner, { locationId, customerId, vehicleId: extra.vehicleId, startsAt: `${date}T09:00`, endsAt: `${date}T10:00`, status }, { source: "STAFF" },
  );
  return { appointment, date };
}

/** The export's object store refuses connections (S3 configured at a port nothing listens on). */
async function withExportStoreDown<T>(work: () => Promise<T>): Promise<T> {
  const s3 = { S3_ENDPOINT: "http://127.0.0.1:1", S3_BUCKET: "awms-exports", S3_ACCESS_KEY_ID: "test", S3_SECRET_ACCESS_KEY: "test", S3_REGION: "eu-west-2" };
  Object.assign(process.env, s3);
  reloadServerEnv();
  try {
    return await work();
  } finally {
    for (const name of Object.keys(s3)) delete process.env[name];
    reloadServerEnv();
  }
}

/** The export the GDPR export rows follow from request to expiry. */
const exported = { requestId: "" };

async function withMailServerDown<T>(work: () => Promise<T>): Promise<T> {
  process.env.SMTP_URL = "smtp://127.0.0.1:1";
  reloadServerEnv();
  try {
    return await work();
  } finally {
    delete process.env.SMTP_URL;
    reloadServerEnv();
  }
}

/** An account to sign in with, its password as it is now, and its workshop's member context. */
const account = { email: "", userId: "", password: PASSWORD, mfaSecret: "", recoveryCodes: [] as string[] };

// ---------------------------------------------------------------------------
// The table

const rows: Row[] = [
  // Accounts and signing in: written in every workshop of the user (here, one).
  {
    action: "ORGANIZATION_CREATED", via: "sign-up",
    run: async (measure) => {
      const from = origin();
      const { userId, orgSlug } = await measure(() => signUpWorkshop(
        { name: "Owner New", email: uniqueEmail("every-signup"), password: PASSWORD, workshopName: "Workshop New", country: "GB", currency: "GBP", timezone: "Europe/London" },
        from,
      ));
      const { id } = await db().organization.findUniqueOrThrow({ where: { slug: orgSlug } });
      return { target: target("Organization", id), by: byUser(userId, from), orgId: id };
    },
  },
  {
    action: "LOGIN_SUCCEEDED", via: "email and password",
    run: async (measure) => {
      const member = await newMember(owner, "SERVICE_ADVISOR", "every-signin");
      Object.assign(account, { email: member.email, userId: member.userId });
      const from = origin();
      expect(await measure(() => authenticate({ email: account.email, password: account.password }, from))).toMatchObject({ ok: true });
      return { target: target("User", account.userId), by: byUser(account.userId, from) };
    },
  },
  {
    // next-auth hands the signIn callback no request: the entry names the provider as its user agent, and no address or request id.
    action: "LOGIN_SUCCEEDED", via: "Google sign-in",
    run: async (measure) => {
      const signIn = authOptions().callbacks!.signIn!;
      const allowed = await measure(async () => signIn({
        user: { id: "google-subject", email: account.email.toUpperCase() },
        account: { provider: "google", type: "oauth", providerAccountId: "google-subject" },
        profile: { email: account.email, email_verified: true } as Profile,
      }));
      expect(allowed).toBe(true);
      return { target: target("User", account.userId), by: { userId: account.userId, ip: null, userAgent: "oauth:google", requestId: null } };
    },
  },
  {
    action: "LOGIN_FAILED", via: "wrong password",
    run: async (measure) => {
      const from = origin();
      expect(await measure(() => authenticate({ email: account.email, password: "not the password" }, from))).toMatchObject({ ok: false });
      return { target: target("User", account.userId), by: byUser(account.userId, from) };
    },
  },
  {
    action: "MFA_ENABLED", via: "account security",
    run: async (measure) => {
      account.mfaSecret = (await startMfaEnrolment(account.userId)).secret;
      const from = origin();
      account.recoveryCodes = await measure(() => confirmMfaEnrolment(account.userId, totpAt(account.mfaSecret, stepAt(Date.now())), from));
      return { target: target("User", account.userId), by: byUser(account.userId, from) };
    },
  },
  {
    action: "MFA_FAILED", via: "wrong code",
    run: async (measure) => {
      const from = origin();
      const wrong = totpAt(account.mfaSecret, stepAt(Date.now()) + 20);
      expect(await measure(() => authenticate({ email: account.email, password: account.password, code: wrong }, from))).toMatchObject({ ok: false });
      return { target: target("User", account.userId), by: byUser(account.userId, from) };
    },
  },
  {
    action: "MFA_RECOVERY_CODE_USED", via: "recovery code", alongside: ["LOGIN_SUCCEEDED"],
    run: async (measure) => {
      const from = origin();
      const code = account.recoveryCodes[0]!;
      expect(await measure(() => authenticate({ email: account.email, password: account.password, code }, from))).toMatchObject({ ok: true });
      return { target: target("User", account.userId), by: byUser(account.userId, from) };
    },
  },
  {
    action: "MFA_DISABLED", via: "account security",
    run: async (measure) => {
      const from = origin();
      await measure(() => disableMfa(account.userId, account.password, from));
      return { target: target("User", account.userId), by: byUser(account.userId, from) };
    },
  },
  {
    action: "PASSWORD_RESET_REQUESTED", via: "forgotten password",
    run: async (measure) => {
      const from = origin();
      await measure(() => requestPasswordReset(account.email, from));
      return { target: target("User", account.userId), by: byUser(account.userId, from) };
    },
  },
  {
    action: "PASSWORD_CHANGED", via: "reset link",
    run: async (measure) => {
      const token = linkIn((await lastMailTo(account.email))?.text).searchParams.get("token")!;
      const from = origin();
      await measure(() => resetPassword(token, "a reset password 1", from));
      account.password = "a reset password 1";
      return { target: target("User", account.userId), by: byUser(account.userId, from) };
    },
  },
  {
    action: "PASSWORD_CHANGED", via: "account security",
    run: async (measure) => {
      const from = origin();
      await measure(() => changePassword(account.userId, account.password, "a changed password 2", from));
      account.password = "a changed password 2";
      return { target: target("User", account.userId), by: byUser(account.userId, from) };
    },
  },
  {
    action: "PROFILE_UPDATED", via: "account page",
    run: async (measure) => {
      const from = origin();
      await measure(() => updateProfile(account.userId, "Renamed Advisor", from));
      return { target: target("User", account.userId), by: byUser(account.userId, from) };
    },
  },
  {
    action: "USER_DISABLED", via: "operator command",
    run: async (measure) => {
      const from = origin();
      await measure(() => setUserDisabled(account.email, true, from));
      return { target: target("User", account.userId), by: byUser(account.userId, from) };
    },
  },
  {
    action: "USER_ENABLED", via: "operator command",
    run: async (measure) => {
      const from = origin();
      await measure(() => setUserDisabled(account.email, false, from));
      return { target: target("User", account.userId), by: byUser(account.userId, from) };
    },
  },

  // Members
  {
    action: "MEMBER_INVITED", via: "members page",
    run: async (measure) => {
      const ctx = fresh(owner);
      const { invitationId } = await measure(() => inviteMember(ctx, { email: uniqueEmail("every-invite"), role: "TECHNICIAN" }));
      return { target: target("Invitation", invitationId), by: by(ctx) };
    },
  },
  {
    action: "INVITATION_RESENT", via: "members page",
    run: async (measure) => {
      const { invitationId } = await inviteMember(owner, { email: uniqueEmail("every-resend"), role: "TECHNICIAN" });
      const ctx = fresh(owner);
      await measure(() => resendInvitation(ctx, invitationId));
      return { target: target("Invitation", invitationId), by: by(ctx) };
    },
  },
  {
    action: "INVITATION_REVOKED", via: "members page",
    run: async (measure) => {
      const { invitationId } = await inviteMember(owner, { email: uniqueEmail("every-revoke"), role: "TECHNICIAN" });
      const ctx = fresh(owner);
      await measure(() => revokeInvitation(ctx, invitationId));
      return { target: target("Invitation", invitationId), by: by(ctx) };
    },
  },
  {
    action: "INVITATION_ACCEPTED", via: "invitation link, new account",
    run: async (measure) => {
      const email = uniqueEmail("every-accept");
      await inviteMember(owner, { email, role: "TECHNICIAN" });
      const invitation = await invitationFor(email);
      const link = linkIn((await lastMailTo(email))?.text);
      const from = origin();
      const { userId } = await measure(() => acceptInvitation(
        link.searchParams.get("org")!, link.searchParams.get("token")!, { newAccount: { name: "Accepting Member", password: PASSWORD, confirm: PASSWORD } }, from,
      ));
      return { target: target("Invitation", invitation.id), by: byUser(userId, from) };
    },
  },
  {
    action: "MEMBER_ROLE_CHANGED", via: "members page",
    run: async (measure) => {
      const member = await newMember(owner, "TECHNICIAN", "every-role");
      const membership = await membershipOf(owner, member.userId);
      const ctx = fresh(owner);
      await measure(() => changeMemberRole(ctx, membership.id, "SERVICE_ADVISOR"));
      return { target: target("Membership", membership.id), by: by(ctx) };
    },
  },
  {
    action: "MEMBER_REMOVED", via: "members page",
    run: async (measure) => {
      const member = await newMember(owner, "TECHNICIAN", "every-remove");
      const membership = await membershipOf(owner, member.userId);
      const ctx = fresh(owner);
      await measure(() => removeMember(ctx, membership.id));
      return { target: target("Membership", membership.id), by: by(ctx) };
    },
  },
  {
    // In the small workshop: the owner it makes would change every later row's workshop.
    action: "OWNERSHIP_TRANSFERRED", via: "members page",
    run: async (measure) => {
      const member = await newMember(small, "ADMIN", "every-heir");
      const membership = await membershipOf(small, member.userId);
      const ctx = fresh(small);
      await measure(() => transferOwnership(ctx, membership.id));
      return { target: target("Membership", membership.id), by: by(ctx), orgId: small.orgId };
    },
  },

  // Workshop settings
  {
    action: "SETTINGS_UPDATED", via: "workshop details",
    run: async (measure) => {
      const ctx = fresh(owner);
      await measure(() => updateWorkshopDetails(ctx, { city: "Leeds", pricesIncludeTax: "yes", defaultTaxRate: "20", labourRate: "90.00" }));
      return { target: target("Organization", owner.orgId), by: by(ctx) };
    },
  },
  {
    action: "SETTINGS_UPDATED", via: "two-factor requirement",
    run: async (measure) => {
      const ctx = fresh(owner);
      await measure(() => updateWorkshopSecurity(ctx, true));
      await updateWorkshopSecurity(owner, false);
      return { target: target("Organization", owner.orgId), by: by(ctx) };
    },
  },
  {
    action: "SETTINGS_UPDATED", via: "online booking switch",
    run: async (measure) => {
      const ctx = fresh(owner);
      await measure(() => setOnlineBooking(ctx, true));
      return { target: target("Organization", owner.orgId), by: by(ctx) };
    },
  },
  {
    action: "location.create", via: "settings",
    run: async (measure) => {
      const ctx = fresh(owner);
      const location = await measure(() => createLocation(ctx, { name: `Every site ${next()}`, timezone: "Europe/London" }));
      return { target: target("Location", location.id), by: by(ctx) };
    },
  },
  {
    action: "location.update", via: "opening hours",
    run: async (measure) => {
      const ctx = fresh(owner);
      const days = { weekday1: "on", weekday2: "on", weekday3: "on", weekday4: "on", weekday5: "on" };
      await measure(() => updateOpeningHours(ctx, { locationId, opensAt: "08:00", closesAt: "18:00", bookingSlotMinutes: 60, ...days }));
      return { target: target("Location", locationId), by: by(ctx) };
    },
  },
  {
    action: "bay.create", via: "settings",
    run: async (measure) => {
      const ctx = fresh(owner);
      const bay = await measure(() => createBay(ctx, { locationId, name: `Ramp ${next() + 1}` }));
      return { target: target("Bay", bay.id), by: by(ctx) };
    },
  },
  {
    action: "bay.rename", via: "settings",
    run: async (measure) => {
      const bay = await createBay(owner, { locationId, name: `Ramp ${next() + 1}` });
      const ctx = fresh(owner);
      await measure(() => renameBay(ctx, bay.id, { name: `Renamed ramp ${next()}` }));
      return { target: target("Bay", bay.id), by: by(ctx) };
    },
  },
  {
    action: "bay.deactivate", via: "settings",
    run: async (measure) => {
      const bay = await createBay(owner, { locationId, name: `Ramp ${next() + 1}` });
      const ctx = fresh(owner);
      await measure(() => deactivateBay(ctx, bay.id));
      return { target: target("Bay", bay.id), by: by(ctx) };
    },
  },

  // Refusals
  {
    action: "PERMISSION_DENIED", via: "a viewer creating a customer",
    run: async (measure) => {
      const ctx = fresh(viewer);
      await measure(() => expect(createCustomer(ctx, { displayName: "Not Allowed" })).rejects.toMatchObject({ code: "FORBIDDEN" }));
      return { target: null, by: by(ctx) };
    },
  },
  {
    action: "PERMISSION_DENIED", via: "a read-only API key writing",
    run: async (measure) => {
      const { key } = await createApiKey(owner, { name: `Every read key ${next()}`, scope: "READ" });
      const answer = await measure(() => callApi("POST", "/customers", { key, body: { displayName: "Not Allowed" }, ip: "198.51.100.20" }));
      expect(answer.status).toBe(403);
      return { target: null, by: { userId: owner.userId, ip: "198.51.100.20", userAgent: "jest-api", requestId: expect.any(String) } };
    },
  },
  {
    action: "QUOTA_EXCEEDED", via: "a second site on the free plan",
    run: async (measure) => {
      const ctx = fresh(small);
      await measure(() => expect(createLocation(ctx, { name: "Second site", timezone: "Europe/London" })).rejects.toMatchObject({ code: "QUOTA_EXCEEDED" }));
      return { target: null, by: by(ctx), orgId: small.orgId };
    },
  },
  {
    action: "RATE_LIMIT_EXCEEDED", via: "a member's photo reads",
    run: async (measure) => {
      const ctx = fresh((await newMember(owner, "TECHNICIAN", "every-reader")).ctx);
      for (let i = 0; i < PER_USER_READS.points; i += 1) await limitMemberReads(ctx);
      await measure(() => expect(limitMemberReads(ctx)).rejects.toMatchObject({ code: "RATE_LIMITED" }));
      return { target: null, by: by(ctx) };
    },
  },

  // API keys and the audit log itself
  {
    action: "apiKey.create", via: "settings",
    run: async (measure) => {
      const ctx = fresh(owner);
      const created = await measure(() => createApiKey(ctx, { name: `Every key ${next()}`, scope: "READ_WRITE" }));
      return { target: target("ApiKey", created.apiKey.id), by: by(ctx) };
    },
  },
  {
    action: "apiKey.revoke", via: "settings",
    run: async (measure) => {
      const created = await createApiKey(owner, { name: `Every key ${next()}`, scope: "READ" });
      const ctx = fresh(owner);
      await measure(() => revokeApiKey(ctx, created.apiKey.id));
      return { target: target("ApiKey", created.apiKey.id), by: by(ctx) };
    },
  },
  {
    action: "auditLog.export", via: "audit log page",
    run: async (measure) => {
      const ctx = fresh(owner);
      await measure(() => exportAuditLog(ctx, {}, "csv"));
      return { target: null, by: by(ctx) };
    },
  },
  {
    action: "auditLog.verify", via: "audit log page",
    run: async (measure) => {
      const ctx = fresh(owner);
      await measure(() => verifyWorkshopChain(ctx));
      return { target: null, by: by(ctx) };
    },
  },

  // Customers and vehicles
  {
    action: "customer.create", via: "customer form",
    run: async (measure) => {
      const ctx = fresh(owner);
      const customer = await measure(() => createCustomer(ctx, { displayName: "Every New Customer" }));
      return { target: target("Customer", customer.id), by: by(ctx) };
    },
  },
  {
    action: "customer.update", via: "customer form",
    run: async (measure) => {
      const customer = await newCustomer();
      const ctx = fresh(owner);
      await measure(() => updateCustomer(ctx, customer.id, ZCustomer.parse({ displayName: customer.displayName, phone: "+44 7700 900111" })));
      return { target: target("Customer", customer.id), by: by(ctx) };
    },
  },
  {
    action: "customerContact.create", via: "customer page",
    run: async (measure) => {
      const customer = await newCustomer();
      const ctx = fresh(owner);
      const contact = await measure(() => addCustomerContact(ctx, { customerId: customer.id, name: "Fleet Manager", phone: "+44 7700 900222" }));
      return { target: target("CustomerContact", contact.id), by: by(ctx) };
    },
  },
  {
    action: "customerContact.delete", via: "customer page",
    run: async (measure) => {
      const customer = await newCustomer();
      const contact = await addCustomerContact(owner, { customerId: customer.id, name: "Accounts", phone: "+44 7700 900333" });
      const ctx = fresh(owner);
      await measure(() => removeCustomerContact(ctx, contact.id));
      return { target: target("CustomerContact", contact.id), by: by(ctx) };
    },
  },
  {
    action: "customer.merge", via: "customer page",
    run: async (measure) => {
      const keep = await newCustomer();
      const duplicate = await newCustomer();
      const ctx = fresh(owner);
      await measure(() => mergeCustomers(ctx, { keepId: keep.id, mergeId: duplicate.id }));
      return { target: target("Customer", keep.id), by: by(ctx) };
    },
  },
  {
    action: "vehicle.create", via: "customer page",
    run: async (measure) => {
      const customer = await newCustomer();
      const ctx = fresh(owner);
      const car = await measure(() => addVehicle(ctx, customer.id, ZVehicle.parse({ vin: withCheckDigit("1HGCM82633A777001"), registration: "EV01 NEW" })));
      return { target: target("Vehicle", car.id), by: by(ctx) };
    },
  },
  {
    action: "vehicle.update", via: "vehicle form",
    run: async (measure) => {
      const car = await newCar((await newCustomer()).id);
      const ctx = fresh(owner);
      await measure(() => updateVehicle(ctx, car.id, ZVehicle.parse({ registration: car.registration!, odometer: "12000" })));
      return { target: target("Vehicle", car.id), by: by(ctx) };
    },
  },
  {
    action: "vehicle.merge", via: "customer page",
    run: async (measure) => {
      const customer = await newCustomer();
      const keep = await newCar(customer.id);
      const duplicate = await newCar(customer.id);
      const ctx = fresh(owner);
      await measure(() => mergeVehicles(ctx, { keepId: keep.id, mergeId: duplicate.id }));
      return { target: target("Vehicle", keep.id), by: by(ctx) };
    },
  },

  // Repair orders and their work
  {
    action: "repairOrder.create", via: "new repair order",
    run: async (measure) => {
      const customer = await newCustomer();
      const car = await newCar(customer.id);
      const ctx = fresh(owner);
      const order = await measure(() => createRepairOrder(ctx, { customerId: customer.id, vehicleId: car.id }));
      return { target: target("RepairOrder", order.id), by: by(ctx) };
    },
  },
  {
    action: "repairOrder.update", via: "repair order page",
    run: async (measure) => {
      const { order } = await orderWithJobs(owner, [], "ESTIMATE");
      const ctx = fresh(owner);
      await measure(() => updateRepairOrder(ctx, order.id, { concerns: "Knocking from the front left" }));
      return { target: target("RepairOrder", order.id), by: by(ctx) };
    },
  },
  {
    action: "repairOrder.status", via: "job board",
    run: async (measure) => {
      const { order } = await orderWithJobs(owner, [{ title: "Brakes", lines: [LABOUR] }], "APPROVED");
      const ctx = fresh(owner);
      await measure(() => moveRepairOrder(ctx, order.id, "IN_PROGRESS"));
      return { target: target("RepairOrder", order.id), by: by(ctx) };
    },
  },
  {
    action: "repairOrder.assign", via: "repair order page",
    run: async (measure) => {
      const { order } = await orderWithJobs(owner, [], "ESTIMATE");
      const ctx = fresh(owner);
      await measure(() => assignTechnician(ctx, order.id, technician.userId));
      return { target: target("RepairOrder", order.id), by: by(ctx) };
    },
  },
  {
    action: "job.create", via: "repair order page",
    run: async (measure) => {
      const { order } = await orderWithJobs(owner, [], "ESTIMATE");
      const ctx = fresh(owner);
      const job = await measure(() => addJob(ctx, { repairOrderId: order.id, title: "Replace wipers" }));
      return { target: target("Job", job.id), by: by(ctx) };
    },
  },
  {
    action: "job.create", via: "canned job",
    run: async (measure) => {
      const { order } = await orderWithJobs(owner, [], "ESTIMATE");
      const canned = await createCannedJob(owner, { title: `Every canned ${next()}`, lines: [{ kind: "LABOUR", description: "Oil change", quantityMilli: 1000 }] });
      const ctx = fresh(owner);
      const job = await measure(() => addCannedJob(ctx, order.id, canned.id));
      return { target: target("Job", job.id), by: by(ctx) };
    },
  },
  {
    action: "job.create", via: "an amber inspection item",
    run: async (measure) => {
      const { items } = await openInspection(["Tyres"]);
      await rateItem(owner, { itemId: items[0]!.id, rating: "AMBER" });
      const ctx = fresh(owner);
      const { jobId } = await measure(() => proposeJobForItem(ctx, items[0]!.id));
      return { target: target("Job", jobId), by: by(ctx) };
    },
  },
  {
    action: "jobLine.create", via: "repair order page",
    run: async (measure) => {
      const { jobs } = await orderWithJobs(owner, [{ title: "Brakes", lines: [] }], "ESTIMATE");
      const ctx = fresh(owner);
      const line = await measure(() => addLine(ctx, ZAddLine.parse({ ...LABOUR, jobId: jobs[0]!.id })));
      return { target: target("JobLine", line.id), by: by(ctx) };
    },
  },
  {
    action: "cannedJob.create", via: "canned jobs page",
    run: async (measure) => {
      const ctx = fresh(owner);
      const canned = await measure(() => createCannedJob(ctx, { title: `Every canned ${next()}`, lines: [{ kind: "LABOUR", description: "MOT", quantityMilli: 1000 }] }));
      return { target: target("CannedJob", canned.id), by: by(ctx) };
    },
  },

  // Approvals, invoices, payments
  {
    action: "approval.send", via: "estimate email", alongside: ["repairOrder.status"],
    run: async (measure) => {
      const { order } = await orderWithJobs(owner, [{ title: "Brakes", lines: [LABOUR] }], "ESTIMATE");
      const ctx = fresh(owner);
      const link = await measure(() => sendApprovalLink(ctx, { repairOrderId: order.id, email: uniqueEmail("every-estimate") }));
      return { target: target("ApprovalLink", link.id), by: by(ctx) };
    },
  },
  {
    action: "approval.decide", via: "the customer's link", alongside: ["repairOrder.status"],
    run: async (measure) => {
      const { order, jobs } = await orderWithJobs(owner, [{ title: "Brakes", lines: [LABOUR] }], "ESTIMATE");
      const email = uniqueEmail("every-approver");
      await sendApprovalLink(owner, { repairOrderId: order.id, email });
      const [, , slug, token] = linkIn((await lastMailTo(email))?.text).pathname.split("/");
      const from = origin();
      await measure(() => answerEstimate(slug!, token!, { approverName: "Pat Driver", [`decision.${jobs[0]!.id}`]: "APPROVED" }, from));
      // The customer's address and browser are personal data: sealed in the metadata, not in the clear columns.
      return { target: target("RepairOrder", order.id), by: byUser(null, { ...from, ip: null, userAgent: null }) };
    },
  },
  {
    action: "approval.decide", via: "recorded at the counter", alongside: ["repairOrder.status"],
    run: async (measure) => {
      const { order, jobs } = await orderWithJobs(owner, [{ title: "Brakes", lines: [LABOUR] }], "ESTIMATE");
      const ctx = fresh(owner);
      await measure(() => recordApproval(ctx, { repairOrderId: order.id, approverName: "Pat Driver", channel: "IN_PERSON" }, { [jobs[0]!.id]: "APPROVED" }));
      return { target: target("RepairOrder", order.id), by: by(ctx) };
    },
  },
  {
    action: "invoice.issue", via: "repair order page", alongside: ["repairOrder.status"],
    run: async (measure) => {
      const order = await readyOrder();
      const ctx = fresh(owner);
      const invoice = await measure(() => issueInvoice(ctx, order.id));
      return { target: target("Invoice", invoice.id), by: by(ctx) };
    },
  },
  {
    action: "payment.record", via: "invoice page",
    run: async (measure) => {
      const invoice = await issueInvoice(owner, (await readyOrder()).id);
      const ctx = fresh(owner);
      const { payment } = await measure(() => recordPayment(ctx, { invoiceId: invoice.id, method: "CARD", amount: "1.00" }));
      return { target: target("Payment", payment.id), by: by(ctx) };
    },
  },
  {
    action: "invoice.credit", via: "invoice page", alongside: ["repairOrder.status"],
    run: async (measure) => {
      const invoice = await issueInvoice(owner, (await readyOrder()).id);
      const ctx = fresh(owner);
      const credit = await measure(() => issueCreditNote(ctx, { invoiceId: invoice.id, reason: "Wrong labour rate" }));
      return { target: target("Invoice", credit.id), by: by(ctx) };
    },
  },
  {
    action: "recommendation.add", via: "vehicle's recommendations",
    run: async (measure) => {
      const { order } = await orderWithJobs(owner, [{ title: "Brakes", lines: [LABOUR] }, { title: "Wipers", lines: [LABOUR], decision: "DEFERRED" }], "APPROVED");
      const recommendation = await withTenant(owner.orgId, (tx) => tx.recommendation.findFirstOrThrow({ where: { vehicleId: order.vehicleId } }));
      const later = await createRepairOrder(owner, { customerId: order.customerId, vehicleId: order.vehicleId });
      const ctx = fresh(owner);
      await measure(() => takeUpRecommendation(ctx, recommendation.id, later.id));
      return { target: target("Recommendation", recommendation.id), by: by(ctx) };
    },
  },
  {
    action: "recommendation.dismiss", via: "vehicle's recommendations",
    run: async (measure) => {
      const { order } = await orderWithJobs(owner, [{ title: "Brakes", lines: [LABOUR] }, { title: "Wipers", lines: [LABOUR], decision: "DECLINED" }], "APPROVED");
      const recommendation = await withTenant(owner.orgId, (tx) => tx.recommendation.findFirstOrThrow({ where: { vehicleId: order.vehicleId } }));
      const ctx = fresh(owner);
      await measure(() => dismissRecommendation(ctx, recommendation.id));
      return { target: target("Recommendation", recommendation.id), by: by(ctx) };
    },
  },

  // Inspections and photos
  {
    action: "inspectionTemplate.create", via: "checklists page",
    run: async (measure) => {
      const ctx = fresh(owner);
      const template = await measure(() => createTemplate(ctx, { name: `Every checklist ${next()}` }));
      return { target: target("InspectionTemplate", template.id), by: by(ctx) };
    },
  },
  {
    action: "inspectionTemplate.rename", via: "checklists page",
    run: async (measure) => {
      const template = await newTemplate();
      const ctx = fresh(owner);
      await measure(() => renameTemplate(ctx, { templateId: template.id, name: `Renamed checklist ${next()}` }));
      return { target: target("InspectionTemplate", template.id), by: by(ctx) };
    },
  },
  {
    action: "inspectionTemplate.addItem", via: "checklists page",
    run: async (measure) => {
      const template = await newTemplate();
      const ctx = fresh(owner);
      await measure(() => addTemplateItem(ctx, { templateId: template.id, label: "Horn" }));
      return { target: target("InspectionTemplate", template.id), by: by(ctx) };
    },
  },
  {
    action: "inspectionTemplate.moveItem", via: "checklists page",
    run: async (measure) => {
      const template = await newTemplate();
      await addTemplateItem(owner, { templateId: template.id, label: "Horn" });
      const second = await addTemplateItem(owner, { templateId: template.id, label: "Lights" });
      const ctx = fresh(owner);
      await measure(() => moveTemplateItem(ctx, { itemId: second.id, direction: "up" }));
      return { target: target("InspectionTemplate", template.id), by: by(ctx) };
    },
  },
  {
    action: "inspectionTemplate.removeItem", via: "checklists page",
    run: async (measure) => {
      const template = await newTemplate();
      const item = await addTemplateItem(owner, { templateId: template.id, label: "Horn" });
      const ctx = fresh(owner);
      await measure(() => removeTemplateItem(ctx, { itemId: item.id }));
      return { target: target("InspectionTemplate", template.id), by: by(ctx) };
    },
  },
  {
    action: "inspectionTemplate.deactivate", via: "checklists page",
    run: async (measure) => {
      const template = await newTemplate();
      const ctx = fresh(owner);
      await measure(() => setTemplateActive(ctx, { templateId: template.id, active: "false" }));
      return { target: target("InspectionTemplate", template.id), by: by(ctx) };
    },
  },
  {
    action: "inspectionTemplate.activate", via: "checklists page",
    run: async (measure) => {
      const template = await newTemplate();
      await setTemplateActive(owner, { templateId: template.id, active: "false" });
      const ctx = fresh(owner);
      await measure(() => setTemplateActive(ctx, { templateId: template.id, active: "true" }));
      return { target: target("InspectionTemplate", template.id), by: by(ctx) };
    },
  },
  {
    action: "inspection.start", via: "repair order page",
    run: async (measure) => {
      const customer = await newCustomer();
      const order = await createRepairOrder(owner, { customerId: customer.id, vehicleId: (await newCar(customer.id)).id });
      const template = await newTemplate(["Horn"]);
      const ctx = fresh(owner);
      const inspection = await measure(() => startInspection(ctx, { repairOrderId: order.id, templateId: template.id }));
      return { target: target("Inspection", inspection.id), by: by(ctx) };
    },
  },
  {
    action: "inspection.rate", via: "inspection page",
    run: async (measure) => {
      const { items } = await openInspection(["Horn"]);
      const ctx = fresh(owner);
      await measure(() => rateItem(ctx, { itemId: items[0]!.id, rating: "GREEN" }));
      return { target: target("InspectionItem", items[0]!.id), by: by(ctx) };
    },
  },
  {
    action: "inspection.complete", via: "inspection page",
    run: async (measure) => {
      const { inspection, items } = await openInspection(["Horn"]);
      await rateItem(owner, { itemId: items[0]!.id, rating: "GREEN" });
      const ctx = fresh(owner);
      await measure(() => completeInspection(ctx, inspection.id));
      return { target: target("Inspection", inspection.id), by: by(ctx) };
    },
  },
  {
    action: "attachment.create", via: "inspection photo",
    run: async (measure) => {
      const { items } = await openInspection(["Brake pads"]);
      const ctx = fresh(owner);
      const photo = await measure(() => addInspectionPhoto(ctx, { inspectionItemId: items[0]!.id, bytes: jpeg, originalName: "pads.jpg" }));
      return { target: target("Attachment", photo.id), by: by(ctx) };
    },
  },
  {
    action: "attachment.delete", via: "inspection photo",
    run: async (measure) => {
      const { items } = await openInspection(["Brake pads"]);
      const photo = await addInspectionPhoto(owner, { inspectionItemId: items[0]!.id, bytes: jpeg, originalName: "pads.jpg" });
      const ctx = fresh(owner);
      await measure(() => removeInspectionPhoto(ctx, photo.id));
      return { target: target("Attachment", photo.id), by: by(ctx) };
    },
  },

  // Technicians' time
  {
    action: "timeEntry.clockOn", via: "my work",
    run: async (measure) => {
      const { jobs } = await orderWithJobs(owner, [{ title: "Brakes", lines: [LABOUR] }], "IN_PROGRESS", technician.userId);
      const ctx = fresh(technician);
      const { entry } = await measure(() => clockOn(ctx, { jobId: jobs[0]!.id }));
      return { target: target("TimeEntry", entry.id), by: by(ctx) };
    },
  },
  {
    action: "timeEntry.clockOff", via: "my work",
    run: async (measure) => {
      const entry = await withTenant(owner.orgId, (tx) => tx.timeEntry.findFirstOrThrow({ where: { technicianUserId: technician.userId, endedAt: null } }));
      const ctx = fresh(technician);
      await measure(() => clockOff(ctx, { timeEntryId: entry.id }));
      return { target: target("TimeEntry", entry.id), by: by(ctx) };
    },
  },
  {
    action: "timeEntry.correct", via: "time entries page",
    run: async (measure) => {
      const entry = await withTenant(owner.orgId, (tx) => tx.timeEntry.findFirstOrThrow({ where: { technicianUserId: technician.userId }, orderBy: { startedAt: "desc" } }));
      const hour = 3_600_000;
      const startedAt = toLocalInput(new Date(Date.now() - 6 * hour), "Europe/London");
      const endedAt = toLocalInput(new Date(Date.now() - 5 * hour), "Europe/London");
      const ctx = fresh(owner);
      await measure(() => correctTimeEntry(ctx, { timeEntryId: entry.id, startedAt, endedAt, reason: "Forgot to clock on this morning" }));
      return { target: target("TimeEntry", entry.id), by: by(ctx) };
    },
  },

  // Parts and stock
  {
    action: "part.create", via: "parts page",
    run: async (measure) => {
      const ctx = fresh(owner);
      const part = await measure(() => createPart(ctx, { sku: `EVERY-NEW-${next()}`, description: "Oil filter", cost: "4.00", priceRule: "FIXED", price: "9.00" }));
      return { target: target("Part", part.id), by: by(ctx) };
    },
  },
  {
    action: "part.update", via: "parts page",
    run: async (measure) => {
      const part = await newPart();
      const ctx = fresh(owner);
      await measure(() => updatePart(ctx, part.id, { sku: part.sku, description: "Brake pads, front", cost: "10.00", priceRule: "FIXED", price: "16.00" }));
      return { target: target("Part", part.id), by: by(ctx) };
    },
  },
  {
    action: "stock.adjust", via: "stock take",
    run: async (measure) => {
      const part = await newPart();
      const ctx = fresh(owner);
      await measure(() => adjustStock(ctx, { partId: part.id, locationId, change: "5", note: "stock take: 5 on the shelf" }));
      return { target: target("Part", part.id), by: by(ctx) };
    },
  },
  {
    action: "jobLine.partStatus", via: "parts on a repair order",
    run: async (measure) => {
      const { line } = await orderWithPartLine(owner, (await newPart()).id);
      const ctx = fresh(owner);
      await measure(() => setPartStatus(ctx, { jobLineId: line.id, partStatus: "ORDERED" }));
      return { target: target("JobLine", line.id), by: by(ctx) };
    },
  },

  // Suppliers and purchase orders
  {
    action: "supplier.create", via: "suppliers page",
    run: async (measure) => {
      const ctx = fresh(owner);
      const supplier = await measure(() => createSupplier(ctx, { name: `Every supplier ${next()}` }));
      return { target: target("Supplier", supplier.id), by: by(ctx) };
    },
  },
  {
    action: "supplier.update", via: "suppliers page",
    run: async (measure) => {
      const supplier = await createSupplier(owner, { name: `Every supplier ${next()}` });
      const ctx = fresh(owner);
      await measure(() => updateSupplier(ctx, supplier.id, { name: supplier.name, phone: "0113 496 0001" }));
      return { target: target("Supplier", supplier.id), by: by(ctx) };
    },
  },
  {
    action: "purchaseOrder.create", via: "purchase orders page",
    run: async (measure) => {
      const supplier = await createSupplier(owner, { name: `Every supplier ${next()}` });
      const ctx = fresh(owner);
      const order = await measure(() => createPurchaseOrder(ctx, { supplierId: supplier.id, locationId }));
      return { target: target("PurchaseOrder", order.id), by: by(ctx) };
    },
  },
  {
    action: "purchaseOrderLine.create", via: "purchase order page",
    run: async (measure) => {
      const order = await createPurchaseOrder(owner, { supplierId: (await createSupplier(owner, { name: `Every supplier ${next()}` })).id, locationId });
      const part = await newPart();
      const ctx = fresh(owner);
      const line = await measure(() => addPurchaseOrderLine(ctx, { purchaseOrderId: order.id, partId: part.id, quantity: "2" }));
      return { target: target("PurchaseOrderLine", line.id), by: by(ctx) };
    },
  },
  {
    action: "purchaseOrderLine.create", via: "low stock list", alongside: ["purchaseOrder.create"],
    run: async (measure) => {
      const supplier = await createSupplier(owner, { name: `Every supplier ${next()}` });
      const part = await newPart({ reorderLevel: "4", defaultSupplierId: supplier.id });
      const ctx = fresh(owner);
      const { line } = await measure(() => addLowStockToDraft(ctx, { partId: part.id, locationId }));
      return { target: target("PurchaseOrderLine", line.id), by: by(ctx) };
    },
  },
  {
    action: "purchaseOrderLine.update", via: "purchase order page",
    run: async (measure) => {
      const order = await createPurchaseOrder(owner, { supplierId: (await createSupplier(owner, { name: `Every supplier ${next()}` })).id, locationId });
      const line = await addPurchaseOrderLine(owner, { purchaseOrderId: order.id, partId: (await newPart()).id, quantity: "2" });
      const ctx = fresh(owner);
      await measure(() => updatePurchaseOrderLine(ctx, { lineId: line.id, quantity: "3", unitCost: "9.50" }));
      return { target: target("PurchaseOrderLine", line.id), by: by(ctx) };
    },
  },
  {
    action: "purchaseOrderLine.delete", via: "purchase order page",
    run: async (measure) => {
      const order = await createPurchaseOrder(owner, { supplierId: (await createSupplier(owner, { name: `Every supplier ${next()}` })).id, locationId });
      const line = await addPurchaseOrderLine(owner, { purchaseOrderId: order.id, partId: (await newPart()).id, quantity: "2" });
      const ctx = fresh(owner);
      await measure(() => removePurchaseOrderLine(ctx, line.id));
      return { target: target("PurchaseOrderLine", line.id), by: by(ctx) };
    },
  },
  {
    action: "purchaseOrder.status", via: "marked ordered",
    run: async (measure) => {
      const order = await createPurchaseOrder(owner, { supplierId: (await createSupplier(owner, { name: `Every supplier ${next()}` })).id, locationId });
      await addPurchaseOrderLine(owner, { purchaseOrderId: order.id, partId: (await newPart()).id, quantity: "2" });
      const ctx = fresh(owner);
      await measure(() => markPurchaseOrderOrdered(ctx, order.id));
      return { target: target("PurchaseOrder", order.id), by: by(ctx) };
    },
  },
  {
    action: "purchaseOrder.status", via: "cancelled",
    run: async (measure) => {
      const order = await createPurchaseOrder(owner, { supplierId: (await createSupplier(owner, { name: `Every supplier ${next()}` })).id, locationId });
      const ctx = fresh(owner);
      await measure(() => cancelPurchaseOrder(ctx, order.id));
      return { target: target("PurchaseOrder", order.id), by: by(ctx) };
    },
  },
  {
    action: "purchaseOrder.receive", via: "delivery",
    run: async (measure) => {
      const order = await createPurchaseOrder(owner, { supplierId: (await createSupplier(owner, { name: `Every supplier ${next()}` })).id, locationId });
      await addPurchaseOrderLine(owner, { purchaseOrderId: order.id, partId: (await newPart()).id, quantity: "2" });
      await markPurchaseOrderOrdered(owner, order.id);
      const ctx = fresh(owner);
      await measure(() => receiveEverything(ctx, order.id));
      return { target: target("PurchaseOrder", order.id), by: by(ctx) };
    },
  },

  // Appointments and their emails
  {
    action: "appointment.create", via: "calendar",
    run: async (measure) => {
      const customer = await newCustomer();
      const ctx = fresh(owner);
      const appointment = await measure(() => createAppointment(
        ctx, { locationId, customerId: customer.id, startsAt: "2027-05-03T09:00", endsAt: "2027-05-03T10:00" }, { source: "STAFF" },
      ));
      return { target: target("Appointment", appointment.id), by: by(ctx) };
    },
  },
  {
    action: "appointment.update", via: "appointment page",
    run: async (measure) => {
      const { appointment } = await booking("REQUESTED");
      const ctx = fresh(owner);
      await measure(() => updateAppointment(ctx, appointment.id, { concerns: "Also check the wipers" }));
      return { target: target("Appointment", appointment.id), by: by(ctx) };
    },
  },
  {
    action: "appointment.status", via: "cancelled",
    run: async (measure) => {
      const { appointment } = await booking("REQUESTED");
      const ctx = fresh(owner);
      await measure(() => changeAppointmentStatus(ctx, appointment.id, "CANCELLED"));
      return { target: target("Appointment", appointment.id), by: by(ctx) };
    },
  },
  {
    action: "appointment.confirmation_sending", via: "confirmed by the desk", alongside: ["appointment.status", "appointment.confirmation_sent"],
    run: async (measure) => {
      const { appointment } = await booking("REQUESTED");
      const ctx = fresh(owner);
      await measure(() => changeAppointmentStatus(ctx, appointment.id, "CONFIRMED"));
      return { target: target("Appointment", appointment.id), by: by(ctx) };
    },
  },
  {
    action: "appointment.confirmation_sent", via: "confirmed by the desk", alongside: ["appointment.status", "appointment.confirmation_sending"],
    run: async (measure) => {
      const { appointment } = await booking("REQUESTED");
      const ctx = fresh(owner);
      await measure(() => changeAppointmentStatus(ctx, appointment.id, "CONFIRMED"));
      return { target: target("Appointment", appointment.id), by: by(ctx) };
    },
  },
  {
    action: "appointment.confirmation_failed", via: "mail server down", alongside: ["appointment.status", "appointment.confirmation_sending"],
    run: async (measure) => {
      const { appointment } = await booking("REQUESTED");
      const ctx = fresh(owner);
      await measure(() => withMailServerDown(() => changeAppointmentStatus(ctx, appointment.id, "CONFIRMED")));
      // Out of the reminder rows' way: the job would otherwise retry this confirmation.
      await changeAppointmentStatus(owner, appointment.id, "CANCELLED");
      return { target: target("Appointment", appointment.id), by: by(ctx) };
    },
  },
  {
    action: "appointment.cancellation_sending", via: "a confirmed booking cancelled by the desk",
    alongside: ["appointment.status", "appointment.cancellation_sent"],
    run: async (measure) => {
      const { appointment } = await booking("CONFIRMED");
      const ctx = fresh(owner);
      await measure(() => changeAppointmentStatus(ctx, appointment.id, "CANCELLED"));
      return { target: target("Appointment", appointment.id), by: by(ctx) };
    },
  },
  {
    action: "appointment.cancellation_sent", via: "a confirmed booking cancelled by the desk",
    alongside: ["appointment.status", "appointment.cancellation_sending"],
    run: async (measure) => {
      const { appointment } = await booking("CONFIRMED");
      const ctx = fresh(owner);
      await measure(() => changeAppointmentStatus(ctx, appointment.id, "CANCELLED"));
      return { target: target("Appointment", appointment.id), by: by(ctx) };
    },
  },
  {
    action: "appointment.cancellation_failed", via: "mail server down", alongside: ["appointment.status", "appointment.cancellation_sending"],
    run: async (measure) => {
      const { appointment } = await booking("CONFIRMED");
      const ctx = fresh(owner);
      await measure(() => withMailServerDown(() => changeAppointmentStatus(ctx, appointment.id, "CANCELLED")));
      return { target: target("Appointment", appointment.id), by: by(ctx) };
    },
  },
  {
    action: "appointment.reminder_sending", via: "the reminder job", alongside: ["appointment.reminder_sent"],
    run: async (measure) => {
      const { appointment } = await booking("CONFIRMED");
      const dayBefore = new Date(appointment.startsAt.getTime() - 20 * 3_600_000);
      await measure(() => sendAppointmentEmails({ now: dayBefore }));
      return { target: target("Appointment", appointment.id), by: bySystem("job:appointment-emails") };
    },
  },
  {
    action: "appointment.reminder_sent", via: "the reminder job", alongside: ["appointment.reminder_sending"],
    run: async (measure) => {
      const { appointment } = await booking("CONFIRMED");
      const dayBefore = new Date(appointment.startsAt.getTime() - 20 * 3_600_000);
      await measure(() => sendAppointmentEmails({ now: dayBefore }));
      return { target: target("Appointment", appointment.id), by: bySystem("job:appointment-emails") };
    },
  },
  {
    action: "appointment.reminder_failed", via: "the reminder job, mail server down", alongside: ["appointment.reminder_sending"],
    run: async (measure) => {
      const { appointment } = await booking("CONFIRMED");
      const dayBefore = new Date(appointment.startsAt.getTime() - 20 * 3_600_000);
      await measure(() => withMailServerDown(() => sendAppointmentEmails({ now: dayBefore })));
      await changeAppointmentStatus(owner, appointment.id, "CANCELLED");
      return { target: target("Appointment", appointment.id), by: bySystem("job:appointment-emails") };
    },
  },
  {
    action: "appointment.convert", via: "arrived customer", alongside: ["repairOrder.create"],
    run: async (measure) => {
      const customer = await newCustomer();
      const car = await newCar(customer.id);
      const { appointment } = await booking("CONFIRMED", { customerId: customer.id, vehicleId: car.id });
      await changeAppointmentStatus(owner, appointment.id, "ARRIVED", { now: appointment.startsAt });
      const ctx = fresh(owner);
      await measure(() => convertAppointment(ctx, appointment.id));
      return { target: target("Appointment", appointment.id), by: by(ctx) };
    },
  },
  {
    action: "appointment.create", via: "online booking page", alongside: ["customer.create", "vehicle.create"],
    run: async (measure) => {
      const now = new Date("2027-03-01T07:00:00Z");
      const from = origin();
      const fields = {
        formToken: issueBookingFormToken(owner.orgId, new Date(now.getTime() - 60_000)), locationId, startsAt: "2027-03-01T10:00:00.000Z",
        name: "Jane Online", email: uniqueEmail("every-online"), phone: "07700 900123", registration: "on12 lne", concerns: "Squeal", website: "",
      };
      const { appointmentId } = await measure(() => requestOnlineBooking(owner.orgSlug, fields, from, { now }));
      // The booker's address and browser are sealed in the metadata, not in the clear columns.
      return { target: target("Appointment", appointmentId), by: byUser(null, { ...from, ip: null, userAgent: null }) };
    },
  },

  // Service reminders (one month far from the real clock, so nothing else falls due in it)
  {
    action: "reminder.send", via: "vehicle page",
    run: async (measure) => {
      const customer = await newCustomer({ reminderConsent: "on" });
      const car = await newCar(customer.id, { nextServiceDue: "2030-03-20" });
      const ctx = fresh(owner);
      await measure(() => sendVehicleReminder(ctx, car.id, { now: new Date("2030-03-10T09:00:00Z") }));
      return { target: target("Vehicle", car.id), by: by(ctx) };
    },
  },
  {
    action: "reminder.skip", via: "the daily job, no consent",
    run: async (measure) => {
      const customer = await newCustomer();
      const car = await newCar(customer.id, { nextServiceDue: "2030-03-21" });
      await measure(() => sendDueReminders({ now: new Date("2030-03-10T09:00:00Z") }));
      return { target: target("Vehicle", car.id), by: bySystem("job:service-reminders") };
    },
  },
  {
    action: "reminder.sendFailed", via: "vehicle page, mail server down", alongside: ["reminder.send"],
    run: async (measure) => {
      const customer = await newCustomer({ reminderConsent: "on" });
      const car = await newCar(customer.id, { nextServiceDue: "2030-03-22" });
      const ctx = fresh(owner);
      await measure(() => withMailServerDown(() =>
        expect(sendVehicleReminder(ctx, car.id, { now: new Date("2030-03-10T09:00:00Z") })).rejects.toMatchObject({ code: "SERVICE_UNAVAILABLE" })));
      return { target: target("Vehicle", car.id), by: by(ctx) };
    },
  },

  // GDPR: exports (the job is run in-process instead of by a worker) and erasures.
  {
    action: "gdpr.export.requested", via: "data & privacy page",
    run: async (measure) => {
      const customer = await newCustomer();
      const ctx = fresh(owner);
      const request = await measure(() => requestExport(ctx, { scope: "CUSTOMER", customerId: customer.id }));
      exported.requestId = request.id;
      return { target: target("PrivacyRequest", request.id), by: by(ctx) };
    },
  },
  {
    action: "gdpr.export.ready", via: "the privacy-export job",
    run: async (measure) => {
      await measure(() => runPrivacyExport({ orgId: owner.orgId, requestId: exported.requestId }));
      return { target: target("PrivacyRequest", exported.requestId), by: bySystem(null) };
    },
  },
  {
    action: "gdpr.export.downloaded", via: "signed download link",
    run: async (measure) => {
      const url = new URL(downloadPath(owner.orgSlug, owner.orgId, exported.requestId), "http://awms.test");
      const link = { expires: url.searchParams.get("expires"), sig: url.searchParams.get("sig") };
      const ctx = fresh(owner);
      const download = await measure(() => openExportDownload(ctx, exported.requestId, { link }));
      await download.stream.cancel();
      return { target: target("PrivacyRequest", exported.requestId), by: by(ctx) };
    },
  },
  {
    action: "gdpr.export.expired", via: "the daily clean-up",
    run: async (measure) => {
      await measure(() => removeExpiredExports(new Date(Date.now() + 8 * 86_400_000)));
      return { target: target("PrivacyRequest", exported.requestId), by: bySystem(null) };
    },
  },
  {
    action: "gdpr.export.failed", via: "the privacy-export job, file store down",
    run: async (measure) => {
      const request = await requestExport(owner, { scope: "ORGANIZATION" });
      await measure(() => withExportStoreDown(() => runPrivacyExport({ orgId: owner.orgId, requestId: request.id })));
      return { target: target("PrivacyRequest", request.id), by: bySystem(null) };
    },
  },
  {
    action: "gdpr.erasure.requested", via: "customer page",
    run: async (measure) => {
      const customer = await newCustomer();
      const ctx = fresh(owner);
      const request = await measure(() => requestErasure(ctx, customer.id, "Asked by phone"));
      return { target: target("PrivacyRequest", request.id), by: by(ctx) };
    },
  },
  {
    action: "gdpr.erasure.cancelled", via: "data & privacy page",
    run: async (measure) => {
      const request = await requestErasure(owner, (await newCustomer()).id);
      const ctx = fresh(owner);
      await measure(() => cancelErasure(ctx, request.id));
      return { target: target("PrivacyRequest", request.id), by: by(ctx) };
    },
  },
  {
    action: "gdpr.erasure.completed", via: "the privacy-erasures job",
    run: async (measure) => {
      // Filed 31 days ago: its grace period is over, and it is the only erasure due.
      const request = await requestErasure(owner, (await newCustomer()).id, undefined, new Date(Date.now() - 31 * 86_400_000));
      await measure(() => runDueErasures());
      return { target: target("PrivacyRequest", request.id), by: bySystem("job:privacy-erasures") };
    },
  },
  {
    action: "organization.closure.requested", via: "workshop settings",
    run: async (measure) => {
      const closing = await signUpAs("every-closing-1", "FREE");
      const ctx = fresh(closing);
      const request = await measure(() => requestClosure(ctx));
      return { target: target("PrivacyRequest", request.id), by: by(ctx), orgId: closing.orgId };
    },
  },
  {
    action: "organization.closure.cancelled", via: "workshop settings",
    run: async (measure) => {
      const closing = await signUpAs("every-closing-2", "FREE");
      const request = await requestClosure(closing);
      const ctx = fresh(closing);
      await measure(() => cancelErasure(ctx, request.id));
      return { target: target("PrivacyRequest", request.id), by: by(ctx), orgId: closing.orgId };
    },
  },
  {
    action: "organization.closure.completed", via: "the privacy-erasures job",
    run: async (measure) => {
      const closing = await signUpAs("every-closing-3", "FREE");
      const request = await requestClosure(closing, new Date(Date.now() - 31 * 86_400_000));
      await measure(() => runDueErasures());
      return { target: target("PrivacyRequest", request.id), by: bySystem("job:privacy-erasures"), orgId: closing.orgId };
    },
  },

  // Billing: last, as the webhook changes the workshop's subscription.
  {
    action: "BILLING_CUSTOMER_LINKED", via: "first checkout", alongside: ["BILLING_CHECKOUT_STARTED"],
    run: async (measure) => {
      const ctx = fresh(owner);
      await measure(() => startPlanChange(ctx, "ENTERPRISE"));
      return { target: target("Organization", owner.orgId), by: by(ctx) };
    },
  },
  {
    action: "BILLING_CHECKOUT_STARTED", via: "checkout again",
    run: async (measure) => {
      const ctx = fresh(owner);
      await measure(() => startPlanChange(ctx, "ENTERPRISE"));
      return { target: target("Organization", owner.orgId), by: by(ctx) };
    },
  },
  {
    action: "BILLING_SUBSCRIPTION_SYNCED", via: "Stripe webhook",
    run: async (measure) => {
      const { stripeCustomerId } = await db().organization.findUniqueOrThrow({ where: { id: owner.orgId } });
      const subscription = fake.createSubscription(stripeCustomerId!, FAKE_PRICES.PROFESSIONAL);
      const event = fake.signedEvent("customer.subscription.created", subscription);
      const answer = await measure(() => postWebhook(event.payload, event.signature));
      expect(answer).toMatchObject({ status: 200, body: { outcome: "applied" } });
      return { target: target("Organization", owner.orgId), by: bySystem(event.id) };
    },
  },
];

// ---------------------------------------------------------------------------
// The tests

describe("every domain action writes exactly one audit entry with the right fields", () => {
  test.each(rows.map((row) => [`${row.action} (${row.via})`, row] as const))("%s", async (_name, row) => {
    let written: Entry[] | null = null;
    const measure: Measure = async (work) => {
      if (written) throw new Error("a row measures one operation");
      const before = await heads();
      const result = await work();
      written = await entriesSince(before);
      return result;
    };
    const outcome = await row.run(measure);
    const entries: Entry[] = written ?? [];
    const orgId = outcome.orgId ?? owner.orgId;

    expect(entries.map((entry) => entry.action).sort()).toEqual([row.action, ...(row.alongside ?? [])].sort());
    expect(entries.filter((entry) => entry.organizationId !== orgId)).toEqual([]);
    const mine = entries.filter((entry) => entry.action === row.action);
    expect(mine).toHaveLength(1);
    expect(mine[0]).toEqual({
      organizationId: orgId,
      seq: expect.any(Number),
      action: row.action,
      actorUserId: outcome.by.userId,
      targetType: outcome.target?.type ?? null,
      targetId: outcome.target?.id ?? null,
      ip: outcome.by.ip,
      userAgent: outcome.by.userAgent,
      requestId: outcome.by.requestId,
    });
  });
});

test("the table has a row for every audit action in lib/, actions/ and app/ (a new action cannot be added without one)", () => {
  const inCode = [...new Set(scanAuditActions().map((site) => site.action))].sort();
  const covered = new Set([...rows.map((row) => row.action), ...Object.keys(NOT_TRIGGERED)]);
  expect(inCode.filter((action) => !covered.has(action))).toEqual([]);
  // And no row for an action the code no longer writes.
  expect([...covered].filter((action) => !inCode.includes(action))).toEqual([]);
});
