// What the workshop emailed the customer. AWMS keeps no copy of a sent message
// in the workshop's records, so each email is described by the record that
// proves it went out: the estimate link (with the address it went to), the
// audit entry of an appointment confirmation or reminder, and the service
// reminder row. (The developer outbox table has no workshop, so it is never
// read here: it could hold another workshop's mail to the same address.)
import type { TenantTx } from "@/lib/db";
import { MAIL_SENT_ACTION } from "@/lib/appointments/send-appointment-email";
import { subjectOrders, type ExportRow, type ExportSection, type ExportSubject, type RowSource } from "./export-section";

const APPOINTMENT_KINDS: Record<string, string> = {
  [MAIL_SENT_ACTION.confirmation]: "appointment-confirmation",
  [MAIL_SENT_ACTION.reminder]: "appointment-reminder",
};

const after = (afterId: string | null) => (afterId ? { id: { gt: afterId } } : {});

const estimateLinks: RowSource = {
  count: (tx, subject) => tx.approvalLink.count({ where: subject.scope === "CUSTOMER" ? { repairOrder: subjectOrders(subject.customerId) } : {} }),
  batch: async (tx, subject, afterId, limit) => {
    const links = await tx.approvalLink.findMany({
      where: { AND: [subject.scope === "CUSTOMER" ? { repairOrder: subjectOrders(subject.customerId) } : {}, after(afterId)] },
      orderBy: { id: "asc" }, take: limit, select: { id: true, sentTo: true, createdAt: true, repairOrderId: true },
    });
    return links.map((link): ExportRow => ({
      id: link.id, channel: "email", kind: "estimate-approval-link", to: link.sentTo, sentAt: link.createdAt, aboutType: "RepairOrder", aboutId: link.repairOrderId,
    }));
  },
};

async function appointmentFilter(tx: TenantTx, subject: ExportSubject) {
  const base = { action: { in: Object.keys(APPOINTMENT_KINDS) }, targetType: "Appointment" };
  if (subject.scope === "ORGANIZATION") return base;
  const appointments = await tx.appointment.findMany({ where: { customerId: subject.customerId }, select: { id: true } });
  return { ...base, targetId: { in: appointments.map((appointment) => appointment.id) } };
}

const appointmentEmails: RowSource = {
  count: async (tx, subject) => tx.auditLog.count({ where: await appointmentFilter(tx, subject) }),
  batch: async (tx, subject, afterId, limit) => {
    const entries = await tx.auditLog.findMany({
      where: { AND: [await appointmentFilter(tx, subject), after(afterId)] },
      orderBy: { id: "asc" }, take: limit, select: { id: true, action: true, createdAt: true, targetId: true },
    });
    return entries.map((entry): ExportRow => ({
      id: entry.id, channel: "email", kind: APPOINTMENT_KINDS[entry.action]!, to: null, sentAt: entry.createdAt, aboutType: "Appointment", aboutId: entry.targetId,
    }));
  },
};

const reminderWhere = (subject: ExportSubject) => ({ sentAt: { not: null }, ...(subject.scope === "CUSTOMER" ? { customerId: subject.customerId } : {}) });

const reminderEmails: RowSource = {
  count: (tx, subject) => tx.serviceReminder.count({ where: reminderWhere(subject) }),
  batch: async (tx, subject, afterId, limit) => {
    const reminders = await tx.serviceReminder.findMany({
      where: { AND: [reminderWhere(subject), after(afterId)] },
      orderBy: { id: "asc" }, take: limit, select: { id: true, kind: true, sentAt: true, vehicleId: true },
    });
    return reminders.map((reminder): ExportRow => ({
      id: reminder.id, channel: "email", kind: reminder.kind === "SERVICE" ? "service-reminder" : "inspection-reminder", to: null,
      sentAt: reminder.sentAt, aboutType: "Vehicle", aboutId: reminder.vehicleId,
    }));
  },
};

export const COMMUNICATIONS: ExportSection = {
  file: "communications.json",
  description:
    "Emails the workshop sent to the customer through AWMS, one record each: estimate links, appointment confirmations and reminders, service and inspection reminders. The text of a message is not kept by AWMS.",
  scopes: ["CUSTOMER", "ORGANIZATION"],
  fields: {
    id: "uuid: the record that proves the email (approval link, audit entry or service reminder)",
    channel: "email",
    kind: "estimate-approval-link | appointment-confirmation | appointment-reminder | service-reminder | inspection-reminder",
    to: "string or null: the address, where it was recorded (otherwise the customer's email at the time)",
    sentAt: "timestamp (UTC)",
    aboutType: "RepairOrder | Appointment | Vehicle",
    aboutId: "uuid: the record the email was about",
  },
  sources: [estimateLinks, appointmentEmails, reminderEmails],
};
