// The workshop's own records, only in a whole-workshop export. Secrets stay out
// by construction: every file selects only the fields documented here, and none
// of those is a password hash, a two-factor secret, a key hash or a token hash.
import { tableSource, type ExportSection, type FieldDocs, type NestedDocs, type RowSource } from "./export-section";

const ID = "uuid: this record's id";
const CREATED = "timestamp (UTC, ISO 8601): when the record was created";
const UPDATED = "timestamp (UTC, ISO 8601): when the record last changed";
const ALL = () => null;

function workshopFile(file: string, table: string, description: string, fields: FieldDocs, nested?: Record<string, NestedDocs>): ExportSection {
  return { file, description, scopes: ["ORGANIZATION"], fields, nested, sources: [tableSource(table, ALL, fields, nested)] };
}

export const LOCATIONS = workshopFile("locations.json", "Location", "Workshop sites with their opening hours.", {
  id: ID, name: "string", timezone: "string: IANA zone", addressLine1: "string or null", city: "string or null", postcode: "string or null",
  phone: "string or null", opensAtMinute: "integer: minutes after local midnight", closesAtMinute: "integer: minutes after local midnight",
  openWeekdays: "array of integers: ISO weekdays open (1 Monday ... 7 Sunday)", bookingSlotMinutes: "integer", createdAt: CREATED, updatedAt: UPDATED,
});

export const BAYS = workshopFile("bays.json", "Bay", "Lifts and work areas at each location.", {
  id: ID, locationId: "uuid: locations.json", name: "string", position: "integer: order on the calendar", active: "boolean", createdAt: CREATED, updatedAt: UPDATED,
});

const USER = "uuid: a member (members.json userId)";

export const TIME_ENTRIES = workshopFile("time-entries.json", "TimeEntry", "Technicians' time clocked on jobs.", {
  id: ID, technicianUserId: USER, repairOrderId: "uuid", jobId: "uuid", startedAt: "timestamp", endedAt: "timestamp or null (still clocked on)",
  createdAt: CREATED, updatedAt: UPDATED,
});

export const CANNED_JOBS = workshopFile("canned-jobs.json", "CannedJob", "Reusable job templates with their lines.", {
  id: ID, title: "string", createdAt: CREATED, updatedAt: UPDATED,
}, {
  lines: {
    description: "The template's lines", table: "CannedJobLine", parentKey: "cannedJobId", orderBy: `c.position, c.id`,
    fields: {
      id: ID, position: "integer", kind: "LABOUR | PART | FEE | DISCOUNT", description: "string", quantityMilli: "integer: thousandths",
      unitPriceMinor: "integer or null: minor units (null for labour: the workshop's rate)", unitCostMinor: "integer or null", createdAt: CREATED, updatedAt: UPDATED,
    },
  },
});

export const INSPECTION_TEMPLATES = workshopFile("inspection-templates.json", "InspectionTemplate", "The workshop's inspection checklists.", {
  id: ID, name: "string", active: "boolean", createdAt: CREATED, updatedAt: UPDATED,
}, {
  items: {
    description: "Checklist items", table: "InspectionTemplateItem", parentKey: "templateId", orderBy: `c.position, c.id`,
    fields: { id: ID, position: "integer", section: "string or null", label: "string", measurementUnit: "string or null", createdAt: CREATED },
  },
});

export const SUPPLIERS = workshopFile("suppliers.json", "Supplier", "Parts suppliers.", {
  id: ID, name: "string", email: "string or null", phone: "string or null", accountNumber: "string or null: the workshop's account with the supplier",
  createdAt: CREATED, updatedAt: UPDATED,
});

export const PARTS = workshopFile("parts.json", "Part", "The parts catalogue.", {
  id: ID, sku: "string", brand: "string or null", description: "string", costMinor: "integer: cost, minor units",
  priceMinor: "integer or null: fixed selling price, minor units", markupBp: "integer or null: markup on cost in basis points",
  reorderLevelMilli: "integer: thousandths of a unit", defaultSupplierId: "uuid or null: suppliers.json", active: "boolean", createdAt: CREATED, updatedAt: UPDATED,
});

