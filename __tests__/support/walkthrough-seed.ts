// One workshop with a bit of everything, through the real lib as the app writes it, so every page
// of the walkthrough shows real content: Demo Motors (staff, customers, canned jobs, checklist,
// the seed's work and time entries) plus a finished visit with an invoice, an inspection with a
// photo, an emailed estimate, parts, a supplier and an ordered purchase order, a clocked-on
// technician, a service due this month, an API key, an erasure request, an invitation and a
// password reset link. The ids and links the pages need are returned.
import { readFile } from "node:fs/promises";
import path from "node:path";
import { createApiKey } from "@/lib/api-keys/create-api-key";
import { createAppointment } from "@/lib/appointments/create-appointment";
import { recordApproval } from "@/lib/approvals/record-approval";
import { sendApprovalLink } from "@/lib/approvals/send-approval-link";
import { addInspectionPhoto } from "@/lib/attachments/add-inspection-photo";
import { requestPasswordReset } from "@/lib/auth/password-reset";
import { createCustomer } from "@/lib/customers/create-customer";
import { db, withTenant } from "@/lib/db";
import { requestErasure } from "@/lib/gdpr/erasure/request-erasure";
import { rateItem } from "@/lib/inspections/rate-item";
import { startInspection } from "@/lib/inspections/start-inspection";
import { issueInvoice } from "@/lib/invoices/issue-invoice";
import { recordPayment } from "@/lib/invoices/record-payment";
import { inviteMember } from "@/lib/members/invitations";
import type { OrgContext } from "@/lib/org/context";
import { adjustStock } from "@/lib/parts/adjust-stock";
import { createPart } from "@/lib/parts/save-part";
import { markPurchaseOrderOrdered } from "@/lib/purchase-orders/change-purchase-order-status";
import { createPurchaseOrder } from "@/lib/purchase-orders/create-purchase-order";
import { addPurchaseOrderLine } from "@/lib/purchase-orders/purchase-order-lines";
import { assignTechnician } from "@/lib/repair-orders/assign-technician";
import { createRepairOrder } from "@/lib/repair-orders/create-repair-order";
import { addJob, addLine, ZAddLine } from "@/lib/repair-orders/edit-jobs";
import { moveRepairOrder } from "@/lib/repair-orders/move-repair-order";
import { createSupplier } from "@/lib/suppliers/save-supplier";
import { clockOn } from "@/lib/time-entries/clock-on";
import { addVehicle, ZVehicle } from "@/lib/vehicles/save-vehicle";
import { DEMO_PASSWORD, DEMO_SLUG, seedDemoWorkshop } from "@/prisma/seed";
import { contextFor, lastMailTo, linkIn, origin } from "./accounts";
import type { TestDatabase } from "./test-database";

export const OWNER_EMAIL = "owner@demo-motors.test";
export const TECHNICIAN_EMAIL = "tech@demo-motors.test";
export { DEMO_PASSWORD, DEMO_SLUG };

export interface WalkthroughWorkshop {
  owner: OrgContext;
  technician: OrgContext;
  customerId: string;
  appointmentId: string;
  repairOrderId: string;
  inspectionId: string;
  invoiceId: string;
  partId: string;
  supplierId: string;
  purchaseOrderId: string;
  auditSeq: number;
  /** path and query of the customer's emailed estimate */
  estimatePath: string;
  /** path and query of the invitation email's link */
  invitationPath: string;
  /** path and query of the password reset email's link */
  resetPath: string;
}

const today = () => new Date().toISOString().slice(0, 10);

/** A weekday at least a week ahead, so the booking is still to come. */
function futureWeekday(): string {
  const day = new Date(Date.now() + 7 * 86_400_000);
  while (day.getUTCDay() === 0 || day.getUTCDay() === 6) day.setUTCDate(day.getUTCDate() + 1);
  return day.toISOString().slice(0, 10);
}

const pathOf = (url: URL) => `${url.pathname}${url.search}`;

