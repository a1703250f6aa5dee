-- A new table with organizationId needs, below: RLS enabled + forced, the tenant_isolation policy,
-- grants to awms_app, and an entry in lib/db/tenant-models.ts (the tenancy tests enforce all of it).

-- CreateEnum
CREATE TYPE "InspectionRating" AS ENUM ('GREEN', 'AMBER', 'RED');

-- CreateEnum
CREATE TYPE "InspectionStatus" AS ENUM ('IN_PROGRESS', 'COMPLETED');

-- CreateEnum
CREATE TYPE "AttachmentStorage" AS ENUM ('DISK', 'S3');

-- CreateEnum
CREATE TYPE "StockMovementKind" AS ENUM ('RECEIVED', 'FITTED', 'ADJUSTED', 'RETURNED');

-- CreateEnum
CREATE TYPE "PurchaseOrderStatus" AS ENUM ('DRAFT', 'ORDERED', 'PARTIALLY_RECEIVED', 'RECEIVED', 'CANCELLED');

-- CreateEnum
CREATE TYPE "ServiceReminderKind" AS ENUM ('SERVICE', 'INSPECTION');

-- AlterTable
ALTER TABLE "Organization" ADD COLUMN     "nextPurchaseOrderNumber" INTEGER NOT NULL DEFAULT 1,
ADD COLUMN     "onlineBookingEnabled" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "Location" ADD COLUMN     "bookingSlotMinutes" INTEGER NOT NULL DEFAULT 60,
ADD COLUMN     "closesAtMinute" INTEGER NOT NULL DEFAULT 1050,
ADD COLUMN     "openWeekdays" INTEGER[] DEFAULT ARRAY[1, 2, 3, 4, 5]::INTEGER[],
ADD COLUMN     "opensAtMinute" INTEGER NOT NULL DEFAULT 480;

-- AlterTable
ALTER TABLE "Customer" ADD COLUMN     "reminderConsent" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "JobLine" ADD COLUMN     "partId" UUID;

-- CreateTable
CREATE TABLE "TimeEntry" (
    "organizationId" UUID NOT NULL,
    "id" UUID NOT NULL,
    "technicianUserId" UUID NOT NULL,
    "repairOrderId" UUID NOT NULL,
    "jobId" UUID NOT NULL,
    "startedAt" TIMESTAMPTZ(3) NOT NULL,
    "endedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "TimeEntry_pkey" PRIMARY KEY ("organizationId","id")
);

-- CreateTable
CREATE TABLE "InspectionTemplate" (
    "organizationId" UUID NOT NULL,
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "InspectionTemplate_pkey" PRIMARY KEY ("organizationId","id")
);

-- CreateTable
CREATE TABLE "InspectionTemplateItem" (
    "organizationId" UUID NOT NULL,
    "id" UUID NOT NULL,
    "templateId" UUID NOT NULL,
    "position" INTEGER NOT NULL,
    "section" TEXT,
    "label" TEXT NOT NULL,
    "measurementUnit" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "InspectionTemplateItem_pkey" PRIMARY KEY ("organizationId","id")
);

-- CreateTable
CREATE TABLE "Inspection" (
    "organizationId" UUID NOT NULL,
    "id" UUID NOT NULL,
    "repairOrderId" UUID NOT NULL,
    "templateId" UUID,
    "title" TEXT NOT NULL,
    "status" "InspectionStatus" NOT NULL DEFAULT 'IN_PROGRESS',
    "technicianUserId" UUID,
    "completedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Inspection_pkey" PRIMARY KEY ("organizationId","id")
);

-- CreateTable
CREATE TABLE "InspectionItem" (
    "organizationId" UUID NOT NULL,
    "id" UUID NOT NULL,
    "inspectionId" UUID NOT NULL,
    "position" INTEGER NOT NULL,
    "section" TEXT,
    "label" TEXT NOT NULL,
    "rating" "InspectionRating",
    "note" TEXT,
    "measurementUnit" TEXT,
    "measurementMilli" INTEGER,
    "proposedJobId" UUID,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "InspectionItem_pkey" PRIMARY KEY ("organizationId","id")
);

