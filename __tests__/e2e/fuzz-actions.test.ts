// Every Server Action of the production build, called over HTTP as the browser calls it, with
// hostile form fields: its own field names holding huge, broken, markup, SQL and wrong-typed text,
// real ids of the workshop now and then (so the rest reaches the database), prototype names as
// extra fields; and for the free-text forms, a valid form with one or two fields made hostile.
// Properties: never a 5xx or an RSC error row; a refusal says why (field errors or a message) or
// answers 401/403/404; a refusal changes no row anywhere.
//
// Enumeration: the build's action manifest lists every action; each must have its fields here, so
// a new action fails the gate until it is fuzzed. The source of actions/ is scanned as well, so an
// action that no page imports (absent from the build) is caught too.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { randomBytes } from "node:crypto";
import fc from "fast-check";
import type { z } from "zod";
import { createBay } from "@/lib/appointments/create-bay";
import { createAppointment } from "@/lib/appointments/create-appointment";
import { ZCalendarBooking } from "@/lib/appointments/book-from-calendar";
import { ZConvertAppointment, ZCreateBay, ZUpdateAppointment } from "@/lib/appointments/appointment-input";
import { ZOnlineBooking } from "@/lib/appointments/request-online-booking";
import { ZOpeningHours } from "@/lib/appointments/update-opening-hours";
import { ZRescheduleAppointment } from "@/lib/appointments/reschedule-appointment";
import { ZRecordApproval } from "@/lib/approvals/record-approval";
import { ZSendApproval } from "@/lib/approvals/send-approval-link";
import { ZCreateApiKey } from "@/lib/api-keys/create-api-key";
import { ZRevokeApiKey } from "@/lib/api-keys/revoke-api-key";
import { ZChangePassword } from "@/lib/auth/account-security";
import { ZResetPassword, ZResetRequest } from "@/lib/auth/password-reset";
import { ZSignUp } from "@/lib/auth/sign-up";
import { ZChoosePlan } from "@/lib/billing/checkout";
import { createCustomer } from "@/lib/customers/create-customer";
import { ZCustomerContact } from "@/lib/customers/customer-contacts";
import { ZCustomer } from "@/lib/customers/customer-input";
import { db, withTenant } from "@/lib/db";
import { reloadServerEnv } from "@/lib/env";
import { ZRequestExport } from "@/lib/gdpr/export/request-export";
import { createTemplate, ZCreateTemplate } from "@/lib/inspections/create-template";
import { ZRenameTemplate, ZSetTemplateActive } from "@/lib/inspections/edit-template";
import { ZRateItem } from "@/lib/inspections/rate-item";
import { ZStartInspection } from "@/lib/inspections/start-inspection";
import { ZAddTemplateItem, ZMoveTemplateItem, ZTemplateItem } from "@/lib/inspections/template-items";
import { ZCreditNote } from "@/lib/invoices/issue-credit-note";
import { ZRecordPayment } from "@/lib/invoices/record-payment";
import { ZAcceptWithNewAccount } from "@/lib/members/accept-invitation";
import { ZInvite } from "@/lib/members/invitations";
import { ZChangeRole } from "@/lib/members/manage-members";
import { ZWorkshopDetails } from "@/lib/org/update-workshop-details";
import { ZAdjustStock } from "@/lib/parts/adjust-stock";
import { ZPart } from "@/lib/parts/part-input";
import { createPart } from "@/lib/parts/save-part";
import { ZSetPartStatus } from "@/lib/parts/set-part-status";
import { ZAddLowStockToDraft } from "@/lib/purchase-orders/add-low-stock-to-draft";
import { createPurchaseOrder, ZCreatePurchaseOrder } from "@/lib/purchase-orders/create-purchase-order";
import { ZAddPurchaseOrderLine, ZUpdatePurchaseOrderLine } from "@/lib/purchase-orders/purchase-order-lines";
import { ZCannedJobForm } from "@/lib/repair-orders/canned-jobs";
import { createRepairOrder, ZCreateRepairOrder } from "@/lib/repair-orders/create-repair-order";
import { addJob, ZAddJob, ZAddLine } from "@/lib/repair-orders/edit-jobs";
import { createSupplier } from "@/lib/suppliers/save-supplier";
import { ZSupplier } from "@/lib/suppliers/supplier-input";
import { ZClockOff } from "@/lib/time-entries/clock-off";
import { ZClockOn } from "@/lib/time-entries/clock-on";
import { ZCorrectTimeEntry } from "@/lib/time-entries/correct-time-entry";
import { addVehicle, ZVehicle } from "@/lib/vehicles/save-vehicle";
import { contextFor, PASSWORD, signUp } from "../support/accounts";
import { startAppServer, type AppServer } from "../support/app-server";
import { changedTables, databaseSnapshot, settledSnapshot, type DatabaseSnapshot } from "../support/database-snapshot";
import { fieldNamesOf, fuzzRuns, hostileFormFields, hostileJson, hostileText, withHostileFields } from "../support/hostile-input";
import { callAction, formOf, serverActionsInBuild, signInOverHttp, type ActionAnswer, type BuiltAction } from "../support/server-actions";

