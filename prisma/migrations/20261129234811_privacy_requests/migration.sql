-- A new table with organizationId needs, below: RLS enabled + forced, the tenant_isolation policy,
-- grants to awms_app, and an entry in lib/db/tenant-models.ts (the tenancy tests enforce all of it).

-- CreateEnum
CREATE TYPE "PrivacyRequestKind" AS ENUM ('EXPORT', 'ERASURE');

-- CreateEnum
CREATE TYPE "PrivacyRequestScope" AS ENUM ('CUSTOMER', 'ORGANIZATION');

-- CreateEnum
CREATE TYPE "PrivacyRequestStatus" AS ENUM ('QUEUED', 'RUNNING', 'READY', 'SCHEDULED', 'CANCELLED', 'COMPLETED', 'FAILED');

-- AlterEnum
ALTER TYPE "ApiKeyScope" ADD VALUE 'ADMIN';

-- AlterTable
ALTER TABLE "Organization" ADD COLUMN     "closedAt" TIMESTAMPTZ(3);

-- CreateTable
CREATE TABLE "PrivacyRequest" (
    "organizationId" UUID NOT NULL,
    "id" UUID NOT NULL,
    "kind" "PrivacyRequestKind" NOT NULL,
    "scope" "PrivacyRequestScope" NOT NULL,
    "customerId" UUID,
    "status" "PrivacyRequestStatus" NOT NULL,
    "requestedByUserId" UUID,
    "requestedByApiKeyId" UUID,
    "dueAt" TIMESTAMPTZ(3) NOT NULL,
    "executeAfter" TIMESTAMPTZ(3),
    "cancelledAt" TIMESTAMPTZ(3),
    "cancelledByUserId" UUID,
    "startedAt" TIMESTAMPTZ(3),
    "completedAt" TIMESTAMPTZ(3),
    "progressDone" INTEGER NOT NULL DEFAULT 0,
    "progressTotal" INTEGER NOT NULL DEFAULT 0,
    "fileKey" TEXT,
    "byteSize" BIGINT,
    "sha256" CHAR(64),
    "expiresAt" TIMESTAMPTZ(3),
    "error" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "PrivacyRequest_pkey" PRIMARY KEY ("organizationId","id")
);

-- CreateTable
CREATE TABLE "DataSubjectKey" (
    "organizationId" UUID NOT NULL,
    "customerId" UUID NOT NULL,
    "sealedKey" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DataSubjectKey_pkey" PRIMARY KEY ("organizationId","customerId")
);

-- CreateIndex
CREATE INDEX "PrivacyRequest_organizationId_createdAt_idx" ON "PrivacyRequest"("organizationId", "createdAt");

-- CreateIndex
CREATE INDEX "PrivacyRequest_customerId_idx" ON "PrivacyRequest"("customerId");

-- CreateIndex
CREATE INDEX "PrivacyRequest_status_executeAfter_idx" ON "PrivacyRequest"("status", "executeAfter");

-- AddForeignKey
ALTER TABLE "PrivacyRequest" ADD CONSTRAINT "PrivacyRequest_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PrivacyRequest" ADD CONSTRAINT "PrivacyRequest_organizationId_customerId_fkey" FOREIGN KEY ("organizationId", "customerId") REFERENCES "Customer"("organizationId", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DataSubjectKey" ADD CONSTRAINT "DataSubjectKey_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE RESTRICT ON UPDATE CASCADE;


-- A customer request names its customer; a workshop-wide one names none.
ALTER TABLE "PrivacyRequest" ADD CONSTRAINT "PrivacyRequest_subject" CHECK (("scope" = 'CUSTOMER') = ("customerId" IS NOT NULL));
ALTER TABLE "PrivacyRequest" ADD CONSTRAINT "PrivacyRequest_progress" CHECK ("progressDone" >= 0 AND "progressTotal" >= 0);

-- Tenancy and grants. Requests are kept as the record of what was asked and done (never deleted);
-- a data subject's key is deleted at erasure, which is the point of it.
GRANT SELECT, INSERT, UPDATE ON "PrivacyRequest" TO awms_app;
GRANT SELECT, INSERT, DELETE ON "DataSubjectKey" TO awms_app;

DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['PrivacyRequest', 'DataSubjectKey']
  LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format($p$CREATE POLICY tenant_isolation ON %I
      USING ("organizationId" = NULLIF(current_setting('app.org_id', true), '')::uuid)
      WITH CHECK ("organizationId" = NULLIF(current_setting('app.org_id', true), '')::uuid)$p$, t);
  END LOOP;
END
$$;