-- CreateTable
CREATE TABLE "Attachment" (
    "organizationId" UUID NOT NULL,
    "id" UUID NOT NULL,
    "inspectionItemId" UUID,
    "storage" "AttachmentStorage" NOT NULL,
    "storageKey" TEXT NOT NULL,
    "contentType" TEXT NOT NULL,
    "byteSize" INTEGER NOT NULL,
    "sha256" CHAR(64) NOT NULL,
    "originalName" TEXT,
    "uploadedByUserId" UUID NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Attachment_pkey" PRIMARY KEY ("organizationId","id")
);

-- CreateTable
CREATE TABLE "Supplier" (
    "organizationId" UUID NOT NULL,
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "email" TEXT,
    "phone" TEXT,
    "accountNumber" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Supplier_pkey" PRIMARY KEY ("organizationId","id")
);

-- CreateTable
CREATE TABLE "Part" (
    "organizationId" UUID NOT NULL,
    "id" UUID NOT NULL,
    "sku" TEXT NOT NULL,
    "brand" TEXT,
    "description" TEXT NOT NULL,
    "costMinor" INTEGER NOT NULL,
    "priceMinor" INTEGER,
    "markupBp" INTEGER,
    "reorderLevelMilli" INTEGER NOT NULL DEFAULT 0,
    "defaultSupplierId" UUID,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Part_pkey" PRIMARY KEY ("organizationId","id")
);

-- CreateTable
CREATE TABLE "StockLevel" (
    "organizationId" UUID NOT NULL,
    "id" UUID NOT NULL,
    "locationId" UUID NOT NULL,
    "partId" UUID NOT NULL,
    "onHandMilli" INTEGER NOT NULL DEFAULT 0,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "StockLevel_pkey" PRIMARY KEY ("organizationId","id")
);

-- CreateTable
CREATE TABLE "StockMovement" (
    "organizationId" UUID NOT NULL,
    "id" UUID NOT NULL,
    "locationId" UUID NOT NULL,
    "partId" UUID NOT NULL,
    "kind" "StockMovementKind" NOT NULL,
    "quantityMilli" INTEGER NOT NULL,
    "unitCostMinor" INTEGER,
    "jobLineId" UUID,
    "purchaseOrderLineId" UUID,
    "note" TEXT,
    "userId" UUID NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "StockMovement_pkey" PRIMARY KEY ("organizationId","id")
);

-- CreateTable
CREATE TABLE "PurchaseOrder" (
    "organizationId" UUID NOT NULL,
    "id" UUID NOT NULL,
    "number" INTEGER NOT NULL,
    "supplierId" UUID NOT NULL,
    "locationId" UUID NOT NULL,
    "status" "PurchaseOrderStatus" NOT NULL DEFAULT 'DRAFT',
    "orderedAt" TIMESTAMPTZ(3),
    "expectedAt" TIMESTAMPTZ(3),
    "notes" TEXT,
    "createdByUserId" UUID NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "PurchaseOrder_pkey" PRIMARY KEY ("organizationId","id")
);

-- CreateTable
CREATE TABLE "PurchaseOrderLine" (
    "organizationId" UUID NOT NULL,
    "id" UUID NOT NULL,
    "purchaseOrderId" UUID NOT NULL,
    "partId" UUID NOT NULL,
    "quantityMilli" INTEGER NOT NULL,
    "receivedMilli" INTEGER NOT NULL DEFAULT 0,
    "unitCostMinor" INTEGER NOT NULL,
    "jobLineId" UUID,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "PurchaseOrderLine_pkey" PRIMARY KEY ("organizationId","id")
);

-- CreateTable
CREATE TABLE "ServiceReminder" (
    "organizationId" UUID NOT NULL,
    "id" UUID NOT NULL,
    "vehicleId" UUID NOT NULL,
    "customerId" UUID NOT NULL,
    "kind" "ServiceReminderKind" NOT NULL,
    "dueOn" DATE NOT NULL,
    "sentAt" TIMESTAMPTZ(3),
    "skippedReason" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ServiceReminder_pkey" PRIMARY KEY ("organizationId","id")
);

-- CreateIndex
CREATE INDEX "TimeEntry_repairOrderId_idx" ON "TimeEntry"("repairOrderId");

-- CreateIndex
CREATE INDEX "TimeEntry_jobId_idx" ON "TimeEntry"("jobId");

-- CreateIndex
CREATE INDEX "TimeEntry_organizationId_technicianUserId_startedAt_idx" ON "TimeEntry"("organizationId", "technicianUserId", "startedAt");

-- CreateIndex
CREATE UNIQUE INDEX "InspectionTemplate_organizationId_name_key" ON "InspectionTemplate"("organizationId", "name");

