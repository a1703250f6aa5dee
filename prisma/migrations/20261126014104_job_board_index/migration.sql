-- A new table with organizationId needs, below: RLS enabled + forced, the tenant_isolation policy,
-- grants to awms_app, and an entry in lib/db/tenant-models.ts (the tenancy tests enforce all of it).

-- AlterTable
ALTER TABLE "RepairOrder" ADD COLUMN     "onBoard" BOOLEAN NOT NULL DEFAULT false;

-- CreateIndex
CREATE INDEX "RepairOrder_organizationId_onBoard_promisedAt_number_idx" ON "RepairOrder"("organizationId", "onBoard", "promisedAt", "number");


-- onBoard follows status, whoever writes it (the app, a migration, a restore).
CREATE FUNCTION repair_order_on_board() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  NEW."onBoard" := NEW.status IN ('ESTIMATE', 'AWAITING_APPROVAL', 'APPROVED', 'IN_PROGRESS', 'WAITING_PARTS', 'READY');
  RETURN NEW;
END
$$;

CREATE TRIGGER repair_order_on_board
  BEFORE INSERT OR UPDATE OF status ON "RepairOrder"
  FOR EACH ROW EXECUTE FUNCTION repair_order_on_board();

-- RLS binds the owner too: backfill each workshop under its own org id.
DO $$
DECLARE org uuid;
BEGIN
  FOR org IN SELECT id FROM "Organization" LOOP
    PERFORM set_config('app.org_id', org::text, true);
    UPDATE "RepairOrder" SET status = status WHERE "organizationId" = org;
  END LOOP;
END
$$;