export const STOCK_LEVELS = workshopFile("stock-levels.json", "StockLevel", "Stock on hand of each part at each location.", {
  id: ID, locationId: "uuid", partId: "uuid", onHandMilli: "integer: thousandths of a unit", updatedAt: UPDATED,
});

export const STOCK_MOVEMENTS = workshopFile("stock-movements.json", "StockMovement", "The stock ledger: every receipt, fitting, adjustment and return.", {
  id: ID, locationId: "uuid", partId: "uuid", kind: "RECEIVED | FITTED | ADJUSTED | RETURNED", quantityMilli: "integer: signed thousandths of a unit",
  unitCostMinor: "integer or null", jobLineId: "uuid or null", purchaseOrderLineId: "uuid or null", note: "string or null", userId: USER, createdAt: CREATED,
});

export const PURCHASE_ORDERS = workshopFile("purchase-orders.json", "PurchaseOrder", "Orders to suppliers with their lines.", {
  id: ID, number: "integer", supplierId: "uuid", locationId: "uuid", status: "DRAFT | ORDERED | PARTIALLY_RECEIVED | RECEIVED | CANCELLED",
  orderedAt: "timestamp or null", expectedAt: "timestamp or null", notes: "string or null", createdByUserId: USER, createdAt: CREATED, updatedAt: UPDATED,
}, {
  lines: {
    description: "What was ordered", table: "PurchaseOrderLine", parentKey: "purchaseOrderId", orderBy: `c.id`,
    fields: {
      id: ID, partId: "uuid", quantityMilli: "integer: thousandths", receivedMilli: "integer: thousandths received", unitCostMinor: "integer: minor units",
      jobLineId: "uuid or null: the repair order line waiting for it", createdAt: CREATED, updatedAt: UPDATED,
    },
  },
});

export const API_KEYS = workshopFile("api-keys.json", "ApiKey", "API keys of the workshop's integrations: what they are, never the key or its hash.", {
  id: ID, name: "string", scope: "READ | READ_WRITE | ADMIN", lastFour: "string: the key's last four characters", createdByUserId: USER,
  lastUsedAt: "timestamp or null", revokedAt: "timestamp or null", createdAt: CREATED, updatedAt: UPDATED,
});

export const INVITATIONS = workshopFile("invitations.json", "Invitation", "Invitations to join the workshop (never the invitation's secret).", {
  id: ID, email: "string", role: "OWNER | ADMIN | SERVICE_ADVISOR | TECHNICIAN | VIEWER", invitedByUserId: USER, expiresAt: "timestamp",
  acceptedAt: "timestamp or null", revokedAt: "timestamp or null", createdAt: CREATED, updatedAt: UPDATED,
});

const MEMBER_FIELDS: FieldDocs = {
  id: "uuid: the membership", userId: "uuid: the person (other files name members by this id)", name: "string", email: "string",
  role: "OWNER | ADMIN | SERVICE_ADVISOR | TECHNICIAN | VIEWER", createdAt: "timestamp: when they joined", updatedAt: UPDATED,
};

/** Memberships with each member's name and email (never anything else of the global user row). */
const members: RowSource = {
  count: async (reader) => Number((await reader.query<{ count: string }>(`SELECT count(*) AS count FROM "Membership" WHERE "organizationId" = $1`))[0]?.count ?? 0),
  batch: (reader, _subject, afterId, limit) =>
    reader.query(
      `SELECT m.id, m."userId", u.name, u.email, m.role, m."createdAt", m."updatedAt"
         FROM "Membership" m JOIN "User" u ON u.id = m."userId"
        WHERE m."organizationId" = $1 ${afterId ? `AND m.id > $2::uuid` : ""}
        ORDER BY m.id LIMIT ${Math.floor(limit)}`,
      afterId ? [afterId] : [],
    ),
};

export const MEMBERS: ExportSection = {
  file: "members.json", description: "The workshop's members and their roles.", scopes: ["ORGANIZATION"], fields: MEMBER_FIELDS, sources: [members],
};
