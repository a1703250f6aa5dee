-- A new table with organizationId needs, below: RLS enabled + forced, the tenant_isolation policy,
-- grants to awms_app, and an entry in lib/db/tenant-models.ts (the tenancy tests enforce all of it).

-- AlterTable
ALTER TABLE "RepairOrder" ADD COLUMN     "labourTechnicianIds" UUID[] DEFAULT ARRAY[]::UUID[];


-- Recomputed from the order's labour lines whenever a line is added, changed,
-- moved or removed (by the app, a cascade or a restore).
CREATE FUNCTION repair_order_labour_technicians(org uuid, job uuid) RETURNS void
LANGUAGE sql AS $$
  UPDATE "RepairOrder" ro
     SET "labourTechnicianIds" = coalesce((
           SELECT array_agg(DISTINCT l."technicianUserId" ORDER BY l."technicianUserId")
             FROM "Job" j
             JOIN "JobLine" l ON l."organizationId" = j."organizationId" AND l."jobId" = j.id
            WHERE j."organizationId" = ro."organizationId" AND j."repairOrderId" = ro.id
              AND l.kind = 'LABOUR' AND l."technicianUserId" IS NOT NULL), ARRAY[]::uuid[])
   WHERE ro."organizationId" = org
     AND ro.id = (SELECT j."repairOrderId" FROM "Job" j WHERE j."organizationId" = org AND j.id = job);
$$;

CREATE FUNCTION job_line_labour_technicians() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    PERFORM repair_order_labour_technicians(OLD."organizationId", OLD."jobId");
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    PERFORM repair_order_labour_technicians(NEW."organizationId", NEW."jobId");
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER job_line_labour_technicians
  AFTER INSERT OR DELETE OR UPDATE OF kind, "technicianUserId", "jobId" ON "JobLine"
  FOR EACH ROW EXECUTE FUNCTION job_line_labour_technicians();

DO $$
DECLARE org uuid;
BEGIN
  FOR org IN SELECT id FROM "Organization" LOOP
    PERFORM set_config('app.org_id', org::text, true);
    UPDATE "RepairOrder" ro
       SET "labourTechnicianIds" = coalesce((
             SELECT array_agg(DISTINCT l."technicianUserId" ORDER BY l."technicianUserId")
               FROM "Job" j JOIN "JobLine" l ON l."organizationId" = j."organizationId" AND l."jobId" = j.id
              WHERE j."organizationId" = ro."organizationId" AND j."repairOrderId" = ro.id
                AND l.kind = 'LABOUR' AND l."technicianUserId" IS NOT NULL), ARRAY[]::uuid[])
     WHERE ro."organizationId" = org;
  END LOOP;
END
$$;
