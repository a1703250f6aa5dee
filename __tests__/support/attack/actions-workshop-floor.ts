// The tenant attack table for the workshop floor's Server Actions (repair orders, inspections,
// parts, purchasing, time, invoices, settings, online booking). One row per action: the
// permission it needs and a valid form aimed at a workshop's own rows, so the suite can fire the
// same form at another workshop's ids, from a role without the permission, or with no session.
// Every form is one the action would accept (it changes data when sent by the right person to
// the right workshop): a refusal is then the guard's doing, not a typo's.
import { readFile } from "node:fs/promises";
import path from "node:path";
import type pg from "pg";
import { recordApproval } from "@/lib/approvals/record-approval";
import { issueBookingFormToken } from "@/lib/appointments/booking-form-token";
import { loadBookingPage } from "@/lib/appointments/booking-page";
import { createBay } from "@/lib/appointments/create-bay";
import { setOnlineBooking } from "@/lib/appointments/set-online-booking";
import { addInspectionPhoto } from "@/lib/attachments/add-inspection-photo";
import { createCustomer } from "@/lib/customers/create-customer";
import { ZCustomer } from "@/lib/customers/customer-input";
import { withTenant } from "@/lib/db";
import { createTemplate } from "@/lib/inspections/create-template";
import { inspectionView } from "@/lib/inspections/inspection-view";
import { rateItem } from "@/lib/inspections/rate-item";
import { startInspection } from "@/lib/inspections/start-inspection";
import { addTemplateItem } from "@/lib/inspections/template-items";
import { issueInvoice } from "@/lib/invoices/issue-invoice";
import type { OrgContext } from "@/lib/org/context";
import { createPart } from "@/lib/parts/save-part";
import { markPurchaseOrderOrdered } from "@/lib/purchase-orders/change-purchase-order-status";
import { createPurchaseOrder } from "@/lib/purchase-orders/create-purchase-order";
import { addPurchaseOrderLine } from "@/lib/purchase-orders/purchase-order-lines";
import { assignTechnician } from "@/lib/repair-orders/assign-technician";
import { moveRepairOrder } from "@/lib/repair-orders/move-repair-order";
import { permissionFor } from "@/lib/repair-orders/status";
import { ROLE_PERMISSIONS, ROLES_BY_RANK, type Permission } from "@/lib/rbac/permissions";
import { createSupplier } from "@/lib/suppliers/save-supplier";
import { clockOn } from "@/lib/time-entries/clock-on";
import { addVehicle, ZVehicle } from "@/lib/vehicles/save-vehicle";
import { firstLocationId, orderWithPartLine } from "../stock";
import { orderWithJobs } from "../workshop-floor";

export const WORKSHOP_FLOOR_FILES = [
  "actions/inspections.ts", "actions/invoices.ts", "actions/online-booking.ts", "actions/parts.ts", "actions/purchase-orders.ts",
  "actions/reminders.ts", "actions/repair-orders.ts", "actions/settings.ts", "actions/suppliers.ts", "actions/time-entries.ts",
] as const;

/** A workshop's rows that the floor's actions act on, each in a state where the action would succeed. */
export interface FloorIds {
  orgId: string;
  slug: string;
  ownerUserId: string;
  customerId: string;
  /** due for its service this month, its customer agreed to reminders: "Send now" would email */
  vehicleId: string;
  /** in progress, assigned to the owner, with an approved job holding a labour and a catalogue part line */
  repairOrderId: string;
  jobId: string;
  partLineId: string;
  /** an estimate with a job the customer has not answered yet: lines can be added, the order cancelled */
  estimateRepairOrderId: string;
  pendingJobId: string;
  /** ready for collection: would be invoiced */
  readyRepairOrderId: string;
  /** issued, unpaid */
  invoiceId: string;
  templateId: string;
  /** the first of the checklist's two items: it can move down */
  templateItemId: string;
  /** open, on repairOrderId */
  inspectionId: string;
  /** rated amber, with a photo: proposable (the other item is rated green: the inspection can complete) */
  inspectionItemId: string;
  photoId: string;
  /** below its reorder level, with a default supplier */
  partId: string;
  locationId: string;
  supplierId: string;
  draftPurchaseOrderId: string;
  draftLineId: string;
  orderedPurchaseOrderId: string;
  orderedLineId: string;
  /** the owner's, still clocked on to jobId */
  timeEntryId: string;
}