-- CreateIndex
CREATE INDEX "InspectionTemplateItem_templateId_idx" ON "InspectionTemplateItem"("templateId");

-- CreateIndex
CREATE INDEX "Inspection_repairOrderId_idx" ON "Inspection"("repairOrderId");

-- CreateIndex
CREATE INDEX "Inspection_templateId_idx" ON "Inspection"("templateId");

-- CreateIndex
CREATE INDEX "InspectionItem_inspectionId_idx" ON "InspectionItem"("inspectionId");

-- CreateIndex
CREATE INDEX "InspectionItem_proposedJobId_idx" ON "InspectionItem"("proposedJobId");

-- CreateIndex
CREATE INDEX "Attachment_inspectionItemId_idx" ON "Attachment"("inspectionItemId");

-- CreateIndex
CREATE UNIQUE INDEX "Supplier_organizationId_name_key" ON "Supplier"("organizationId", "name");

-- CreateIndex
CREATE INDEX "Part_defaultSupplierId_idx" ON "Part"("defaultSupplierId");

-- CreateIndex
CREATE UNIQUE INDEX "Part_organizationId_sku_key" ON "Part"("organizationId", "sku");

-- CreateIndex
CREATE INDEX "StockLevel_locationId_idx" ON "StockLevel"("locationId");

-- CreateIndex
CREATE INDEX "StockLevel_partId_idx" ON "StockLevel"("partId");

-- CreateIndex
CREATE UNIQUE INDEX "StockLevel_organizationId_locationId_partId_key" ON "StockLevel"("organizationId", "locationId", "partId");

-- CreateIndex
CREATE INDEX "StockMovement_locationId_idx" ON "StockMovement"("locationId");

-- CreateIndex
CREATE INDEX "StockMovement_partId_idx" ON "StockMovement"("partId");

-- CreateIndex
CREATE INDEX "StockMovement_jobLineId_idx" ON "StockMovement"("jobLineId");

-- CreateIndex
CREATE INDEX "StockMovement_purchaseOrderLineId_idx" ON "StockMovement"("purchaseOrderLineId");

-- CreateIndex
CREATE INDEX "StockMovement_organizationId_createdAt_idx" ON "StockMovement"("organizationId", "createdAt");

-- CreateIndex
CREATE INDEX "PurchaseOrder_supplierId_idx" ON "PurchaseOrder"("supplierId");

-- CreateIndex
CREATE INDEX "PurchaseOrder_locationId_idx" ON "PurchaseOrder"("locationId");

-- CreateIndex
CREATE UNIQUE INDEX "PurchaseOrder_organizationId_number_key" ON "PurchaseOrder"("organizationId", "number");

-- CreateIndex
CREATE INDEX "PurchaseOrderLine_purchaseOrderId_idx" ON "PurchaseOrderLine"("purchaseOrderId");

-- CreateIndex
CREATE INDEX "PurchaseOrderLine_partId_idx" ON "PurchaseOrderLine"("partId");

-- CreateIndex
CREATE INDEX "PurchaseOrderLine_jobLineId_idx" ON "PurchaseOrderLine"("jobLineId");

-- CreateIndex
CREATE INDEX "ServiceReminder_vehicleId_idx" ON "ServiceReminder"("vehicleId");

-- CreateIndex
CREATE INDEX "ServiceReminder_customerId_idx" ON "ServiceReminder"("customerId");

-- CreateIndex
CREATE UNIQUE INDEX "ServiceReminder_organizationId_vehicleId_kind_dueOn_key" ON "ServiceReminder"("organizationId", "vehicleId", "kind", "dueOn");

-- CreateIndex
CREATE INDEX "JobLine_partId_idx" ON "JobLine"("partId");

