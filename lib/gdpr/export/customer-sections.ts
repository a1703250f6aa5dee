// The files about customers and their visits: in a customer's export, only that
// customer's rows; in a whole-workshop export, every customer's. Token hashes of
// approval links are never selected.
import { bySubject, SUBJECT_ORDERS, tableSource, type ExportSection } from "./export-section";

const ID = "uuid: this record's id";
const CREATED = "timestamp (UTC, ISO 8601): when the record was created";
const UPDATED = "timestamp (UTC, ISO 8601): when the record last changed";
const MONEY = (what: string) => `integer: ${what}, in minor units of the workshop's currency (pence, cents)`;

export const CUSTOMERS: ExportSection = {
  file: "customers.json",
  description: "The customer (a person, business or fleet) with their contact details and consents.",
  scopes: ["CUSTOMER", "ORGANIZATION"],
  fields: {
    id: ID, kind: "PERSON | BUSINESS | FLEET", displayName: "string: full name or company name",
    email: "string or null", phone: "string or null",
    marketingConsent: "boolean: agreed to marketing", smsConsent: "boolean: agreed to text messages",
    reminderConsent: "boolean: agreed to service and inspection reminders by email",
    addressLine1: "string or null", city: "string or null", postcode: "string or null",
    paymentTermsDays: "integer: days to pay an invoice (0: on collection)", notes: "string or null: the workshop's notes",
    createdAt: CREATED, updatedAt: UPDATED,
  },
  sources: [],
};
CUSTOMERS.sources.push(tableSource("Customer", bySubject(`t.id = $2`), CUSTOMERS.fields));

export const CUSTOMER_CONTACTS: ExportSection = {
  file: "customer-contacts.json",
  description: "People to deal with at a business or fleet customer (driver, fleet manager, accounts).",
  scopes: ["CUSTOMER", "ORGANIZATION"],
  fields: {
    id: ID, customerId: "uuid: the customer (customers.json)", name: "string", role: "string or null: e.g. Fleet manager",
    email: "string or null", phone: "string or null", createdAt: CREATED, updatedAt: UPDATED,
  },
  sources: [],
};
CUSTOMER_CONTACTS.sources.push(tableSource("CustomerContact", bySubject(`t."customerId" = $2`), CUSTOMER_CONTACTS.fields));

export const VEHICLES: ExportSection = {
  file: "vehicles.json",
  description: "Vehicles with their identification, latest odometer reading and due dates. (Odometer readings of each visit are on the repair orders: odometerIn, odometerOut.)",
  scopes: ["CUSTOMER", "ORGANIZATION"],
  fields: {
    id: ID, customerId: "uuid: the owner (customers.json)", vin: "string or null: vehicle identification number",
    registration: "string or null: registration plate", make: "string or null", model: "string or null", year: "integer or null",
    engine: "string or null", fuel: "PETROL | DIESEL | HYBRID | PLUG_IN_HYBRID | ELECTRIC | LPG | OTHER, or null",
    odometer: "integer or null: latest reading (miles or km)", nextServiceDue: "date (YYYY-MM-DD) or null", nextServiceOdometer: "integer or null",
    inspectionDue: "date (YYYY-MM-DD) or null: MOT / periodic inspection due", createdAt: CREATED, updatedAt: UPDATED,
  },
  sources: [],
};
VEHICLES.sources.push(tableSource("Vehicle", bySubject(`t."customerId" = $2`), VEHICLES.fields));

export const RECOMMENDATIONS: ExportSection = {
  file: "recommendations.json",
  description: "Work declined or deferred on a visit, kept on the vehicle for a later visit.",
  scopes: ["CUSTOMER", "ORGANIZATION"],
  fields: {
    id: ID, vehicleId: "uuid: vehicles.json", sourceRepairOrderId: "uuid: the visit it came from", sourceJobId: "uuid: the declined job",
    title: "string", grossMinor: MONEY("the job's total including tax when declined"), status: "OPEN | ADDED | DISMISSED",
    addedToRepairOrderId: "uuid or null: the visit it was taken up on", createdAt: CREATED, updatedAt: UPDATED,
  },
  sources: [],
};
RECOMMENDATIONS.sources.push(
  tableSource("Recommendation", bySubject(`t."vehicleId" IN (SELECT v.id FROM "Vehicle" v WHERE v."organizationId" = $1 AND v."customerId" = $2)`), RECOMMENDATIONS.fields),
);

