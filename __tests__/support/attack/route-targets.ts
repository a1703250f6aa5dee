// A workshop with one of everything a route or page addresses by id: the
// attack suite seeds A (the attacker's own, for the role rows) and B (the
// target) with it, through the real lib, so every id is one the app made.
import { readFile } from "node:fs/promises";
import path from "node:path";
import type pg from "pg";
import { createAppointment } from "@/lib/appointments/create-appointment";
import { recordApproval } from "@/lib/approvals/record-approval";
import { sendApprovalLink } from "@/lib/approvals/send-approval-link";
import { addInspectionPhoto } from "@/lib/attachments/add-inspection-photo";
import { createCustomer } from "@/lib/customers/create-customer";
import { requestExport } from "@/lib/gdpr/export/request-export";
import { completeInspection } from "@/lib/inspections/complete-inspection";
import { createTemplate } from "@/lib/inspections/create-template";
import { rateItem } from "@/lib/inspections/rate-item";
import { startInspection } from "@/lib/inspections/start-inspection";
import { addTemplateItem } from "@/lib/inspections/template-items";
import { issueInvoice } from "@/lib/invoices/issue-invoice";
import type { OrgContext } from "@/lib/org/context";
import { createPart } from "@/lib/parts/save-part";
import { createPurchaseOrder } from "@/lib/purchase-orders/create-purchase-order";
import { createRepairOrder } from "@/lib/repair-orders/create-repair-order";
import { addJob, addLine, ZAddLine } from "@/lib/repair-orders/edit-jobs";
import { moveRepairOrder } from "@/lib/repair-orders/move-repair-order";
import { createSupplier } from "@/lib/suppliers/save-supplier";
import { addVehicle, ZVehicle } from "@/lib/vehicles/save-vehicle";
import { lastMailTo, linkIn, uniqueEmail } from "../accounts";
import { firstLocationId } from "../stock";

/** Every id a route or page of one workshop takes, named as the route's own params name them. */
export interface WorkshopTargets {
  orgSlug: string;
  orgId: string;
  /** the owner's user id (a technician filter takes a member's) */
  userId: string;
  locationId: string;
  customerName: string;
  customerEmail: string;
  customerId: string;
  vehicleId: string;
  appointmentId: string;
  repairOrderId: string;
  inspectionId: string;
  /** an item of a second, still open inspection: one a photo could be added to */
  openInspectionItemId: string;
  attachmentId: string;
  estimateToken: string;
  invoiceId: string;
  partId: string;
  supplierId: string;
  purchaseOrderId: string;
  exportId: string;
  auditSeq: number;
}

/** A weekday a week ahead at 10:00, so the booking is in the future whenever the suite runs. */
function nextWeekAtTen(): string {
  const day = new Date(Date.now() + 7 * 86_400_000);
  while (day.getUTCDay() === 0 || day.getUTCDay() === 6) day.setUTCDate(day.getUTCDate() + 1);
  return day.toISOString().slice(0, 10);
}

async function approvedJob(owner: OrgContext, repairOrderId: string, title: string) {
  const job = await addJob(owner, { repairOrderId, title });
  await addLine(owner, ZAddLine.parse({ jobId: job.id, kind: "LABOUR", description: title, quantity: "1", unitPrice: "80.00" }));
  return job;
}

