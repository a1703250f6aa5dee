-- A new table with organizationId needs, below: RLS enabled + forced, the tenant_isolation policy,
-- grants to awms_app, and an entry in lib/db/tenant-models.ts (the tenancy tests enforce all of it).

-- CreateTable
CREATE TABLE "CannedJob" (
    "organizationId" UUID NOT NULL,
    "id" UUID NOT NULL,
    "title" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "CannedJob_pkey" PRIMARY KEY ("organizationId","id")
);

-- CreateTable
CREATE TABLE "CannedJobLine" (
    "organizationId" UUID NOT NULL,
    "id" UUID NOT NULL,
    "cannedJobId" UUID NOT NULL,
    "position" INTEGER NOT NULL,
    "kind" "JobLineKind" NOT NULL,
    "description" TEXT NOT NULL,
    "quantityMilli" INTEGER NOT NULL,
    "unitPriceMinor" INTEGER,
    "unitCostMinor" INTEGER,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "CannedJobLine_pkey" PRIMARY KEY ("organizationId","id")
);

-- CreateIndex
CREATE UNIQUE INDEX "CannedJob_organizationId_title_key" ON "CannedJob"("organizationId", "title");

-- CreateIndex
CREATE INDEX "CannedJobLine_cannedJobId_idx" ON "CannedJobLine"("cannedJobId");

-- AddForeignKey
ALTER TABLE "CannedJob" ADD CONSTRAINT "CannedJob_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CannedJobLine" ADD CONSTRAINT "CannedJobLine_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CannedJobLine" ADD CONSTRAINT "CannedJobLine_organizationId_cannedJobId_fkey" FOREIGN KEY ("organizationId", "cannedJobId") REFERENCES "CannedJob"("organizationId", "id") ON DELETE CASCADE ON UPDATE CASCADE;


-- Tenancy and grants
GRANT SELECT, INSERT, UPDATE, DELETE ON "CannedJob", "CannedJobLine" TO awms_app;

ALTER TABLE "CannedJob" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "CannedJob" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "CannedJob"
  USING ("organizationId" = NULLIF(current_setting('app.org_id', true), '')::uuid)
  WITH CHECK ("organizationId" = NULLIF(current_setting('app.org_id', true), '')::uuid);

ALTER TABLE "CannedJobLine" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "CannedJobLine" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "CannedJobLine"
  USING ("organizationId" = NULLIF(current_setting('app.org_id', true), '')::uuid)
  WITH CHECK ("organizationId" = NULLIF(current_setting('app.org_id', true), '')::uuid);

ALTER TABLE "CannedJobLine" ADD CONSTRAINT "CannedJobLine_quantity_positive" CHECK ("quantityMilli" > 0);