export const APPOINTMENTS: ExportSection = {
  file: "appointments.json",
  description: "Booked visits.",
  scopes: ["CUSTOMER", "ORGANIZATION"],
  fields: {
    id: ID, locationId: "uuid: the workshop site", bayId: "uuid or null", technicianUserId: "uuid or null: the technician booked",
    customerId: "uuid: customers.json", vehicleId: "uuid or null: vehicles.json", startsAt: "timestamp (UTC)", endsAt: "timestamp (UTC)",
    status: "REQUESTED | CONFIRMED | ARRIVED | CONVERTED | NO_SHOW | CANCELLED", source: "STAFF | ONLINE | API: where the booking came from",
    concerns: "string or null: what the customer described", repairOrderId: "uuid or null: the visit it became", createdAt: CREATED, updatedAt: UPDATED,
  },
  sources: [],
};
APPOINTMENTS.sources.push(tableSource("Appointment", bySubject(`t."customerId" = $2`), APPOINTMENTS.fields));

const LINE_FIELDS = {
  id: ID, kind: "LABOUR | PART | FEE | DISCOUNT", description: "string",
  quantityMilli: "integer: quantity in thousandths (1.5 hours = 1500)", unitPriceMinor: MONEY("price per unit"),
  unitCostMinor: "integer or null: what a part cost the workshop per unit (minor units)", taxRateBp: "integer: tax rate in basis points (2000 = 20 %)",
  technicianUserId: "uuid or null: who did the labour", partStatus: "NEEDED | ORDERED | RECEIVED | FITTED, or null", partId: "uuid or null: the catalogue part",
  createdAt: CREATED, updatedAt: UPDATED,
};

const JOB_FIELDS = {
  id: ID, position: "integer: order on the repair order", title: "string", approval: "PENDING | APPROVED | DECLINED | DEFERRED",
  createdAt: CREATED, updatedAt: UPDATED,
};

export const REPAIR_ORDERS: ExportSection = {
  file: "repair-orders.json",
  description: "Visits: the vehicle in the workshop, with its jobs and each job's lines.",
  scopes: ["CUSTOMER", "ORGANIZATION"],
  fields: {
    id: ID, number: "integer: the repair order number", status: "ESTIMATE | AWAITING_APPROVAL | APPROVED | IN_PROGRESS | WAITING_PARTS | READY | INVOICED | CLOSED | CANCELLED",
    customerId: "uuid: the customer", billToCustomerId: "uuid: who is billed", vehicleId: "uuid: vehicles.json",
    advisorUserId: "uuid or null: the service advisor", technicianUserId: "uuid or null: the technician assigned",
    odometerIn: "integer or null: odometer reading on arrival", odometerOut: "integer or null: odometer reading on collection",
    promisedAt: "timestamp or null: when the vehicle was promised", concerns: "string or null: what the customer reported",
    createdAt: CREATED, updatedAt: UPDATED,
  },
  nested: {
    jobs: {
      description: "The pieces of work, each approved or declined on its own", fields: JOB_FIELDS, table: "Job", parentKey: "repairOrderId", orderBy: `c.position, c.id`,
      nested: { lines: { description: "Labour, parts, fees and discounts", fields: LINE_FIELDS, table: "JobLine", parentKey: "jobId", orderBy: `c.id` } },
    },
  },
  sources: [],
};
REPAIR_ORDERS.sources.push(tableSource("RepairOrder", bySubject(`t.id IN (${SUBJECT_ORDERS})`), REPAIR_ORDERS.fields, REPAIR_ORDERS.nested));

export const INSPECTIONS: ExportSection = {
  file: "inspections.json",
  description: "Digital vehicle inspections on a visit, with every checklist item, its rating, note and measurement. Photos: photos.json and photos/.",
  scopes: ["CUSTOMER", "ORGANIZATION"],
  fields: {
    id: ID, repairOrderId: "uuid: repair-orders.json", templateId: "uuid or null: the checklist it was copied from", title: "string",
    status: "IN_PROGRESS | COMPLETED", technicianUserId: "uuid or null", completedAt: "timestamp or null", createdAt: CREATED, updatedAt: UPDATED,
  },
  nested: {
    items: {
      description: "Checklist items",
      table: "InspectionItem", parentKey: "inspectionId", orderBy: `c.position, c.id`,
      fields: {
        id: ID, position: "integer", section: "string or null: e.g. Brakes", label: "string", rating: "GREEN | AMBER | RED, or null (not rated)",
        note: "string or null", measurementUnit: "string or null: e.g. mm", measurementMilli: "integer or null: the measurement in thousandths of its unit (3.5 mm = 3500)",
        proposedJobId: "uuid or null: the job proposed from this item", createdAt: CREATED, updatedAt: UPDATED,
      },
    },
  },
  sources: [],
};
INSPECTIONS.sources.push(tableSource("Inspection", bySubject(`t."repairOrderId" IN (${SUBJECT_ORDERS})`), INSPECTIONS.fields, INSPECTIONS.nested));

