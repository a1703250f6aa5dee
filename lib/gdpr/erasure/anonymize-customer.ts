// What erasure does to one customer, in the caller's transaction. Every choice
// of what goes and what stays is listed in docs/GDPR.md ("Erasure").
import type { Prisma } from "@/lib/generated/prisma/client";
import { shredSubjectKey } from "@/lib/audit/personal-data";
import { tenantOf, type TenantTx } from "@/lib/db";
import { customerFootprint } from "./customer-footprint";
import { erasedLabel } from "./erased-label";

export interface AnonymizedCounts {
  contacts: number;
  vehicles: number;
  repairOrders: number;
  appointments: number;
  inspectionNotes: number;
  photos: number;
  approvalLinks: number;
  decisions: number;
  reminders: number;
  invoices: number;
  outboxEmails: number;
  auditKeys: number;
}

/** Values that identify the person, for finding the developer outbox's copies of mail about them. */
function identifying(values: Array<string | null>): string[] {
  return [...new Set(values.filter((value): value is string => typeof value === "string" && value.trim().length >= 4).map((value) => value.trim()))];
}

/**
 * Anonymizes the customer everywhere in their workshop. Safe to run again (a
 * retry after a failure): every step sets the same end state. The photos' files
 * must already be deleted (their rows go here). Needs a RUNNING erasure request
 * in the workshop: the database refuses invoice and decision changes otherwise.
 */
export async function anonymizeCustomer(tx: TenantTx, global: Prisma.TransactionClient, customerId: string): Promise<AnonymizedCounts> {
  const orgId = tenantOf(tx);
  const label = erasedLabel(customerId);
  const customer = await tx.customer.findFirst({ where: { id: customerId }, select: { displayName: true, email: true, phone: true } });
  if (!customer) throw new Error("the customer to erase no longer exists");
  const contacts = await tx.customerContact.findMany({ where: { customerId }, select: { name: true, email: true, phone: true } });
  const footprint = await customerFootprint(tx, customerId);
  const vehicles = await tx.vehicle.findMany({ where: { id: { in: footprint.vehicleIds } }, select: { registration: true, vin: true } });
  const orders = { in: footprint.repairOrderIds };

  // Mail first, while the addresses and names are still known.
  const emails = [customer.email, ...contacts.map((contact) => contact.email)].filter((email): email is string => Boolean(email)).map((email) => email.toLowerCase());
  const mentions = identifying([customer.displayName === label ? null : customer.displayName, customer.email, customer.phone, ...contacts.flatMap((c) => [c.name, c.email, c.phone]), ...vehicles.flatMap((v) => [v.registration, v.vin])]);
  const outbox = emails.length + mentions.length === 0 ? { count: 0 } : await global.outboxEmail.deleteMany({
    where: {
      OR: [
        ...(emails.length ? [{ to: { in: emails, mode: "insensitive" as const } }] : []),
        ...mentions.flatMap((value) => [{ subject: { contains: value, mode: "insensitive" as const } }, { text: { contains: value, mode: "insensitive" as const } }]),
      ],
    },
  });

  const removedContacts = await tx.customerContact.deleteMany({ where: { customerId } });
  await tx.customer.updateMany({
    where: { id: customerId },
    data: {
      displayName: label, email: null, phone: null, addressLine1: null, city: null, postcode: null, notes: null,
      marketingConsent: false, smsConsent: false, reminderConsent: false,
    },
  });
  // Make, model, year, engine, fuel and mileage stay: without a plate or VIN and under an erased owner they identify nobody.
  const erasedVehicles = await tx.vehicle.updateMany({ where: { id: { in: footprint.vehicleIds } }, data: { registration: null, vin: null } });
  const erasedOrders = await tx.repairOrder.updateMany({ where: { id: orders }, data: { concerns: null } });
  const appointments = await tx.appointment.updateMany({
    where: { OR: [{ customerId }, { vehicleId: { in: footprint.vehicleIds } }, { repairOrderId: orders }] },
    data: { concerns: null },
  });
  const items = await tx.inspectionItem.updateMany({ where: { inspection: { repairOrderId: orders }, note: { not: null } }, data: { note: null } });
  const photos = await tx.attachment.deleteMany({ where: { inspectionItem: { inspection: { repairOrderId: orders } } } });
  // An open link would still show the estimate and take answers: it stops working too.
  const links = await tx.approvalLink.updateMany({ where: { repairOrderId: orders }, data: { sentTo: "(erased)" } });
  await tx.approvalLink.updateMany({ where: { repairOrderId: orders, usedAt: null, revokedAt: null }, data: { revokedAt: new Date() } });
  const decisions = await tx.jobDecision.updateMany({ where: { repairOrderId: orders }, data: { approverName: label, ip: null, userAgent: null } });
  const reminders = await tx.serviceReminder.deleteMany({ where: { OR: [{ customerId }, { vehicleId: { in: footprint.vehicleIds } }] } });
  // The one form a retained invoice may take: built by the database function the invoice guard checks against.
  const invoices = await tx.$executeRaw`
    UPDATE "Invoice"
       SET snapshot = gdpr_anonymized_invoice_snapshot(snapshot, CASE WHEN "customerId" = ${customerId}::uuid THEN ${label}::text END)
     WHERE "organizationId" = ${orgId}::uuid
       AND ("customerId" = ${customerId}::uuid OR "repairOrderId" = ANY(${footprint.repairOrderIds}::uuid[]))`;
  const shredded = await shredSubjectKey(tx, customerId);

  return {
    contacts: removedContacts.count, vehicles: erasedVehicles.count, repairOrders: erasedOrders.count, appointments: appointments.count,
    inspectionNotes: items.count, photos: photos.count, approvalLinks: links.count, decisions: decisions.count, reminders: reminders.count,
    invoices, outboxEmails: outbox.count, auditKeys: shredded.length,
  };
}