export async function seedWalkthroughWorkshop(database: TestDatabase): Promise<WalkthroughWorkshop> {
  await seedDemoWorkshop(database.app);
  const users = await db().user.findMany({ where: { email: { in: [OWNER_EMAIL, TECHNICIAN_EMAIL] } } });
  const userId = (email: string) => users.find((user) => user.email === email)!.id;
  const owner = await contextFor(userId(OWNER_EMAIL), DEMO_SLUG);
  const technician = await contextFor(userId(TECHNICIAN_EMAIL), DEMO_SLUG);

  // A customer with a car in for a service, its service due this month (the reminders page).
  const customer = await createCustomer(owner, { kind: "PERSON", displayName: "Oliver Hughes", email: "oliver.hughes@example.com", phone: "+44 7700 900123", reminderConsent: true });
  const vehicle = await addVehicle(owner, customer.id, ZVehicle.parse({ registration: "OH16 KLM", make: "Ford", model: "Focus", year: "2016", nextServiceDue: today() }));

  const supplier = await createSupplier(owner, { name: "Euro Car Parts", email: "trade@eurocarparts.example.com", phone: "+44 121 496 0000", accountNumber: "ECP-42" });
  const pads = await createPart(owner, { sku: "bp-1044", brand: "Brembo", description: "Front brake pads", cost: "31.20", priceRule: "MARKUP", markup: "60", reorderLevel: "4", defaultSupplierId: supplier.id });
  const filter = await createPart(owner, { sku: "of-220", brand: "Mann", description: "Oil filter", cost: "4.10", priceRule: "FIXED", price: "9.50", reorderLevel: "2", defaultSupplierId: supplier.id });
  const location = await withTenant(owner.orgId, (tx) => tx.location.findFirstOrThrow({}));
  await adjustStock(owner, { partId: filter.id, locationId: location.id, change: "+6", note: "stock take: a box of six on the shelf" });
  await adjustStock(owner, { partId: pads.id, locationId: location.id, change: "+1", note: "stock take: one set left" });

  const order = await createRepairOrder(owner, { customerId: customer.id, vehicleId: vehicle.id, concerns: "Annual service; squeal when braking" });
  const service = await addJob(owner, { repairOrderId: order.id, title: "Annual service" });
  await addLine(owner, ZAddLine.parse({ jobId: service.id, kind: "LABOUR", description: "Annual service", quantity: "1.5", technicianUserId: technician.userId }));
  await addLine(owner, ZAddLine.parse({ jobId: service.id, kind: "PART", partId: filter.id, quantity: "1" }));
  const brakes = await addJob(owner, { repairOrderId: order.id, title: "Front brake pads" });
  await addLine(owner, ZAddLine.parse({ jobId: brakes.id, kind: "LABOUR", description: "Replace front pads", quantity: "1", technicianUserId: technician.userId }));
  await addLine(owner, ZAddLine.parse({ jobId: brakes.id, kind: "PART", partId: pads.id, quantity: "1" }));
  await assignTechnician(owner, order.id, technician.userId);
  await recordApproval(owner, { repairOrderId: order.id, approverName: "Oliver Hughes", channel: "PHONE" }, { [service.id]: "APPROVED", [brakes.id]: "APPROVED" });
  await moveRepairOrder(owner, order.id, "IN_PROGRESS");
  await clockOn(technician, { jobId: service.id });

  // The technician's inspection: the pads red with a photo, the rest green.
  const template = await withTenant(owner.orgId, (tx) => tx.inspectionTemplate.findFirstOrThrow({}));
  const inspection = await startInspection(technician, { repairOrderId: order.id, templateId: template.id });
  const items = await withTenant(owner.orgId, (tx) => tx.inspectionItem.findMany({ where: { inspectionId: inspection.id }, orderBy: { position: "asc" } }));
  const isPads = (item: { label: string }) => item.label.toLowerCase().includes("pad");
  for (const item of [...items.slice(0, 5).filter((item) => !isPads(item)), ...items.filter(isPads)]) {
    const red = isPads(item);
    await rateItem(technician, {
      itemId: item.id, rating: red ? "RED" : "GREEN",
      note: red ? "Down to the wear indicator." : undefined, measurement: item.measurementUnit ? (red ? "2.5" : "7") : undefined,
    });
  }
  const photographed = items.find(isPads) ?? items[0]!;
  const photo = await readFile(path.join(__dirname, "../fixtures/brake-pad.jpg"));
  await addInspectionPhoto(technician, { inspectionItemId: photographed.id, bytes: photo, originalName: "IMG_0001.jpg" });

  // The purchase order for more pads, sent to the supplier.
  const purchaseOrder = await createPurchaseOrder(owner, { supplierId: supplier.id, locationId: location.id, notes: "Deliver to the back door" });
  await addPurchaseOrderLine(owner, { purchaseOrderId: purchaseOrder.id, partId: pads.id, quantity: "4" });
  await markPurchaseOrderOrdered(owner, purchaseOrder.id);

  // A finished visit, invoiced and part paid.
  const raj = await withTenant(owner.orgId, (tx) => tx.customer.findFirstOrThrow({ where: { displayName: "Raj Patel" }, include: { vehicles: true } }));
  const finished = await createRepairOrder(owner, { customerId: raj.id, vehicleId: raj.vehicles[0]!.id, concerns: "Brake judder" });
  const discs = await addJob(owner, { repairOrderId: finished.id, title: "Front discs and pads" });
  await addLine(owner, ZAddLine.parse({ jobId: discs.id, kind: "LABOUR", description: "Replace discs and pads", quantity: "2", technicianUserId: technician.userId }));
  await addLine(owner, ZAddLine.parse({ jobId: discs.id, kind: "PART", description: "Disc and pad kit", quantity: "1", unitPrice: "189.00", unitCost: "96.00" }));
  await recordApproval(owner, { repairOrderId: finished.id, approverName: "Raj Patel", channel: "IN_PERSON" }, { [discs.id]: "APPROVED" });
  await moveRepairOrder(owner, finished.id, "IN_PROGRESS");
  await moveRepairOrder(owner, finished.id, "READY");
  const invoice = await issueInvoice(owner, finished.id);
  await recordPayment(owner, { invoiceId: invoice.id, method: "CARD", amount: "100.00", reference: "Card terminal 0042" });

  // An estimate emailed to Jane: the public link.
  const jane = await withTenant(owner.orgId, (tx) => tx.customer.findFirstOrThrow({ where: { displayName: "Jane Miller" }, include: { vehicles: true } }));
  const estimate = await createRepairOrder(owner, { customerId: jane.id, vehicleId: jane.vehicles[0]!.id, concerns: "Clutch slipping" });
  const clutch = await addJob(owner, { repairOrderId: estimate.id, title: "Clutch replacement" });
  await addLine(owner, ZAddLine.parse({ jobId: clutch.id, kind: "LABOUR", description: "Replace clutch", quantity: "4" }));
  await addLine(owner, ZAddLine.parse({ jobId: clutch.id, kind: "PART", description: "Clutch kit", quantity: "1", unitPrice: "289.00", unitCost: "151.00" }));
  await sendApprovalLink(owner, { repairOrderId: estimate.id, email: jane.email! });
  const estimatePath = pathOf(linkIn((await lastMailTo(jane.email!))?.text));

  const bay = await withTenant(owner.orgId, (tx) => tx.bay.findFirstOrThrow({ orderBy: { position: "asc" } }));
  const day = futureWeekday();
  const appointment = await createAppointment(
    owner,
    { locationId: location.id, customerId: jane.id, vehicleId: jane.vehicles[0]!.id, bayId: bay.id, startsAt: `${day}T09:00`, endsAt: `${day}T10:30`, concerns: "Annual service", status: "CONFIRMED" },
    { source: "STAFF" },
  );

  await createApiKey(owner, { name: "Accounts sync", scope: "READ" });
  const emily = await withTenant(owner.orgId, (tx) => tx.customer.findFirstOrThrow({ where: { displayName: "Emily Chen" } }));
  await requestErasure(owner, emily.id, "Asked by email to be forgotten");

  const invitee = "new.advisor@example.com";
  await inviteMember(owner, { email: invitee, role: "SERVICE_ADVISOR" });
  const invitationPath = pathOf(linkIn((await lastMailTo(invitee))?.text));
  // The viewer's reset: asking never signs anyone out, and only submitting the form uses the token.
  await requestPasswordReset("viewer@demo-motors.test", origin());
  const resetPath = pathOf(linkIn((await lastMailTo("viewer@demo-motors.test"))?.text));

  const { seq } = await withTenant(owner.orgId, (tx) => tx.auditLog.findFirstOrThrow({ orderBy: { seq: "desc" }, select: { seq: true } }));
  return {
    owner, technician, customerId: customer.id, appointmentId: appointment.id, repairOrderId: order.id, inspectionId: inspection.id,
    invoiceId: invoice.id, partId: pads.id, supplierId: supplier.id, purchaseOrderId: purchaseOrder.id, auditSeq: Number(seq),
    estimatePath, invitationPath, resetPath,
  };
}
