-- A new table with organizationId needs, below: RLS enabled + forced, the tenant_isolation policy,
-- grants to awms_app, and an entry in lib/db/tenant-models.ts (the tenancy tests enforce all of it).

-- CreateExtension
CREATE EXTENSION IF NOT EXISTS "pg_trgm";

-- CreateEnum
CREATE TYPE "FuelType" AS ENUM ('PETROL', 'DIESEL', 'HYBRID', 'PLUG_IN_HYBRID', 'ELECTRIC', 'LPG', 'OTHER');

-- AlterTable
ALTER TABLE "Customer" ADD COLUMN     "addressLine1" TEXT,
ADD COLUMN     "city" TEXT,
ADD COLUMN     "paymentTermsDays" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "postcode" TEXT;

-- AlterTable
ALTER TABLE "Vehicle" ADD COLUMN     "engine" TEXT,
ADD COLUMN     "fuel" "FuelType",
ADD COLUMN     "inspectionDue" DATE,
ADD COLUMN     "nextServiceDue" DATE,
ADD COLUMN     "nextServiceOdometer" INTEGER,
ADD COLUMN     "odometer" INTEGER;

-- CreateIndex
CREATE INDEX "Customer_displayName_trgm_idx" ON "Customer" USING GIN ("displayName" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "Customer_email_trgm_idx" ON "Customer" USING GIN ("email" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "Customer_phone_trgm_idx" ON "Customer" USING GIN ("phone" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "Vehicle_registration_trgm_idx" ON "Vehicle" USING GIN ("registration" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "Vehicle_vin_trgm_idx" ON "Vehicle" USING GIN ("vin" gin_trgm_ops);


-- Hand-written checks (Prisma does not model CHECK constraints; the drift check leaves them out).
ALTER TABLE "Customer" ADD CONSTRAINT "Customer_paymentTermsDays_range" CHECK ("paymentTermsDays" BETWEEN 0 AND 365);
ALTER TABLE "Vehicle" ADD CONSTRAINT "Vehicle_odometer_nonnegative" CHECK ("odometer" >= 0 AND "nextServiceOdometer" >= 0);
ALTER TABLE "Vehicle" ADD CONSTRAINT "Vehicle_year_range" CHECK ("year" BETWEEN 1886 AND 2100);
