-- A new table with organizationId needs, below: RLS enabled + forced, the tenant_isolation policy,
-- grants to awms_app, and an entry in lib/db/tenant-models.ts (the tenancy tests enforce all of it).

-- CreateEnum
CREATE TYPE "RepairOrderStatus" AS ENUM ('ESTIMATE', 'AWAITING_APPROVAL', 'APPROVED', 'IN_PROGRESS', 'WAITING_PARTS', 'READY', 'INVOICED', 'CLOSED', 'CANCELLED');

-- CreateEnum
CREATE TYPE "JobApproval" AS ENUM ('PENDING', 'APPROVED', 'DECLINED', 'DEFERRED');

-- CreateEnum
CREATE TYPE "JobLineKind" AS ENUM ('LABOUR', 'PART', 'FEE', 'DISCOUNT');

-- CreateEnum
CREATE TYPE "PartStatus" AS ENUM ('NEEDED', 'ORDERED', 'RECEIVED', 'FITTED');

-- AlterTable
ALTER TABLE "Organization" ADD COLUMN     "defaultTaxRateBp" INTEGER NOT NULL DEFAULT 2000,
ADD COLUMN     "labourRateMinor" INTEGER NOT NULL DEFAULT 8500,
ADD COLUMN     "nextRepairOrderNumber" INTEGER NOT NULL DEFAULT 1,
ADD COLUMN     "pricesIncludeTax" BOOLEAN NOT NULL DEFAULT true;

-- CreateTable
CREATE TABLE "RepairOrder" (
    "organizationId" UUID NOT NULL,
    "id" UUID NOT NULL,
    "number" INTEGER NOT NULL,
    "status" "RepairOrderStatus" NOT NULL DEFAULT 'ESTIMATE',
    "customerId" UUID NOT NULL,
    "billToCustomerId" UUID NOT NULL,
    "vehicleId" UUID NOT NULL,
    "advisorUserId" UUID,
    "odometerIn" INTEGER,
    "odometerOut" INTEGER,
    "promisedAt" TIMESTAMPTZ(3),
    "concerns" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "RepairOrder_pkey" PRIMARY KEY ("organizationId","id")
);

-- CreateTable
CREATE TABLE "Job" (
    "organizationId" UUID NOT NULL,
    "id" UUID NOT NULL,
    "repairOrderId" UUID NOT NULL,
    "position" INTEGER NOT NULL,
    "title" TEXT NOT NULL,
    "approval" "JobApproval" NOT NULL DEFAULT 'PENDING',
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Job_pkey" PRIMARY KEY ("organizationId","id")
);

-- CreateTable
CREATE TABLE "JobLine" (
    "organizationId" UUID NOT NULL,
    "id" UUID NOT NULL,
    "jobId" UUID NOT NULL,
    "kind" "JobLineKind" NOT NULL,
    "description" TEXT NOT NULL,
    "quantityMilli" INTEGER NOT NULL,
    "unitPriceMinor" INTEGER NOT NULL,
    "unitCostMinor" INTEGER,
    "taxRateBp" INTEGER NOT NULL,
    "technicianUserId" UUID,
    "partStatus" "PartStatus",
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "JobLine_pkey" PRIMARY KEY ("organizationId","id")
);

-- CreateIndex
CREATE INDEX "RepairOrder_customerId_idx" ON "RepairOrder"("customerId");

-- CreateIndex
CREATE INDEX "RepairOrder_billToCustomerId_idx" ON "RepairOrder"("billToCustomerId");

-- CreateIndex
CREATE INDEX "RepairOrder_vehicleId_idx" ON "RepairOrder"("vehicleId");

-- CreateIndex
CREATE INDEX "RepairOrder_organizationId_status_idx" ON "RepairOrder"("organizationId", "status");

-- CreateIndex
CREATE INDEX "RepairOrder_organizationId_createdAt_idx" ON "RepairOrder"("organizationId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "RepairOrder_organizationId_number_key" ON "RepairOrder"("organizationId", "number");

-- CreateIndex
CREATE INDEX "Job_repairOrderId_idx" ON "Job"("repairOrderId");

-- CreateIndex
CREATE INDEX "JobLine_jobId_idx" ON "JobLine"("jobId");

-- AddForeignKey
ALTER TABLE "RepairOrder" ADD CONSTRAINT "RepairOrder_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RepairOrder" ADD CONSTRAINT "RepairOrder_organizationId_customerId_fkey" FOREIGN KEY ("organizationId", "customerId") REFERENCES "Customer"("organizationId", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RepairOrder" ADD CONSTRAINT "RepairOrder_organizationId_billToCustomerId_fkey" FOREIGN KEY ("organizationId", "billToCustomerId") REFERENCES "Customer"("organizationId", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RepairOrder" ADD CONSTRAINT "RepairOrder_organizationId_vehicleId_fkey" FOREIGN KEY ("organizationId", "vehicleId") REFERENCES "Vehicle"("organizationId", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Job" ADD CONSTRAINT "Job_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Job" ADD CONSTRAINT "Job_organizationId_repairOrderId_fkey" FOREIGN KEY ("organizationId", "repairOrderId") REFERENCES "RepairOrder"("organizationId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "JobLine" ADD CONSTRAINT "JobLine_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "JobLine" ADD CONSTRAINT "JobLine_organizationId_jobId_fkey" FOREIGN KEY ("organizationId", "jobId") REFERENCES "Job"("organizationId", "id") ON DELETE CASCADE ON UPDATE CASCADE;


-- Tenancy and grants
GRANT SELECT, INSERT, UPDATE, DELETE ON "RepairOrder", "Job", "JobLine" TO awms_app;

ALTER TABLE "RepairOrder" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "RepairOrder" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "RepairOrder"
  USING ("organizationId" = NULLIF(current_setting('app.org_id', true), '')::uuid)
  WITH CHECK ("organizationId" = NULLIF(current_setting('app.org_id', true), '')::uuid);

ALTER TABLE "Job" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "Job" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "Job"
  USING ("organizationId" = NULLIF(current_setting('app.org_id', true), '')::uuid)
  WITH CHECK ("organizationId" = NULLIF(current_setting('app.org_id', true), '')::uuid);

ALTER TABLE "JobLine" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "JobLine" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "JobLine"
  USING ("organizationId" = NULLIF(current_setting('app.org_id', true), '')::uuid)
  WITH CHECK ("organizationId" = NULLIF(current_setting('app.org_id', true), '')::uuid);

-- Money and quantities are whole numbers of minor units and thousandths; these keep them sane.
ALTER TABLE "JobLine" ADD CONSTRAINT "JobLine_quantity_positive" CHECK ("quantityMilli" > 0);
ALTER TABLE "JobLine" ADD CONSTRAINT "JobLine_price_sign" CHECK (("kind" = 'DISCOUNT' AND "unitPriceMinor" <= 0) OR ("kind" <> 'DISCOUNT' AND "unitPriceMinor" >= 0));
ALTER TABLE "JobLine" ADD CONSTRAINT "JobLine_tax_rate_range" CHECK ("taxRateBp" BETWEEN 0 AND 10000);
ALTER TABLE "RepairOrder" ADD CONSTRAINT "RepairOrder_number_positive" CHECK ("number" > 0);
