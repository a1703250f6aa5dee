// What the workshop emailed the customer. AWMS keeps no copy of a sent message
// in the workshop's records, so each email is described by the record that
// proves it went out: the estimate link (with the address it went to), the
// audit entry of an appointment confirmation or reminder, and the service
// reminder row. (The developer outbox table has no workshop, so it is never
// read here: it could hold another workshop's mail to the same address.)
import { MAIL_SENT_ACTION } from "@/lib/appointments/send-appointment-email";
import { SUBJECT_ORDERS, type ExportRow, type ExportSection, type ExportSubject, type RowSource } from "./export-section";
import type { TenantReader } from "./tenant-reader";

/**
 * One kind of email: `select` reads (t) columns as id, kind, "to", "sentAt",
 * "aboutType", "aboutId"; `where` the subject's rows with $2 the customer.
 */
function mailSource(table: string, select: string, always: string, subjectWhere: string): RowSource {
  const query = (reader: TenantReader, subject: ExportSubject, what: string, afterId: string | null, tail: string) => {
    const params: unknown[] = subject.scope === "CUSTOMER" ? [subject.customerId] : [];
    const clauses = [`t."organizationId" = $1`, always];
    if (subject.scope === "CUSTOMER") clauses.push(subjectWhere);
    if (afterId) {
      params.push(afterId);
      clauses.push(`t.id > $${params.length + 1}::uuid`);
    }
    return reader.query<ExportRow>(`SELECT ${what} FROM "${table}" t WHERE ${clauses.join(" AND ")} ${tail}`, params);
  };
  return {
    count: async (reader, subject) => Number((await query(reader, subject, "count(*) AS id", null, ""))[0]?.id ?? 0),
    batch: async (reader, subject, afterId, limit) =>
      (await query(reader, subject, select, afterId, `ORDER BY t.id LIMIT ${Math.floor(limit)}`)).map((row): ExportRow => ({ ...row, channel: "email" })),
  };
}

const estimateLinks = mailSource(
  "ApprovalLink",
  `t.id, 'estimate-approval-link' AS kind, t."sentTo" AS "to", t."createdAt" AS "sentAt", 'RepairOrder' AS "aboutType", t."repairOrderId" AS "aboutId"`,
  "true",
  `t."repairOrderId" IN (${SUBJECT_ORDERS})`,
);

const appointmentEmails = mailSource(
  "AuditLog",
  `t.id, CASE t.action WHEN '${MAIL_SENT_ACTION.confirmation}' THEN 'appointment-confirmation'
     WHEN '${MAIL_SENT_ACTION.cancellation}' THEN 'appointment-cancellation' ELSE 'appointment-reminder' END AS kind,
   NULL AS "to", t."createdAt" AS "sentAt", 'Appointment' AS "aboutType", t."targetId" AS "aboutId"`,
  `t.action IN ('${MAIL_SENT_ACTION.confirmation}', '${MAIL_SENT_ACTION.reminder}', '${MAIL_SENT_ACTION.cancellation}') AND t."targetType" = 'Appointment'`,
  `t."targetId" IN (SELECT a.id::text FROM "Appointment" a WHERE a."organizationId" = $1 AND a."customerId" = $2)`,
);

const reminderEmails = mailSource(
  "ServiceReminder",
  `t.id, CASE t.kind WHEN 'SERVICE' THEN 'service-reminder' ELSE 'inspection-reminder' END AS kind,
   NULL AS "to", t."sentAt", 'Vehicle' AS "aboutType", t."vehicleId" AS "aboutId"`,
  `t."sentAt" IS NOT NULL`,
  `t."customerId" = $2`,
);

export const COMMUNICATIONS: ExportSection = {
  file: "communications.json",
  description:
    "Emails the workshop sent to the customer through AWMS, one record each: estimate links, appointment confirmations, reminders and cancellations, service and inspection reminders. The text of a message is not kept by AWMS.",
  scopes: ["CUSTOMER", "ORGANIZATION"],
  fields: {
    id: "uuid: the record that proves the email (approval link, audit entry or service reminder)",
    kind: "estimate-approval-link | appointment-confirmation | appointment-reminder | service-reminder | inspection-reminder",
    to: "string or null: the address, where it was recorded (otherwise the customer's email at the time)",
    sentAt: "timestamp (UTC)",
    aboutType: "RepairOrder | Appointment | Vehicle",
    aboutId: "uuid: the record the email was about",
    channel: "email",
  },
  sources: [estimateLinks, appointmentEmails, reminderEmails],
};
