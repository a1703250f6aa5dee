-- A new table with organizationId needs, below: RLS enabled + forced, the tenant_isolation policy,
-- grants to awms_app, and an entry in lib/db/tenant-models.ts (the tenancy tests enforce all of it).

-- CreateEnum
CREATE TYPE "ApprovalChannel" AS ENUM ('LINK', 'PHONE', 'IN_PERSON');

-- CreateEnum
CREATE TYPE "RecommendationStatus" AS ENUM ('OPEN', 'ADDED', 'DISMISSED');

-- CreateEnum
CREATE TYPE "InvoiceKind" AS ENUM ('INVOICE', 'CREDIT_NOTE');

-- CreateEnum
CREATE TYPE "PaymentMethod" AS ENUM ('CASH', 'CARD', 'BANK_TRANSFER');

-- AlterTable
ALTER TABLE "Organization" ADD COLUMN     "addressLine1" TEXT,
ADD COLUMN     "city" TEXT,
ADD COLUMN     "email" TEXT,
ADD COLUMN     "nextCreditNoteNumber" INTEGER NOT NULL DEFAULT 1,
ADD COLUMN     "nextInvoiceNumber" INTEGER NOT NULL DEFAULT 1,
ADD COLUMN     "phone" TEXT,
ADD COLUMN     "postcode" TEXT,
ADD COLUMN     "taxNumber" TEXT;

-- AlterTable
ALTER TABLE "RepairOrder" ADD COLUMN     "technicianUserId" UUID;

-- CreateTable
CREATE TABLE "ApprovalLink" (
    "organizationId" UUID NOT NULL,
    "id" UUID NOT NULL,
    "repairOrderId" UUID NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "sentTo" TEXT NOT NULL,
    "sentByUserId" UUID NOT NULL,
    "expiresAt" TIMESTAMPTZ(3) NOT NULL,
    "usedAt" TIMESTAMPTZ(3),
    "revokedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ApprovalLink_pkey" PRIMARY KEY ("organizationId","id")
);

-- CreateTable
CREATE TABLE "JobDecision" (
    "organizationId" UUID NOT NULL,
    "id" UUID NOT NULL,
    "repairOrderId" UUID NOT NULL,
    "jobId" UUID NOT NULL,
    "decision" "JobApproval" NOT NULL,
    "channel" "ApprovalChannel" NOT NULL,
    "approverName" TEXT NOT NULL,
    "grossMinor" INTEGER NOT NULL,
    "approvalLinkId" UUID,
    "recordedByUserId" UUID,
    "ip" TEXT,
    "userAgent" TEXT,
    "decidedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "JobDecision_pkey" PRIMARY KEY ("organizationId","id")
);

-- CreateTable
CREATE TABLE "Recommendation" (
    "organizationId" UUID NOT NULL,
    "id" UUID NOT NULL,
    "vehicleId" UUID NOT NULL,
    "sourceRepairOrderId" UUID NOT NULL,
    "sourceJobId" UUID NOT NULL,
    "title" TEXT NOT NULL,
    "grossMinor" INTEGER NOT NULL,
    "status" "RecommendationStatus" NOT NULL DEFAULT 'OPEN',
    "addedToRepairOrderId" UUID,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Recommendation_pkey" PRIMARY KEY ("organizationId","id")
);

-- CreateTable
CREATE TABLE "Invoice" (
    "organizationId" UUID NOT NULL,
    "id" UUID NOT NULL,
    "kind" "InvoiceKind" NOT NULL,
    "number" INTEGER NOT NULL,
    "repairOrderId" UUID NOT NULL,
    "customerId" UUID NOT NULL,
    "creditedInvoiceId" UUID,
    "currency" CHAR(3) NOT NULL,
    "pricesIncludeTax" BOOLEAN NOT NULL,
    "netMinor" INTEGER NOT NULL,
    "taxMinor" INTEGER NOT NULL,
    "grossMinor" INTEGER NOT NULL,
    "snapshot" JSONB NOT NULL,
    "issuedByUserId" UUID NOT NULL,
    "issuedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "dueAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Invoice_pkey" PRIMARY KEY ("organizationId","id")
);

-- CreateTable
CREATE TABLE "Payment" (
    "organizationId" UUID NOT NULL,
    "id" UUID NOT NULL,
    "invoiceId" UUID NOT NULL,
    "method" "PaymentMethod" NOT NULL,
    "amountMinor" INTEGER NOT NULL,
    "reference" TEXT,
    "receivedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "recordedByUserId" UUID NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Payment_pkey" PRIMARY KEY ("organizationId","id")
);

