-- A new table with organizationId needs, below: RLS enabled + forced, the tenant_isolation policy,
-- grants to awms_app, and an entry in lib/db/tenant-models.ts (the tenancy tests enforce all of it).

-- CreateExtension
CREATE EXTENSION IF NOT EXISTS "btree_gist";

-- CreateEnum
CREATE TYPE "ApiKeyScope" AS ENUM ('READ', 'READ_WRITE');

-- CreateEnum
CREATE TYPE "AppointmentStatus" AS ENUM ('REQUESTED', 'CONFIRMED', 'ARRIVED', 'CONVERTED', 'NO_SHOW', 'CANCELLED');

-- CreateEnum
CREATE TYPE "AppointmentSource" AS ENUM ('STAFF', 'ONLINE', 'API');

-- CreateTable
CREATE TABLE "Bay" (
    "organizationId" UUID NOT NULL,
    "id" UUID NOT NULL,
    "locationId" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "position" INTEGER NOT NULL DEFAULT 0,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Bay_pkey" PRIMARY KEY ("organizationId","id")
);

-- CreateTable
CREATE TABLE "Appointment" (
    "organizationId" UUID NOT NULL,
    "id" UUID NOT NULL,
    "locationId" UUID NOT NULL,
    "bayId" UUID,
    "technicianUserId" UUID,
    "customerId" UUID NOT NULL,
    "vehicleId" UUID,
    "startsAt" TIMESTAMPTZ(3) NOT NULL,
    "endsAt" TIMESTAMPTZ(3) NOT NULL,
    "status" "AppointmentStatus" NOT NULL DEFAULT 'REQUESTED',
    "source" "AppointmentSource" NOT NULL DEFAULT 'STAFF',
    "concerns" TEXT,
    "repairOrderId" UUID,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Appointment_pkey" PRIMARY KEY ("organizationId","id")
);

-- CreateTable
CREATE TABLE "ApiKey" (
    "organizationId" UUID NOT NULL,
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "scope" "ApiKeyScope" NOT NULL,
    "keyHash" CHAR(64) NOT NULL,
    "lastFour" CHAR(4) NOT NULL,
    "createdByUserId" UUID NOT NULL,
    "lastUsedAt" TIMESTAMPTZ(3),
    "revokedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "ApiKey_pkey" PRIMARY KEY ("organizationId","id")
);

-- CreateIndex
CREATE INDEX "Bay_locationId_idx" ON "Bay"("locationId");

-- CreateIndex
CREATE UNIQUE INDEX "Bay_organizationId_locationId_name_key" ON "Bay"("organizationId", "locationId", "name");

-- CreateIndex
CREATE INDEX "Appointment_organizationId_locationId_startsAt_idx" ON "Appointment"("organizationId", "locationId", "startsAt");

-- CreateIndex
CREATE INDEX "Appointment_organizationId_startsAt_id_idx" ON "Appointment"("organizationId", "startsAt", "id");

-- CreateIndex
CREATE INDEX "Appointment_locationId_idx" ON "Appointment"("locationId");

-- CreateIndex
CREATE INDEX "Appointment_bayId_idx" ON "Appointment"("bayId");

-- CreateIndex
CREATE INDEX "Appointment_customerId_idx" ON "Appointment"("customerId");

-- CreateIndex
CREATE INDEX "Appointment_vehicleId_idx" ON "Appointment"("vehicleId");

-- CreateIndex
CREATE INDEX "Appointment_repairOrderId_idx" ON "Appointment"("repairOrderId");

-- CreateIndex
CREATE UNIQUE INDEX "Appointment_organizationId_repairOrderId_key" ON "Appointment"("organizationId", "repairOrderId");

-- CreateIndex
CREATE UNIQUE INDEX "ApiKey_organizationId_keyHash_key" ON "ApiKey"("organizationId", "keyHash");

-- AddForeignKey
ALTER TABLE "Bay" ADD CONSTRAINT "Bay_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Bay" ADD CONSTRAINT "Bay_organizationId_locationId_fkey" FOREIGN KEY ("organizationId", "locationId") REFERENCES "Location"("organizationId", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Appointment" ADD CONSTRAINT "Appointment_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Appointment" ADD CONSTRAINT "Appointment_organizationId_locationId_fkey" FOREIGN KEY ("organizationId", "locationId") REFERENCES "Location"("organizationId", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Appointment" ADD CONSTRAINT "Appointment_organizationId_bayId_fkey" FOREIGN KEY ("organizationId", "bayId") REFERENCES "Bay"("organizationId", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Appointment" ADD CONSTRAINT "Appointment_organizationId_customerId_fkey" FOREIGN KEY ("organizationId", "customerId") REFERENCES "Customer"("organizationId", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Appointment" ADD CONSTRAINT "Appointment_organizationId_vehicleId_fkey" FOREIGN KEY ("organizationId", "vehicleId") REFERENCES "Vehicle"("organizationId", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Appointment" ADD CONSTRAINT "Appointment_organizationId_repairOrderId_fkey" FOREIGN KEY ("organizationId", "repairOrderId") REFERENCES "RepairOrder"("organizationId", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ApiKey" ADD CONSTRAINT "ApiKey_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE RESTRICT ON UPDATE CASCADE;



-- An appointment ends after it starts; a live appointment never shares its bay or its technician
-- with another live one at an overlapping time ('[)' ranges: 9:00-10:00 and 10:00-11:00 do not
-- overlap). Enforced here so two bookings made at the same moment cannot both win.
ALTER TABLE "Appointment" ADD CONSTRAINT "Appointment_ends_after_start" CHECK ("endsAt" > "startsAt");
ALTER TABLE "Appointment" ADD CONSTRAINT "Appointment_bay_free"
  EXCLUDE USING gist ("organizationId" WITH =, "bayId" WITH =, tstzrange("startsAt", "endsAt", '[)') WITH &&)
  WHERE ("bayId" IS NOT NULL AND "status" NOT IN ('NO_SHOW', 'CANCELLED'));
ALTER TABLE "Appointment" ADD CONSTRAINT "Appointment_technician_free"
  EXCLUDE USING gist ("organizationId" WITH =, "technicianUserId" WITH =, tstzrange("startsAt", "endsAt", '[)') WITH &&)
  WHERE ("technicianUserId" IS NOT NULL AND "status" NOT IN ('NO_SHOW', 'CANCELLED'));

-- Tenancy and grants. Appointments and bays are cancelled or retired, never deleted; API keys are
-- revoked, never deleted, so the audit log's references to them stay meaningful.
GRANT SELECT, INSERT, UPDATE ON "Bay", "Appointment", "ApiKey" TO awms_app;

ALTER TABLE "Bay" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "Bay" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "Bay"
  USING ("organizationId" = NULLIF(current_setting('app.org_id', true), '')::uuid)
  WITH CHECK ("organizationId" = NULLIF(current_setting('app.org_id', true), '')::uuid);

ALTER TABLE "Appointment" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "Appointment" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "Appointment"
  USING ("organizationId" = NULLIF(current_setting('app.org_id', true), '')::uuid)
  WITH CHECK ("organizationId" = NULLIF(current_setting('app.org_id', true), '')::uuid);

ALTER TABLE "ApiKey" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "ApiKey" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "ApiKey"
  USING ("organizationId" = NULLIF(current_setting('app.org_id', true), '')::uuid)
  WITH CHECK ("organizationId" = NULLIF(current_setting('app.org_id', true), '')::uuid);