/** Words only a workshop's own pages show (names, SKU, plate): another workshop's answers must never carry them. */
export const markersOf = (label: string, workshopName: string) =>
  [workshopName, `${label} reminder customer`, `${label} Motor Factors`, `${label}-PAD`.toUpperCase(), `${label} checklist`, `${label.toUpperCase()} 26D`];

/** Seeds everything FloorIds names through the real lib operations, as the owner. */
export async function seedFloor(owner: OrgContext, superuser: pg.Pool, label: string, photo: Buffer): Promise<FloorIds> {
  // The workshop's own calendar day (Europe/London, as signed up): "due this month" is its month.
  const today = new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/London" }).format(new Date());
  const customer = await createCustomer(owner, ZCustomer.parse({ displayName: `${label} reminder customer`, email: `${label}-remind@example.test`, reminderConsent: "on" }));
  const vehicle = await addVehicle(owner, customer.id, ZVehicle.parse({ registration: `${label.toUpperCase()} 26D`, nextServiceDue: today }));
  const supplier = await createSupplier(owner, { name: `${label} Motor Factors` });
  const part = await createPart(owner, {
    sku: `${label}-PAD`.toUpperCase(), description: "Brake pads", cost: "10.00", priceRule: "FIXED", price: "15.00", reorderLevel: "5", defaultSupplierId: supplier.id,
  });
  const locationId = await firstLocationId(superuser, owner.orgId);

  const { order, job, line: partLine } = await orderWithPartLine(owner, part.id);
  await startWork(owner, order.id, job.id);
  const { order: estimate, jobs: [pendingJob] } = await orderWithJobs(owner, [{ title: "Wipers", lines: [] }], "ESTIMATE");
  const { order: ready } = await orderWithJobs(owner, [{ title: "Service", lines: [{ kind: "LABOUR", description: "Labour", quantity: "1", unitPrice: "80.00" }] }]);
  await moveRepairOrder(owner, ready.id, "READY");
  const { order: invoiced } = await orderWithJobs(owner, [{ title: "MOT", lines: [{ kind: "FEE", description: "MOT", quantity: "1", unitPrice: "54.85" }] }]);
  await moveRepairOrder(owner, invoiced.id, "READY");
  const invoice = await issueInvoice(owner, invoiced.id);

  const template = await createTemplate(owner, { name: `${label} checklist` });
  await addTemplateItem(owner, { templateId: template.id, label: "Brake pads" });
  await addTemplateItem(owner, { templateId: template.id, label: "Tyres" });
  const templateItems = await withTenant(owner.orgId, (tx) => tx.inspectionTemplateItem.findMany({ where: { templateId: template.id }, orderBy: { position: "asc" } }));
  const inspection = await startInspection(owner, { repairOrderId: order.id, templateId: template.id });
  const { items } = await inspectionView(owner, inspection.id);
  await rateItem(owner, { itemId: items[0]!.id, rating: "AMBER", note: "Pads at 3 mm" });
  await rateItem(owner, { itemId: items[1]!.id, rating: "GREEN" });
  const attachment = await addInspectionPhoto(owner, { inspectionItemId: items[0]!.id, bytes: photo, originalName: "pads.jpg" });

  const draft = await createPurchaseOrder(owner, { supplierId: supplier.id, locationId });
  const draftLine = await addPurchaseOrderLine(owner, { purchaseOrderId: draft.id, partId: part.id, quantity: "1", jobLineId: partLine.id });
  const ordered = await createPurchaseOrder(owner, { supplierId: supplier.id, locationId });
  const orderedLine = await addPurchaseOrderLine(owner, { purchaseOrderId: ordered.id, partId: part.id, quantity: "2" });
  await markPurchaseOrderOrdered(owner, ordered.id);

  const { entry } = await clockOn(owner, { jobId: job.id });
  return {
    orgId: owner.orgId, slug: owner.orgSlug, ownerUserId: owner.userId, customerId: customer.id, vehicleId: vehicle.id,
    repairOrderId: order.id, jobId: job.id, partLineId: partLine.id, estimateRepairOrderId: estimate.id, pendingJobId: pendingJob!.id, readyRepairOrderId: ready.id, invoiceId: invoice.id,
    templateId: template.id, templateItemId: templateItems[0]!.id, inspectionId: inspection.id, inspectionItemId: items[0]!.id,
    photoId: attachment.id, partId: part.id, locationId, supplierId: supplier.id,
    draftPurchaseOrderId: draft.id, draftLineId: draftLine.id, orderedPurchaseOrderId: ordered.id, orderedLineId: orderedLine.id,
    timeEntryId: entry.id,
  };
}