-- CreateIndex
CREATE INDEX "ApprovalLink_repairOrderId_idx" ON "ApprovalLink"("repairOrderId");

-- CreateIndex
CREATE UNIQUE INDEX "ApprovalLink_organizationId_tokenHash_key" ON "ApprovalLink"("organizationId", "tokenHash");

-- CreateIndex
CREATE INDEX "JobDecision_repairOrderId_idx" ON "JobDecision"("repairOrderId");

-- CreateIndex
CREATE INDEX "JobDecision_jobId_idx" ON "JobDecision"("jobId");

-- CreateIndex
CREATE INDEX "JobDecision_approvalLinkId_idx" ON "JobDecision"("approvalLinkId");

-- CreateIndex
CREATE INDEX "Recommendation_vehicleId_idx" ON "Recommendation"("vehicleId");

-- CreateIndex
CREATE INDEX "Recommendation_sourceRepairOrderId_idx" ON "Recommendation"("sourceRepairOrderId");

-- CreateIndex
CREATE UNIQUE INDEX "Recommendation_organizationId_sourceJobId_key" ON "Recommendation"("organizationId", "sourceJobId");

-- CreateIndex
CREATE INDEX "Invoice_repairOrderId_idx" ON "Invoice"("repairOrderId");

-- CreateIndex
CREATE INDEX "Invoice_customerId_idx" ON "Invoice"("customerId");

-- CreateIndex
CREATE INDEX "Invoice_creditedInvoiceId_idx" ON "Invoice"("creditedInvoiceId");

-- CreateIndex
CREATE INDEX "Invoice_organizationId_issuedAt_idx" ON "Invoice"("organizationId", "issuedAt");

-- CreateIndex
CREATE UNIQUE INDEX "Invoice_organizationId_kind_number_key" ON "Invoice"("organizationId", "kind", "number");

-- CreateIndex
CREATE INDEX "Payment_invoiceId_idx" ON "Payment"("invoiceId");

-- CreateIndex
CREATE INDEX "RepairOrder_organizationId_technicianUserId_idx" ON "RepairOrder"("organizationId", "technicianUserId");