-- AddForeignKey
ALTER TABLE "JobLine" ADD CONSTRAINT "JobLine_organizationId_partId_fkey" FOREIGN KEY ("organizationId", "partId") REFERENCES "Part"("organizationId", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TimeEntry" ADD CONSTRAINT "TimeEntry_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TimeEntry" ADD CONSTRAINT "TimeEntry_organizationId_repairOrderId_fkey" FOREIGN KEY ("organizationId", "repairOrderId") REFERENCES "RepairOrder"("organizationId", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TimeEntry" ADD CONSTRAINT "TimeEntry_organizationId_jobId_fkey" FOREIGN KEY ("organizationId", "jobId") REFERENCES "Job"("organizationId", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "InspectionTemplate" ADD CONSTRAINT "InspectionTemplate_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "InspectionTemplateItem" ADD CONSTRAINT "InspectionTemplateItem_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "InspectionTemplateItem" ADD CONSTRAINT "InspectionTemplateItem_organizationId_templateId_fkey" FOREIGN KEY ("organizationId", "templateId") REFERENCES "InspectionTemplate"("organizationId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Inspection" ADD CONSTRAINT "Inspection_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Inspection" ADD CONSTRAINT "Inspection_organizationId_repairOrderId_fkey" FOREIGN KEY ("organizationId", "repairOrderId") REFERENCES "RepairOrder"("organizationId", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Inspection" ADD CONSTRAINT "Inspection_organizationId_templateId_fkey" FOREIGN KEY ("organizationId", "templateId") REFERENCES "InspectionTemplate"("organizationId", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "InspectionItem" ADD CONSTRAINT "InspectionItem_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "InspectionItem" ADD CONSTRAINT "InspectionItem_organizationId_inspectionId_fkey" FOREIGN KEY ("organizationId", "inspectionId") REFERENCES "Inspection"("organizationId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "InspectionItem" ADD CONSTRAINT "InspectionItem_organizationId_proposedJobId_fkey" FOREIGN KEY ("organizationId", "proposedJobId") REFERENCES "Job"("organizationId", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Attachment" ADD CONSTRAINT "Attachment_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Attachment" ADD CONSTRAINT "Attachment_organizationId_inspectionItemId_fkey" FOREIGN KEY ("organizationId", "inspectionItemId") REFERENCES "InspectionItem"("organizationId", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Supplier" ADD CONSTRAINT "Supplier_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Part" ADD CONSTRAINT "Part_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Part" ADD CONSTRAINT "Part_organizationId_defaultSupplierId_fkey" FOREIGN KEY ("organizationId", "defaultSupplierId") REFERENCES "Supplier"("organizationId", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "StockLevel" ADD CONSTRAINT "StockLevel_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "StockLevel" ADD CONSTRAINT "StockLevel_organizationId_locationId_fkey" FOREIGN KEY ("organizationId", "locationId") REFERENCES "Location"("organizationId", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "StockLevel" ADD CONSTRAINT "StockLevel_organizationId_partId_fkey" FOREIGN KEY ("organizationId", "partId") REFERENCES "Part"("organizationId", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "StockMovement" ADD CONSTRAINT "StockMovement_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "StockMovement" ADD CONSTRAINT "StockMovement_organizationId_locationId_fkey" FOREIGN KEY ("organizationId", "locationId") REFERENCES "Location"("organizationId", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "StockMovement" ADD CONSTRAINT "StockMovement_organizationId_partId_fkey" FOREIGN KEY ("organizationId", "partId") REFERENCES "Part"("organizationId", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "StockMovement" ADD CONSTRAINT "StockMovement_organizationId_jobLineId_fkey" FOREIGN KEY ("organizationId", "jobLineId") REFERENCES "JobLine"("organizationId", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "StockMovement" ADD CONSTRAINT "StockMovement_organizationId_purchaseOrderLineId_fkey" FOREIGN KEY ("organizationId", "purchaseOrderLineId") REFERENCES "PurchaseOrderLine"("organizationId", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PurchaseOrder" ADD CONSTRAINT "PurchaseOrder_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PurchaseOrder" ADD CONSTRAINT "PurchaseOrder_organizationId_supplierId_fkey" FOREIGN KEY ("organizationId", "supplierId") REFERENCES "Supplier"("organizationId", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PurchaseOrder" ADD CONSTRAINT "PurchaseOrder_organizationId_locationId_fkey" FOREIGN KEY ("organizationId", "locationId") REFERENCES "Location"("organizationId", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PurchaseOrderLine" ADD CONSTRAINT "PurchaseOrderLine_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PurchaseOrderLine" ADD CONSTRAINT "PurchaseOrderLine_organizationId_purchaseOrderId_fkey" FOREIGN KEY ("organizationId", "purchaseOrderId") REFERENCES "PurchaseOrder"("organizationId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PurchaseOrderLine" ADD CONSTRAINT "PurchaseOrderLine_organizationId_partId_fkey" FOREIGN KEY ("organizationId", "partId") REFERENCES "Part"("organizationId", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PurchaseOrderLine" ADD CONSTRAINT "PurchaseOrderLine_organizationId_jobLineId_fkey" FOREIGN KEY ("organizationId", "jobLineId") REFERENCES "JobLine"("organizationId", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ServiceReminder" ADD CONSTRAINT "ServiceReminder_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ServiceReminder" ADD CONSTRAINT "ServiceReminder_organizationId_vehicleId_fkey" FOREIGN KEY ("organizationId", "vehicleId") REFERENCES "Vehicle"("organizationId", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ServiceReminder" ADD CONSTRAINT "ServiceReminder_organizationId_customerId_fkey" FOREIGN KEY ("organizationId", "customerId") REFERENCES "Customer"("organizationId", "id") ON DELETE RESTRICT ON UPDATE CASCADE;



-- Invariants Prisma cannot express.
ALTER TABLE "Location" ADD CONSTRAINT "Location_opening_hours" CHECK (
  "opensAtMinute" >= 0 AND "closesAtMinute" <= 1440 AND "closesAtMinute" > "opensAtMinute"
  AND "bookingSlotMinutes" BETWEEN 15 AND 480 AND "openWeekdays" <@ ARRAY[1, 2, 3, 4, 5, 6, 7]);
ALTER TABLE "Part" ADD CONSTRAINT "Part_one_price_rule" CHECK (("priceMinor" IS NULL) <> ("markupBp" IS NULL));
ALTER TABLE "Part" ADD CONSTRAINT "Part_money_not_negative" CHECK (
  "costMinor" >= 0 AND coalesce("priceMinor", 0) >= 0 AND coalesce("markupBp", 0) >= 0 AND "reorderLevelMilli" >= 0);
ALTER TABLE "StockLevel" ADD CONSTRAINT "StockLevel_not_negative" CHECK ("onHandMilli" >= 0);
ALTER TABLE "StockMovement" ADD CONSTRAINT "StockMovement_moves_something" CHECK ("quantityMilli" <> 0);
ALTER TABLE "PurchaseOrderLine" ADD CONSTRAINT "PurchaseOrderLine_quantities" CHECK (
  "quantityMilli" > 0 AND "receivedMilli" >= 0 AND "receivedMilli" <= "quantityMilli" AND "unitCostMinor" >= 0);
ALTER TABLE "Attachment" ADD CONSTRAINT "Attachment_has_bytes" CHECK ("byteSize" > 0);
ALTER TABLE "TimeEntry" ADD CONSTRAINT "TimeEntry_ends_after_start" CHECK ("endedAt" IS NULL OR "endedAt" > "startedAt");
-- A technician is on one job at a time; an open entry (endedAt null) runs to infinity, so a
-- second clock-on while one is open is refused even when two arrive at the same moment.
ALTER TABLE "TimeEntry" ADD CONSTRAINT "TimeEntry_one_job_at_a_time"
  EXCLUDE USING gist ("organizationId" WITH =, "technicianUserId" WITH =,
                      tstzrange("startedAt", coalesce("endedAt", 'infinity'::timestamptz), '[)') WITH &&);

-- Tenancy and grants. The stock ledger is append-only for the app role; the rest is edited in
-- place, and deleted only where a person may take something back (template items, draft
-- purchase order lines, a wrong photo).
GRANT SELECT, INSERT, UPDATE ON "TimeEntry", "Inspection", "InspectionItem", "Supplier", "Part", "StockLevel", "ServiceReminder" TO awms_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON "InspectionTemplate", "InspectionTemplateItem", "PurchaseOrder", "PurchaseOrderLine" TO awms_app;
GRANT SELECT, INSERT, DELETE ON "Attachment" TO awms_app;
GRANT SELECT, INSERT ON "StockMovement" TO awms_app;

DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['TimeEntry', 'InspectionTemplate', 'InspectionTemplateItem', 'Inspection', 'InspectionItem',
                           'Attachment', 'Supplier', 'Part', 'StockLevel', 'StockMovement', 'PurchaseOrder',
                           'PurchaseOrderLine', 'ServiceReminder']
  LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format($p$CREATE POLICY tenant_isolation ON %I
      USING ("organizationId" = NULLIF(current_setting('app.org_id', true), '')::uuid)
      WITH CHECK ("organizationId" = NULLIF(current_setting('app.org_id', true), '')::uuid)$p$, t);
  END LOOP;
END
$$;