/** The part line's order approved, in progress and assigned to the owner (clockable, its parts changeable). */
async function startWork(owner: OrgContext, repairOrderId: string, jobId: string) {
  await recordApproval(owner, { repairOrderId, approverName: "Customer", channel: "IN_PERSON" }, { [jobId]: "APPROVED" });
  await moveRepairOrder(owner, repairOrderId, "IN_PROGRESS");
  await assignTechnician(owner, repairOrderId, owner.userId);
}

/** Online booking open at a workshop (PROFESSIONAL includes it), with a bay so it has free times. */
export async function openOnlineBooking(owner: OrgContext, locationId: string) {
  await setOnlineBooking(owner, true);
  await createBay(owner, { locationId, name: "Ramp 1" });
}

export const readPhoto = () => readFile(path.join(__dirname, "../../fixtures/brake-pad.jpg"));

type Fields = Record<string, string>;

/** What an action needs: every one of `all`, or (for clock-off) any one of `any`. */
export type Need = { all: readonly Permission[] } | { any: readonly Permission[] };

export interface MemberAttack {
  action: string;
  file: (typeof WORKSHOP_FLOOR_FILES)[number];
  needs: Need;
  /** the form (without orgSlug) aimed at one workshop's rows */
  form(target: FloorIds): Fields;
  /** set when the form names no row at all (the action acts on the workshop in the slug): why another workshop's ids cannot be aimed at */
  noRowIds?: string;
  /** forms naming the caller's own rows with one of another workshop's slipped in, where a form names several */
  mixed?: readonly Mixed[];
}

export interface Mixed {
  name: string;
  form(own: FloorIds, foreign: FloorIds): Fields;
  /** how the refusal reads when it is not "not found" (a field the form picks from a list) */
  refusedAs?: "VALIDATION_FAILED";
}

const all = (...permissions: Permission[]): Need => ({ all: permissions });

/** The roles that lack what an action needs, read from ROLE_PERMISSIONS (never listed by hand). */
export function rolesLacking(need: Need): (typeof ROLES_BY_RANK)[number][] {
  const has = (role: (typeof ROLES_BY_RANK)[number], permission: Permission) => (ROLE_PERMISSIONS[role] as readonly Permission[]).includes(permission);
  return ROLES_BY_RANK.filter((role) => ("all" in need ? !need.all.every((p) => has(role, p)) : !need.any.some((p) => has(role, p))));
}

/** A minute of the workshop's wall clock a day ago, as a datetime-local input sends it. */
const yesterdayAt = (hhmm: string) => `${new Date(Date.now() - 86_400_000).toISOString().slice(0, 10)}T${hhmm}`;

const PART_FORM = { description: "Brake pads (front)", cost: "11.00", priceRule: "FIXED", price: "16.00" };