export const APPROVALS: ExportSection = {
  file: "approvals.json",
  description: "Estimate links emailed to the customer (never the link's secret) and the customer's decision on each job, with the evidence recorded.",
  scopes: ["CUSTOMER", "ORGANIZATION"],
  fields: {
    id: ID, repairOrderId: "uuid: repair-orders.json", sentTo: "string: the email address the link went to", sentByUserId: "uuid",
    expiresAt: "timestamp", usedAt: "timestamp or null: when the customer answered", revokedAt: "timestamp or null", createdAt: CREATED,
  },
  sources: [],
};
APPROVALS.sources.push(tableSource("ApprovalLink", bySubject(`t."repairOrderId" IN (${SUBJECT_ORDERS})`), APPROVALS.fields));

export const JOB_DECISIONS: ExportSection = {
  file: "job-decisions.json",
  description: "Each yes or no to a job: who decided, when, how, and from where.",
  scopes: ["CUSTOMER", "ORGANIZATION"],
  fields: {
    id: ID, repairOrderId: "uuid", jobId: "uuid", decision: "APPROVED | DECLINED | DEFERRED", channel: "LINK | PHONE | IN_PERSON",
    approverName: "string: the name given", grossMinor: MONEY("the job's total when decided"), approvalLinkId: "uuid or null: approvals.json",
    recordedByUserId: "uuid or null: the staff member who recorded a phone or in-person decision", ip: "string or null: address of a link answer",
    userAgent: "string or null: browser of a link answer", decidedAt: "timestamp",
  },
  sources: [],
};
JOB_DECISIONS.sources.push(tableSource("JobDecision", bySubject(`t."repairOrderId" IN (${SUBJECT_ORDERS})`), JOB_DECISIONS.fields));

export const INVOICES: ExportSection = {
  file: "invoices.json",
  description: "Invoices and credit notes (kind), each an immutable snapshot of what was billed, with the payments received.",
  scopes: ["CUSTOMER", "ORGANIZATION"],
  fields: {
    id: ID, kind: "INVOICE | CREDIT_NOTE", number: "integer: number within its kind", repairOrderId: "uuid", customerId: "uuid: the customer billed",
    creditedInvoiceId: "uuid or null: for a credit note, the invoice it corrects", currency: "string: ISO 4217",
    pricesIncludeTax: "boolean", netMinor: MONEY("net total (negative on a credit note)"), taxMinor: MONEY("tax"), grossMinor: MONEY("gross total"),
    snapshot: "object: everything printed (workshop, customer, vehicle, lines, tax breakdown)", issuedByUserId: "uuid", issuedAt: "timestamp", dueAt: "timestamp",
  },
  nested: {
    payments: {
      description: "Money received against the invoice",
      table: "Payment", parentKey: "invoiceId", orderBy: `c.id`,
      fields: {
        id: ID, method: "CASH | CARD | BANK_TRANSFER", amountMinor: MONEY("amount"), reference: "string or null",
        receivedAt: "timestamp", recordedByUserId: "uuid", createdAt: CREATED,
      },
    },
  },
  sources: [],
};
INVOICES.sources.push(tableSource("Invoice", bySubject(`t."customerId" = $2`), INVOICES.fields, INVOICES.nested));

export const SERVICE_REMINDERS: ExportSection = {
  file: "service-reminders.json",
  description: "Service and inspection reminders sent to the customer, or not sent and why.",
  scopes: ["CUSTOMER", "ORGANIZATION"],
  fields: {
    id: ID, vehicleId: "uuid", customerId: "uuid", kind: "SERVICE | INSPECTION", dueOn: "date (YYYY-MM-DD): what the reminder was for",
    sentAt: "timestamp or null", skippedReason: "string or null: why it was not sent", createdAt: CREATED,
  },
  sources: [],
};
SERVICE_REMINDERS.sources.push(tableSource("ServiceReminder", bySubject(`t."customerId" = $2`), SERVICE_REMINDERS.fields));