export async function seedTargets(owner: OrgContext, superuser: pg.Pool, customerName: string): Promise<WorkshopTargets> {
  const email = uniqueEmail("attack-target");
  const customer = await createCustomer(owner, { kind: "PERSON", displayName: customerName, email });
  const vehicle = await addVehicle(owner, customer.id, ZVehicle.parse({ registration: `AT${Math.floor(Math.random() * 90 + 10)} TGT`, make: "Ford", model: "Focus" }));
  const locationId = await firstLocationId(superuser, owner.orgId);
  const day = nextWeekAtTen();
  const appointment = await createAppointment(
    owner, { locationId, customerId: customer.id, vehicleId: vehicle.id, startsAt: `${day}T10:00`, endsAt: `${day}T11:00`, status: "CONFIRMED" }, { source: "STAFF" },
  );

  // The estimate: a pending job, a completed inspection with a photo, and the link emailed to the customer.
  const estimate = await createRepairOrder(owner, { customerId: customer.id, vehicleId: vehicle.id, concerns: "Squeal when braking" });
  await approvedJob(owner, estimate.id, "Front brake pads");
  const template = await createTemplate(owner, { name: "Attack check" });
  await addTemplateItem(owner, { templateId: template.id, section: "Brakes", label: "Front brake pads" });
  const inspection = await startInspection(owner, { repairOrderId: estimate.id, templateId: template.id });
  const item = await superuser.query<{ id: string }>(`SELECT id FROM "InspectionItem" WHERE "inspectionId" = $1`, [inspection.id]);
  await rateItem(owner, { itemId: item.rows[0]!.id, rating: "RED" });
  const photo = await addInspectionPhoto(owner, {
    inspectionItemId: item.rows[0]!.id, bytes: new Uint8Array(await readFile(path.join(__dirname, "../../fixtures/brake-pad.jpg"))), originalName: "pads.jpg",
  });
  await completeInspection(owner, inspection.id);
  await sendApprovalLink(owner, { repairOrderId: estimate.id, email });
  const second = await startInspection(owner, { repairOrderId: estimate.id, templateId: template.id });
  const openItem = await superuser.query<{ id: string }>(`SELECT id FROM "InspectionItem" WHERE "inspectionId" = $1`, [second.id]);
  const estimateToken = linkIn((await lastMailTo(email))?.text).pathname.split("/").pop()!;

  // The invoice: a second visit, approved, done and invoiced.
  const visit = await createRepairOrder(owner, { customerId: customer.id, vehicleId: vehicle.id, concerns: "Annual service" });
  const job = await approvedJob(owner, visit.id, "Annual service");
  await recordApproval(owner, { repairOrderId: visit.id, approverName: customerName, channel: "IN_PERSON" }, { [job.id]: "APPROVED" });
  await moveRepairOrder(owner, visit.id, "IN_PROGRESS");
  await moveRepairOrder(owner, visit.id, "READY");
  const invoice = await issueInvoice(owner, visit.id);

  const supplier = await createSupplier(owner, { name: `${customerName} Motor Factors` });
  const part = await createPart(owner, { sku: "ATK-PAD", description: "Front pad set", cost: "26.00", priceRule: "FIXED", price: "49.99", defaultSupplierId: supplier.id });
  const purchaseOrder = await createPurchaseOrder(owner, { supplierId: supplier.id, locationId });
  const privacyExport = await requestExport(owner, { scope: "CUSTOMER", customerId: customer.id });
  const seq = await superuser.query<{ seq: number }>(`SELECT max(seq) AS seq FROM "AuditLog" WHERE "organizationId" = $1`, [owner.orgId]);

  return {
    orgSlug: owner.orgSlug, orgId: owner.orgId, userId: owner.userId, locationId, customerName, customerEmail: email, customerId: customer.id, vehicleId: vehicle.id, appointmentId: appointment.id,
    repairOrderId: estimate.id, inspectionId: inspection.id, openInspectionItemId: openItem.rows[0]!.id, attachmentId: photo.id, estimateToken, invoiceId: invoice.id,
    partId: part.id, supplierId: supplier.id, purchaseOrderId: purchaseOrder.id, exportId: privacyExport.id, auditSeq: Number(seq.rows[0]!.seq),
  };
}

/** Waits for the app's worker to finish the exports, so no job writes while the attacks compare snapshots. */
export async function exportsSettled(superuser: pg.Pool, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const { rows } = await superuser.query<{ open: string }>(`SELECT count(*) AS open FROM "PrivacyRequest" WHERE status NOT IN ('READY', 'FAILED')`);
    if (Number(rows[0]!.open) === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error("the privacy exports did not finish");
}