export const MEMBER_ATTACKS: readonly MemberAttack[] = [
  // Inspections
  {
    action: "startInspectionAction", file: "actions/inspections.ts", needs: all("inspection.create"), form: (t) => ({ repairOrderId: t.repairOrderId, templateId: t.templateId }),
    mixed: [{ name: "B's checklist on A's repair order", form: (own, foreign) => ({ repairOrderId: own.repairOrderId, templateId: foreign.templateId }) }],
  },
  { action: "rateItemAction", file: "actions/inspections.ts", needs: all("inspection.update"), form: (t) => ({ itemId: t.inspectionItemId, rating: "RED", note: "Hijacked" }) },
  { action: "proposeJobAction", file: "actions/inspections.ts", needs: all("inspection.update", "repairOrder.update"), form: (t) => ({ itemId: t.inspectionItemId }) },
  { action: "completeInspectionAction", file: "actions/inspections.ts", needs: all("inspection.update", "repairOrder.update"), form: (t) => ({ inspectionId: t.inspectionId }) },
  { action: "removePhotoAction", file: "actions/inspections.ts", needs: all("inspection.update"), form: (t) => ({ attachmentId: t.photoId }) },
  {
    action: "createTemplateAction", file: "actions/inspections.ts", needs: all("settings.update"), form: () => ({ name: "Hijack checklist", startFrom: "standard" }),
    noRowIds: "creates a checklist in the workshop named by the slug",
  },
  { action: "renameTemplateAction", file: "actions/inspections.ts", needs: all("settings.update"), form: (t) => ({ templateId: t.templateId, name: "Hijacked" }) },
  { action: "setTemplateActiveAction", file: "actions/inspections.ts", needs: all("settings.update"), form: (t) => ({ templateId: t.templateId, active: "false" }) },
  { action: "addTemplateItemAction", file: "actions/inspections.ts", needs: all("settings.update"), form: (t) => ({ templateId: t.templateId, label: "Hijacked item" }) },
  { action: "removeTemplateItemAction", file: "actions/inspections.ts", needs: all("settings.update"), form: (t) => ({ itemId: t.templateItemId }) },
  { action: "moveTemplateItemAction", file: "actions/inspections.ts", needs: all("settings.update"), form: (t) => ({ itemId: t.templateItemId, direction: "down" }) },
  // Invoices
  { action: "issueInvoiceAction", file: "actions/invoices.ts", needs: all("invoice.issue"), form: (t) => ({ repairOrderId: t.readyRepairOrderId }) },
  { action: "issueCreditNoteAction", file: "actions/invoices.ts", needs: all("invoice.void"), form: (t) => ({ invoiceId: t.invoiceId, reason: "Hijacked credit" }) },
  { action: "recordPaymentAction", file: "actions/invoices.ts", needs: all("payment.record"), form: (t) => ({ invoiceId: t.invoiceId, method: "CASH", amount: "1.00" }) },
  // Parts
  {
    action: "createPartAction", file: "actions/parts.ts", needs: all("part.create"),
    form: (t) => ({ ...PART_FORM, sku: "HIJACK-1", defaultSupplierId: t.supplierId }),
  },
  {
    action: "updatePartAction", file: "actions/parts.ts", needs: all("part.update"), form: (t) => ({ ...PART_FORM, partId: t.partId, sku: "HIJACK-2", defaultSupplierId: t.supplierId }),
    mixed: [{ name: "B's supplier as A's part's default", form: (own, foreign) => ({ ...PART_FORM, partId: own.partId, sku: "HIJACK-2", defaultSupplierId: foreign.supplierId }) }],
  },
  {
    action: "adjustStockAction", file: "actions/parts.ts", needs: all("part.adjustStock"), form: (t) => ({ partId: t.partId, locationId: t.locationId, change: "3", note: "stock take: hijacked" }),
    mixed: [{ name: "A's part counted at B's location", form: (own, foreign) => ({ partId: own.partId, locationId: foreign.locationId, change: "3", note: "stock take: hijacked" }) }],
  },
  { action: "setPartStatusAction", file: "actions/parts.ts", needs: all("repairOrder.update"), form: (t) => ({ jobLineId: t.partLineId, partStatus: "RECEIVED" }) },
  // Purchase orders
  {
    action: "createPurchaseOrderAction", file: "actions/purchase-orders.ts", needs: all("purchaseOrder.manage"), form: (t) => ({ supplierId: t.supplierId, locationId: t.locationId }),
    mixed: [
      { name: "A's supplier delivering to B's location", form: (own, foreign) => ({ supplierId: own.supplierId, locationId: foreign.locationId }) },
      { name: "B's supplier delivering to A's location", form: (own, foreign) => ({ supplierId: foreign.supplierId, locationId: own.locationId }) },
    ],
  },
  {
    action: "addPurchaseOrderLineAction", file: "actions/purchase-orders.ts", needs: all("purchaseOrder.manage"),
    form: (t) => ({ purchaseOrderId: t.draftPurchaseOrderId, partId: t.partId, quantity: "4" }),
    mixed: [
      { name: "B's part on A's draft", form: (own, foreign) => ({ purchaseOrderId: own.draftPurchaseOrderId, partId: foreign.partId, quantity: "4" }) },
      {
        name: "A's part on A's draft for B's repair order line",
        form: (own, foreign) => ({ purchaseOrderId: own.draftPurchaseOrderId, partId: own.partId, quantity: "4", jobLineId: foreign.partLineId }),
      },
    ],
  },
  {
    action: "updatePurchaseOrderLineAction", file: "actions/purchase-orders.ts", needs: all("purchaseOrder.manage"),
    form: (t) => ({ lineId: t.draftLineId, quantity: "9", unitCost: "0.01" }),
  },
  { action: "removePurchaseOrderLineAction", file: "actions/purchase-orders.ts", needs: all("purchaseOrder.manage"), form: (t) => ({ lineId: t.draftLineId }) },
  { action: "markOrderedAction", file: "actions/purchase-orders.ts", needs: all("purchaseOrder.manage"), form: (t) => ({ purchaseOrderId: t.draftPurchaseOrderId }) },
  { action: "cancelPurchaseOrderAction", file: "actions/purchase-orders.ts", needs: all("purchaseOrder.manage"), form: (t) => ({ purchaseOrderId: t.draftPurchaseOrderId }) },
  {
    action: "receivePurchaseOrderAction", file: "actions/purchase-orders.ts", needs: all("purchaseOrder.manage"),
    form: (t) => ({ purchaseOrderId: t.orderedPurchaseOrderId, [`receive_${t.orderedLineId}`]: "1" }),
    mixed: [{ name: "B's line received on A's order", form: (own, foreign) => ({ purchaseOrderId: own.orderedPurchaseOrderId, [`receive_${foreign.orderedLineId}`]: "1" }) }],
  },
  { action: "receiveEverythingAction", file: "actions/purchase-orders.ts", needs: all("purchaseOrder.manage"), form: (t) => ({ purchaseOrderId: t.orderedPurchaseOrderId }) },
  {
    action: "addLowStockToDraftAction", file: "actions/purchase-orders.ts", needs: all("purchaseOrder.manage"), form: (t) => ({ partId: t.partId, locationId: t.locationId }),
    mixed: [{ name: "A's part for B's location", form: (own, foreign) => ({ partId: own.partId, locationId: foreign.locationId }) }],
  },
  // Reminders
  { action: "sendVehicleReminderAction", file: "actions/reminders.ts", needs: all("customer.update"), form: (t) => ({ vehicleId: t.vehicleId }) },
  // Repair orders
  {
    action: "openRepairOrderAction", file: "actions/repair-orders.ts", needs: all("repairOrder.create"), form: (t) => ({ customerId: t.customerId, vehicleId: t.vehicleId }),
    mixed: [
      { name: "A's customer with B's vehicle", form: (own, foreign) => ({ customerId: own.customerId, vehicleId: foreign.vehicleId }) },
      { name: "A's customer and vehicle billed to B's customer", form: (own, foreign) => ({ customerId: own.customerId, vehicleId: own.vehicleId, billToCustomerId: foreign.customerId }) },
    ],
  },
  { action: "addJobAction", file: "actions/repair-orders.ts", needs: all("repairOrder.update"), form: (t) => ({ repairOrderId: t.repairOrderId, title: "Hijacked job" }) },
  {
    action: "addLineAction", file: "actions/repair-orders.ts", needs: all("repairOrder.update"),
    form: (t) => ({ jobId: t.pendingJobId, kind: "LABOUR", description: "Hijacked labour", quantity: "1", unitPrice: "100.00" }),
    mixed: [
      { name: "B's catalogue part on A's job", form: (own, foreign) => ({ jobId: own.pendingJobId, kind: "PART", partId: foreign.partId, quantity: "1" }) },
      {
        name: "B's owner as the technician of A's labour", refusedAs: "VALIDATION_FAILED",
        form: (own, foreign) => ({ jobId: own.pendingJobId, kind: "LABOUR", description: "Labour", quantity: "1", technicianUserId: foreign.ownerUserId }),
      },
    ],
  },
  { action: "moveRepairOrderAction", file: "actions/repair-orders.ts", needs: all(permissionFor("CANCELLED")), form: (t) => ({ repairOrderId: t.estimateRepairOrderId, to: "CANCELLED" }) },
  {
    action: "assignTechnicianAction", file: "actions/repair-orders.ts", needs: all("repairOrder.update", "timeEntry.manage"),
    form: (t) => ({ repairOrderId: t.repairOrderId, technicianUserId: "" }),
    mixed: [{ name: "B's owner assigned to A's repair order", form: (own, foreign) => ({ repairOrderId: own.repairOrderId, technicianUserId: foreign.ownerUserId }) }],
  },
  // Settings
  {
    action: "updateWorkshopSecurityAction", file: "actions/settings.ts", needs: all("settings.update"), form: () => ({ requireMfa: "on" }),
    noRowIds: "changes the workshop named by the slug",
  },
  {
    action: "updateWorkshopDetailsAction", file: "actions/settings.ts", needs: all("settings.update"),
    form: () => ({ pricesIncludeTax: "no", defaultTaxRate: "0", labourRate: "0.01", email: "hijack@example.test" }),
    noRowIds: "changes the workshop named by the slug",
  },
  // Suppliers
  {
    action: "createSupplierAction", file: "actions/suppliers.ts", needs: all("purchaseOrder.manage"), form: () => ({ name: "Hijack Supplies" }),
    noRowIds: "adds a supplier to the workshop named by the slug",
  },
  { action: "updateSupplierAction", file: "actions/suppliers.ts", needs: all("purchaseOrder.manage"), form: (t) => ({ supplierId: t.supplierId, name: "Hijacked Factors" }) },
  // Time
  { action: "clockOnAction", file: "actions/time-entries.ts", needs: all("timeEntry.clock"), form: (t) => ({ jobId: t.jobId }) },
  // A technician clocks off their own time, a manager anyone's: either permission lets the action run.
  { action: "clockOffAction", file: "actions/time-entries.ts", needs: { any: ["timeEntry.clock", "timeEntry.manage"] }, form: (t) => ({ timeEntryId: t.timeEntryId }) },
  {
    action: "correctTimeEntryAction", file: "actions/time-entries.ts", needs: all("timeEntry.manage"),
    form: (t) => ({ timeEntryId: t.timeEntryId, startedAt: yesterdayAt("08:00"), endedAt: yesterdayAt("09:00"), reason: "Hijacked hours" }),
  },
];

