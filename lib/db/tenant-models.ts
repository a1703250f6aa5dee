import type { Prisma } from "@/lib/generated/prisma/client";

/**
 * Models whose table carries organizationId and row-level security.
 * __tests__/integration/tenancy-catalog.test.ts compares this list with the
 * database catalog, so a new tenant table cannot be missed here.
 */
export const TENANT_MODELS = [
  "Membership",
  "Invitation",
  "Location",
  "Customer",
  "CustomerContact",
  "Vehicle",
  "RepairOrder",
  "Job",
  "JobLine",
  "CannedJob",
  "CannedJobLine",
  "ApprovalLink",
  "JobDecision",
  "Recommendation",
  "Invoice",
  "Payment",
  "AuditLog",
  "Bay",
  "Appointment",
  "ApiKey",
  "TimeEntry",
  "InspectionTemplate",
  "InspectionTemplateItem",
  "Inspection",
  "InspectionItem",
  "Attachment",
  "Supplier",
  "Part",
  "StockLevel",
  "StockMovement",
  "PurchaseOrder",
  "PurchaseOrderLine",
  "ServiceReminder",
  "PrivacyRequest",
  "DataSubjectKey",
] as const satisfies readonly Prisma.ModelName[];

export type TenantModel = (typeof TENANT_MODELS)[number];

const tenantModels: ReadonlySet<string> = new Set(TENANT_MODELS);

export function isTenantModel(model: string): model is TenantModel {
  return tenantModels.has(model);
}