-- AddForeignKey
ALTER TABLE "ApprovalLink" ADD CONSTRAINT "ApprovalLink_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ApprovalLink" ADD CONSTRAINT "ApprovalLink_organizationId_repairOrderId_fkey" FOREIGN KEY ("organizationId", "repairOrderId") REFERENCES "RepairOrder"("organizationId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "JobDecision" ADD CONSTRAINT "JobDecision_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "JobDecision" ADD CONSTRAINT "JobDecision_organizationId_repairOrderId_fkey" FOREIGN KEY ("organizationId", "repairOrderId") REFERENCES "RepairOrder"("organizationId", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "JobDecision" ADD CONSTRAINT "JobDecision_organizationId_jobId_fkey" FOREIGN KEY ("organizationId", "jobId") REFERENCES "Job"("organizationId", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "JobDecision" ADD CONSTRAINT "JobDecision_organizationId_approvalLinkId_fkey" FOREIGN KEY ("organizationId", "approvalLinkId") REFERENCES "ApprovalLink"("organizationId", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Recommendation" ADD CONSTRAINT "Recommendation_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Recommendation" ADD CONSTRAINT "Recommendation_organizationId_vehicleId_fkey" FOREIGN KEY ("organizationId", "vehicleId") REFERENCES "Vehicle"("organizationId", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Recommendation" ADD CONSTRAINT "Recommendation_organizationId_sourceRepairOrderId_fkey" FOREIGN KEY ("organizationId", "sourceRepairOrderId") REFERENCES "RepairOrder"("organizationId", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Invoice" ADD CONSTRAINT "Invoice_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Invoice" ADD CONSTRAINT "Invoice_organizationId_repairOrderId_fkey" FOREIGN KEY ("organizationId", "repairOrderId") REFERENCES "RepairOrder"("organizationId", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Invoice" ADD CONSTRAINT "Invoice_organizationId_customerId_fkey" FOREIGN KEY ("organizationId", "customerId") REFERENCES "Customer"("organizationId", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Invoice" ADD CONSTRAINT "Invoice_organizationId_creditedInvoiceId_fkey" FOREIGN KEY ("organizationId", "creditedInvoiceId") REFERENCES "Invoice"("organizationId", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Payment" ADD CONSTRAINT "Payment_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Payment" ADD CONSTRAINT "Payment_organizationId_invoiceId_fkey" FOREIGN KEY ("organizationId", "invoiceId") REFERENCES "Invoice"("organizationId", "id") ON DELETE RESTRICT ON UPDATE CASCADE;



-- Tenancy and grants. Decisions, invoices and payments are records of what
-- happened: the app may add them but never change or remove them. The one
-- change allowed is re-pointing an invoice to the customer a duplicate was
-- merged into (a column grant, checked again by the trigger below).
GRANT SELECT, INSERT, UPDATE, DELETE ON "ApprovalLink", "Recommendation" TO awms_app;
GRANT SELECT, INSERT ON "JobDecision", "Invoice", "Payment" TO awms_app;
GRANT UPDATE ("customerId") ON "Invoice" TO awms_app;

ALTER TABLE "ApprovalLink" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "ApprovalLink" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "ApprovalLink"
  USING ("organizationId" = NULLIF(current_setting('app.org_id', true), '')::uuid)
  WITH CHECK ("organizationId" = NULLIF(current_setting('app.org_id', true), '')::uuid);

ALTER TABLE "JobDecision" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "JobDecision" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "JobDecision"
  USING ("organizationId" = NULLIF(current_setting('app.org_id', true), '')::uuid)
  WITH CHECK ("organizationId" = NULLIF(current_setting('app.org_id', true), '')::uuid);

ALTER TABLE "Recommendation" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "Recommendation" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "Recommendation"
  USING ("organizationId" = NULLIF(current_setting('app.org_id', true), '')::uuid)
  WITH CHECK ("organizationId" = NULLIF(current_setting('app.org_id', true), '')::uuid);

ALTER TABLE "Invoice" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "Invoice" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "Invoice"
  USING ("organizationId" = NULLIF(current_setting('app.org_id', true), '')::uuid)
  WITH CHECK ("organizationId" = NULLIF(current_setting('app.org_id', true), '')::uuid);

ALTER TABLE "Payment" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "Payment" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "Payment"
  USING ("organizationId" = NULLIF(current_setting('app.org_id', true), '')::uuid)
  WITH CHECK ("organizationId" = NULLIF(current_setting('app.org_id', true), '')::uuid);

-- An issued invoice is a legal document: no role, the owner included, edits or deletes it.
CREATE FUNCTION invoice_reject_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE'
     AND (to_jsonb(NEW) - 'customerId') = (to_jsonb(OLD) - 'customerId') THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'an issued invoice cannot change (%): issue a credit note', TG_OP
    USING ERRCODE = 'insufficient_privilege';
END
$$;

CREATE TRIGGER invoice_immutable
  BEFORE UPDATE OR DELETE ON "Invoice"
  FOR EACH ROW EXECUTE FUNCTION invoice_reject_change();

-- Re-pointing is for merging duplicates only: the old customer must be gone when the transaction commits.
CREATE FUNCTION invoice_customer_merged() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF NEW."customerId" IS DISTINCT FROM OLD."customerId" AND EXISTS (
       SELECT 1 FROM "Customer" c WHERE c."organizationId" = OLD."organizationId" AND c.id = OLD."customerId") THEN
    RAISE EXCEPTION 'an issued invoice moves to another customer only when its customer is merged away'
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NULL;
END
$$;

CREATE CONSTRAINT TRIGGER invoice_customer_merged
  AFTER UPDATE OF "customerId" ON "Invoice"
  DEFERRABLE INITIALLY DEFERRED
  FOR EACH ROW EXECUTE FUNCTION invoice_customer_merged();

CREATE TRIGGER invoice_no_truncate
  BEFORE TRUNCATE ON "Invoice"
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_reject_change();

CREATE FUNCTION payment_reject_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'a recorded payment cannot change (%): record a refund instead', TG_OP
    USING ERRCODE = 'insufficient_privilege';
END
$$;

CREATE TRIGGER payment_immutable
  BEFORE UPDATE OR DELETE ON "Payment"
  FOR EACH ROW EXECUTE FUNCTION payment_reject_change();

ALTER TABLE "Invoice" ADD CONSTRAINT "Invoice_sign" CHECK (
  ("kind" = 'INVOICE' AND "grossMinor" >= 0) OR ("kind" = 'CREDIT_NOTE' AND "grossMinor" <= 0 AND "creditedInvoiceId" IS NOT NULL));
ALTER TABLE "Invoice" ADD CONSTRAINT "Invoice_totals_add_up" CHECK ("netMinor" + "taxMinor" = "grossMinor");
ALTER TABLE "Payment" ADD CONSTRAINT "Payment_amount_positive" CHECK ("amountMinor" > 0);
ALTER TABLE "Recommendation" ADD CONSTRAINT "Recommendation_added_has_order" CHECK (("status" = 'ADDED') = ("addedToRepairOrderId" IS NOT NULL));