/** The public booking form's fields for one workshop page; the rows below break one thing each. */
export interface BookingTarget {
  slug: string;
  locationId: string;
  /** a free time the page offers */
  startsAt: string;
  /** a signed form token of that workshop's page, old enough to pass the fill-time check */
  formToken: string;
}

/** What the booking page of a workshop offers a visitor (its first free time), with a form token drawn a minute ago. */
export async function bookingTargetOf(slug: string, orgId: string): Promise<BookingTarget> {
  const page = await loadBookingPage(slug, {});
  if (!page.location || !page.slots[0]) throw new Error(`${slug} offers no free time to book`);
  return { slug, locationId: page.location.id, startsAt: page.slots[0].value, formToken: issueBookingFormToken(orgId, new Date(Date.now() - 60_000)) };
}

export interface PublicAttack {
  name: string;
  action: string;
  file: (typeof WORKSHOP_FLOOR_FILES)[number];
  /** the form sent from A's booking page, given A's and B's booking pages */
  form(a: BookingTarget, b: BookingTarget): Fields;
  /** the code the refusal carries */
  refusedAs: "NOT_FOUND" | "VALIDATION_FAILED";
}

/** A request the page would take: the name of the visitor is the only made-up part. */
export const bookingForm = (target: BookingTarget): Fields => ({
  orgSlug: target.slug, locationId: target.locationId, formToken: target.formToken, startsAt: target.startsAt,
  name: "Mallory", email: "mallory@example.test", registration: "HI12 JAK", website: "",
});