type Fields = ReadonlyArray<string | z.ZodType>;
/** What a form action reads: its field names (a schema stands for its own), and a valid form for the free-text ones. */
interface FormSpec { fields: Fields; valid?: () => Record<string, string> }

const known: Record<string, string> = {};
const slugged = (fields: Fields): Fields => ["orgSlug", ...fields];

// Warning: the order is the order they run in. Those that could lock the fuzzing user out (security,
// password, ownership, closure) come last, so a lucky hostile value cannot hide the others.
const FORMS: Record<string, FormSpec> = {
  createCustomerAction: { fields: slugged([ZCustomer]), valid: () => ({ displayName: "Ada Lovelace", city: "Leeds", notes: "Mornings", addressLine1: "1 High St" }) },
  updateCustomerAction: { fields: slugged(["customerId", ZCustomer]), valid: () => ({ customerId: known.customerId!, displayName: "Ada King", notes: "Afternoons" }) },
  addVehicleAction: { fields: slugged(["customerId", ZVehicle]), valid: () => ({ customerId: known.customerId!, registration: "CD34 EFG", make: "Ford", model: "Focus", engine: "1.0" }) },
  addCustomerContactAction: { fields: slugged(["customerId", ZCustomerContact]), valid: () => ({ customerId: known.customerId!, name: "Grace Hopper", role: "Fleet manager", email: "grace@example.test" }) },
  removeCustomerContactAction: { fields: slugged(["contactId"]) },
  mergeCustomersAction: { fields: slugged(["keepId", "mergeId"]) },
  mergeVehiclesAction: { fields: slugged(["keepId", "mergeId"]) },
  openRepairOrderAction: { fields: slugged([ZCreateRepairOrder]), valid: () => ({ customerId: known.customerId!, vehicleId: known.vehicleId!, concerns: "Brakes squeal" }) },
  addJobAction: { fields: slugged([ZAddJob]), valid: () => ({ repairOrderId: known.repairOrderId!, title: "Replace pads" }) },
  addLineAction: { fields: slugged([ZAddLine]), valid: () => ({ jobId: known.jobId!, kind: "FEE", description: "Disposal", quantity: "1", unitPrice: "5.00" }) },
  moveRepairOrderAction: { fields: slugged(["repairOrderId", "to"]) },
  assignTechnicianAction: { fields: slugged(["repairOrderId", "technicianUserId"]) },
  createCannedJobAction: { fields: slugged([ZCannedJobForm]), valid: () => ({ title: "Brake service", lines: "" }) },
  addCannedJobAction: { fields: slugged(["repairOrderId", "cannedJobId"]) },
  sendApprovalLinkAction: { fields: slugged([ZSendApproval]) },
  recordApprovalAction: { fields: slugged([ZRecordApproval, "decision.x"]) },
  takeUpRecommendationAction: { fields: slugged(["recommendationId", "repairOrderId"]) },
  dismissRecommendationAction: { fields: slugged(["recommendationId"]) },
  startInspectionAction: { fields: slugged([ZStartInspection]) },
  rateItemAction: { fields: slugged([ZRateItem]) },
  proposeJobAction: { fields: slugged(["itemId"]) },
  completeInspectionAction: { fields: slugged(["inspectionId"]) },
  removePhotoAction: { fields: slugged(["attachmentId"]) },
  issueInvoiceAction: { fields: slugged(["repairOrderId"]) },
  issueCreditNoteAction: { fields: slugged([ZCreditNote]) },
  recordPaymentAction: { fields: slugged([ZRecordPayment]) },
  clockOnAction: { fields: slugged([ZClockOn]) },
  clockOffAction: { fields: slugged([ZClockOff]) },
  correctTimeEntryAction: { fields: slugged([ZCorrectTimeEntry]) },
  createPartAction: { fields: slugged([ZPart]), valid: () => ({ sku: "BP-1", description: "Brake pads", priceRule: "FIXED", price: "40.00", cost: "20.00" }) },
  updatePartAction: { fields: slugged(["partId", ZPart]), valid: () => ({ partId: known.partId!, sku: "BP-2", description: "Brake pads, front", priceRule: "FIXED", price: "42.00" }) },
  adjustStockAction: { fields: slugged([ZAdjustStock]) },
  setPartStatusAction: { fields: slugged([ZSetPartStatus]) },
  addLowStockToDraftAction: { fields: slugged([ZAddLowStockToDraft]) },
  createSupplierAction: { fields: slugged([ZSupplier]), valid: () => ({ name: "Parts Direct", email: "orders@example.test" }) },
  updateSupplierAction: { fields: slugged(["supplierId", ZSupplier]), valid: () => ({ supplierId: known.supplierId!, name: "Parts Direct Ltd" }) },
  createPurchaseOrderAction: { fields: slugged([ZCreatePurchaseOrder]), valid: () => ({ supplierId: known.supplierId!, locationId: known.locationId!, notes: "Urgent" }) },
  addPurchaseOrderLineAction: { fields: slugged([ZAddPurchaseOrderLine]) },
  updatePurchaseOrderLineAction: { fields: slugged([ZUpdatePurchaseOrderLine]) },
  removePurchaseOrderLineAction: { fields: slugged(["lineId"]) },
  markOrderedAction: { fields: slugged(["purchaseOrderId"]) },
  cancelPurchaseOrderAction: { fields: slugged(["purchaseOrderId"]) },
  receivePurchaseOrderAction: { fields: slugged(["purchaseOrderId", "receive_x"]) },
  receiveEverythingAction: { fields: slugged(["purchaseOrderId"]) },
  sendVehicleReminderAction: { fields: slugged(["vehicleId"]) },
  bookAppointmentAction: { fields: slugged([ZCalendarBooking]), valid: () => ({ locationId: known.locationId!, customerId: known.customerId!, startsAt: "2030-01-08T09:00", durationMinutes: "60", concerns: "Service" }) },
  moveAppointmentAction: { fields: slugged(["appointmentId", ZUpdateAppointment]) },
  rescheduleAppointmentAction: { fields: slugged(["appointmentId", ZRescheduleAppointment]), valid: () => ({ appointmentId: known.appointmentId!, concerns: "Service and MOT" }) },
  changeAppointmentStatusAction: { fields: slugged(["appointmentId", "status"]) },
  convertAppointmentAction: { fields: slugged(["appointmentId", ZConvertAppointment]) },
  createBayAction: { fields: slugged([ZCreateBay]), valid: () => ({ locationId: known.locationId!, name: "Bay 9" }) },
  renameBayAction: { fields: slugged(["bayId", "name"]), valid: () => ({ bayId: known.bayId!, name: "Ramp 1" }) },
  deactivateBayAction: { fields: slugged(["bayId"]) },
  setOnlineBookingAction: { fields: slugged(["enabled"]) },
  updateOpeningHoursAction: { fields: slugged([ZOpeningHours]) },
  createTemplateAction: { fields: slugged([ZCreateTemplate]), valid: () => ({ name: "Winter check" }) },
  renameTemplateAction: { fields: slugged([ZRenameTemplate]), valid: () => ({ templateId: known.templateId!, name: "Summer check" }) },
  setTemplateActiveAction: { fields: slugged([ZSetTemplateActive]) },
  addTemplateItemAction: { fields: slugged([ZAddTemplateItem]), valid: () => ({ templateId: known.templateId!, section: "Tyres", label: "Tread depth" }) },
  removeTemplateItemAction: { fields: slugged([ZTemplateItem]) },
  moveTemplateItemAction: { fields: slugged([ZMoveTemplateItem]) },
  createApiKeyAction: { fields: slugged([ZCreateApiKey]), valid: () => ({ name: "Sync", scope: "READ" }) },
  revokeApiKeyAction: { fields: slugged([ZRevokeApiKey]) },
  verifyChainAction: { fields: slugged([]) },
  choosePlanAction: { fields: slugged([ZChoosePlan]) },
  openPortalAction: { fields: slugged([]) },
  inviteMemberAction: { fields: slugged([ZInvite]) },
  resendInvitationAction: { fields: slugged(["invitationId"]) },
  revokeInvitationAction: { fields: slugged(["invitationId"]) },
  requestExportAction: { fields: slugged([ZRequestExport]) },
  requestErasureAction: { fields: slugged(["customerId", "confirmName", "reason"]) },
  cancelErasureAction: { fields: slugged(["requestId"]) },
  updateWorkshopDetailsAction: { fields: slugged([ZWorkshopDetails]) },
  updateProfileAction: { fields: ["name"], valid: () => ({ name: "Owner Fuzz" }) },
  startMfaAction: { fields: [] },
  confirmMfaAction: { fields: ["code"] },
  requestOnlineBookingAction: { fields: ["orgSlug", ZOnlineBooking] },
  answerEstimateAction: { fields: ["orgSlug", "token", "approverName", "decision.x"] },
  requestResetAction: { fields: [ZResetRequest] },
  resetPasswordAction: { fields: [ZResetPassword] },
  acceptAsSignedInAction: { fields: ["org", "token"] },
  acceptWithNewAccountAction: { fields: ["org", "token", ZAcceptWithNewAccount] },
  signUpAction: { fields: [ZSignUp], valid: () => ({ name: "Fuzz", email: `fuzz-${Date.now()}@example.test`, password: PASSWORD, workshopName: "Fuzz Garage", country: "GB", currency: "GBP", timezone: "Europe/London" }) },
  changeRoleAction: { fields: slugged([ZChangeRole]) },
  removeMemberAction: { fields: slugged(["membershipId"]) },
  transferOwnershipAction: { fields: slugged(["membershipId"]) },
  disableMfaAction: { fields: ["currentPassword"] },
  changePasswordAction: { fields: [ZChangePassword] },
  updateWorkshopSecurityAction: { fields: slugged(["requireMfa"]) },
  requestClosureAction: { fields: slugged(["confirmSlug"]) },
};