export const PUBLIC_ATTACKS: readonly PublicAttack[] = [
  {
    name: "B's location and free time on A's booking page", action: "requestOnlineBookingAction", file: "actions/online-booking.ts",
    form: (a, b) => ({ ...bookingForm(a), locationId: b.locationId, startsAt: b.startsAt }), refusedAs: "NOT_FOUND",
  },
  {
    name: "A's signed form replayed at B's page", action: "requestOnlineBookingAction", file: "actions/online-booking.ts",
    form: (a, b) => ({ ...bookingForm(b), formToken: a.formToken }), refusedAs: "VALIDATION_FAILED",
  },
  {
    name: "a forged form token", action: "requestOnlineBookingAction", file: "actions/online-booking.ts",
    form: (a) => ({ ...bookingForm(a), formToken: `${Date.now() - 60_000}.${"0".repeat(64)}` }), refusedAs: "VALIDATION_FAILED",
  },
  {
    name: "a path-like workshop slug", action: "requestOnlineBookingAction", file: "actions/online-booking.ts",
    form: (a) => ({ ...bookingForm(a), orgSlug: `../${a.slug}` }), refusedAs: "NOT_FOUND",
  },
  {
    name: "a SQL-like workshop slug", action: "requestOnlineBookingAction", file: "actions/online-booking.ts",
    form: (a) => ({ ...bookingForm(a), orgSlug: `${a.slug}' OR '1'='1` }), refusedAs: "NOT_FOUND",
  },
];

/**
 * The order in which A's owner can send every member form to A once, each accepted: no success
 * spoils a later one's precondition (the inspection is completed after its items are worked, the
 * estimate cancelled after its line is added, two-factor required last of all).
 */
export const ACCEPTED_IN_ORDER: readonly string[] = [
  "rateItemAction", "proposeJobAction", "removePhotoAction", "completeInspectionAction", "startInspectionAction",
  "createTemplateAction", "renameTemplateAction", "addTemplateItemAction", "moveTemplateItemAction", "removeTemplateItemAction", "setTemplateActiveAction",
  "issueInvoiceAction", "recordPaymentAction", "issueCreditNoteAction",
  "addLowStockToDraftAction", "createPartAction", "updatePartAction", "adjustStockAction", "setPartStatusAction",
  "createPurchaseOrderAction", "addPurchaseOrderLineAction", "updatePurchaseOrderLineAction", "removePurchaseOrderLineAction",
  "markOrderedAction", "cancelPurchaseOrderAction", "receivePurchaseOrderAction", "receiveEverythingAction",
  "sendVehicleReminderAction", "openRepairOrderAction", "createSupplierAction", "updateSupplierAction",
  "addJobAction", "addLineAction", "assignTechnicianAction", "clockOffAction", "correctTimeEntryAction", "clockOnAction",
  "moveRepairOrderAction", "updateWorkshopDetailsAction", "updateWorkshopSecurityAction",
];

/** Every action the table covers. */
export const WORKSHOP_FLOOR_ACTIONS: readonly string[] = [...new Set([...MEMBER_ATTACKS.map((row) => row.action), ...PUBLIC_ATTACKS.map((row) => row.action)])];