/** Actions that are not forms: the browser calls them with plain arguments (a customer picker's query). */
const CALLS: Record<string, true> = { searchBookingCustomersAction: true, searchExportCustomersAction: true };

let app: AppServer;
let cookie = "";
let snapshot: DatabaseSnapshot;
const built = serverActionsInBuild();

/** Exported async functions of every "use server" file under actions/. */
function actionsInSource(): string[] {
  const dir = path.join(process.cwd(), "actions");
  return readdirSync(dir).flatMap((file) =>
    [...readFileSync(path.join(dir, file), "utf8").matchAll(/^export (?:const (\w+) =|async function (\w+)\()/gm)].map((match) => match[1] ?? match[2]!),
  );
}

beforeAll(async () => {
  // Rate limits off: hundreds of calls a minute are the point, and a 429 would hide what is behind it.
  // One session secret for the server and this process, which seeds records whose audit details it seals with it.
  process.env.NEXTAUTH_SECRET = randomBytes(32).toString("base64url");
  reloadServerEnv();
  app = await startAppServer({ RATE_LIMITS: "off", NEXTAUTH_SECRET: process.env.NEXTAUTH_SECRET });
  const owner = await signUp("fuzz-actions");
  await db().organization.update({ where: { slug: owner.orgSlug }, data: { plan: "PROFESSIONAL" } });
  const ctx = await contextFor(owner.userId, owner.orgSlug);
  const location = await withTenant(ctx.orgId, (tx) => tx.location.findFirstOrThrow());
  const customer = await createCustomer(ctx, { displayName: "Fuzz Customer" });
  const vehicle = await addVehicle(ctx, customer.id, ZVehicle.parse({ registration: "FZ26 ZZZ" }));
  const order = await createRepairOrder(ctx, ZCreateRepairOrder.parse({ customerId: customer.id, vehicleId: vehicle.id }));
  const job = await addJob(ctx, { repairOrderId: order.id, title: "Fuzz job" });
  const supplier = await createSupplier(ctx, { name: "Fuzz Supplier" });
  const part = await createPart(ctx, { sku: "FZ-1", description: "Fuzz part", cost: "5.00", priceRule: "FIXED", price: "10.00" });
  const bay = await createBay(ctx, { locationId: location.id, name: "Fuzz bay" });
  const template = await createTemplate(ctx, { name: "Fuzz checklist" });
  const purchaseOrder = await createPurchaseOrder(ctx, { supplierId: supplier.id, locationId: location.id });
  const appointment = await createAppointment(ctx, { locationId: location.id, customerId: customer.id, startsAt: "2030-01-09T09:00", endsAt: "2030-01-09T10:00" }, { source: "STAFF" });
  Object.assign(known, {
    orgSlug: owner.orgSlug, org: owner.orgSlug, customerId: customer.id, vehicleId: vehicle.id, repairOrderId: order.id, jobId: job.id,
    supplierId: supplier.id, defaultSupplierId: supplier.id, partId: part.id, bayId: bay.id, templateId: template.id, locationId: location.id,
    appointmentId: appointment.id, technicianUserId: owner.userId, purchaseOrderId: purchaseOrder.id,
  });
  cookie = await signInOverHttp(app.url, owner.email, PASSWORD);
  snapshot = await settledSnapshot(app.database.superuser);
}, 180_000);

afterAll(async () => {
  delete process.env.NEXTAUTH_SECRET;
  reloadServerEnv();
  await app?.stop();
});

/** The page the action is posted to, its dynamic segments filled with the workshop's records. */
const pageOf = (action: BuiltAction) => action.page.replace(/\[(\w+)\]/g, (_all, name: string) => known[name] ?? "00000000-0000-4000-8000-000000000000");

function formsFor(spec: FormSpec): fc.Arbitrary<Record<string, string>> {
  const names = spec.fields.flatMap((field) => (typeof field === "string" ? [field] : fieldNamesOf(field)));
  const hostile = hostileFormFields(names, known);
  if (!spec.valid) return hostile;
  const valid = { ...(names.includes("orgSlug") ? { orgSlug: known.orgSlug! } : {}), ...spec.valid() };
  return fc.oneof(hostile, withHostileFields(valid).map((form) => Object.fromEntries(Object.entries(form).map(([key, value]) => [key, String(value)]))));
}

/**
 * The RSC error rows (`1:E{"digest":…}`) of a thrown error, which the page shows as "something went
 * wrong". notFound(), forbidden() and redirect() travel as error rows too, with digests of Next's own.
 */
function errorRows(body: string): string[] {
  return [...body.matchAll(/^[0-9a-f]+:E(\{.*\})$/gm)].map((match) => match[1]!).filter((row) => !/"digest":"NEXT_(HTTP_ERROR_FALLBACK|REDIRECT);/.test(row));
}

/** The server's last words on a 5xx, so a counterexample comes with its stack. */
function expectNoServerError(answer: ActionAnswer) {
  if (answer.status >= 500) throw new Error(`HTTP ${answer.status}; the server logged:\n${app.logs().slice(-4_000)}`);
}

async function expectRefusalOrChange(answer: ActionAnswer) {
  expectNoServerError(answer);
  expect(errorRows(answer.body)).toEqual([]);
  // The action's own answer decides: after a change, the revalidated page may still 404 (a page of a record the action made).
  const refused = answer.state ? answer.state.ok === false : answer.httpError !== null || (answer.status >= 400 && answer.redirect === null);
  if (!refused) {
    snapshot = await settledSnapshot(app.database.superuser);
    return;
  }
  if (answer.state?.ok === false) {
    const said = Object.values(answer.state.fieldErrors ?? {}).filter((message) => message.trim() !== "").length > 0 || (answer.state.message ?? "").trim() !== "";
    expect(said).toBe(true);
  }
  expect(changedTables(snapshot, await databaseSnapshot(app.database.superuser))).toEqual([]);
}

test("every Server Action in the build and in actions/ is fuzzed here", () => {
  const covered = new Set([...Object.keys(FORMS), ...Object.keys(CALLS)]);
  expect(built.map((action) => action.name).filter((name) => !covered.has(name)).sort()).toEqual([]);
  expect(actionsInSource().filter((name) => !covered.has(name)).sort()).toEqual([]);
  expect([...covered].filter((name) => !built.some((action) => action.name === name)).sort()).toEqual([]);
});

describe.each(Object.entries(FORMS))("%s", (name, spec) => {
  test("hostile form fields: never a 5xx or an error row; a refusal says why and changes nothing", async () => {
    const action = built.find((candidate) => candidate.name === name);
    if (!action) throw new Error(`${name} is not in the build`);
    await fc.assert(
      fc.asyncProperty(formsFor(spec), async (fields) => expectRefusalOrChange(await callAction(app.url, action, [{}, formOf(fields)], cookie, pageOf(action)))),
      { numRuns: fuzzRuns(spec.valid ? 8 : 4) },
    );
  });
});

describe.each(Object.keys(CALLS))("%s", (name) => {
  test("hostile arguments of any type: never a 5xx or an error row, and nothing changes", async () => {
    const action = built.find((candidate) => candidate.name === name)!;
    const slug = fc.oneof(fc.constant<unknown>(known.orgSlug), hostileJson);
    await fc.assert(
      fc.asyncProperty(fc.tuple(slug, fc.oneof(hostileText({ maxHuge: 5_000 }), hostileJson)), async (args) => {
        // What React's encoder refuses to send (an own `__proto__`), no browser can send either.
        const answer = await callAction(app.url, action, args, cookie, pageOf(action)).catch((error: Error) => {
          if (/Server Functions|serialize/.test(error.message)) return null;
          throw error;
        });
        if (!answer) return;
        expectNoServerError(answer);
        expect(errorRows(answer.body)).toEqual([]);
        expect(changedTables(snapshot, await databaseSnapshot(app.database.superuser))).toEqual([]);
      }),
      // Found by it: a lone surrogate, or an emoji halved by the 100-character cut, made the picker a 500.
      { numRuns: fuzzRuns(8), examples: [[[known.orgSlug, "\ud800!"]], [[known.orgSlug, `${"x".repeat(99)}😀`]]] },
    );
  });
});
