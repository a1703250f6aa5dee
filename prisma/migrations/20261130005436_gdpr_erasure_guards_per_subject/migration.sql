-- The erasure guards (20261129235411_gdpr_erasure) let the app anonymize a retained invoice or a
-- customer's decision while ANY erasure ran in the workshop. Narrowed: only rows the running
-- request reaches (its customer's invoices, the visits they made and those of their vehicles,
-- or everything during a closure), and a decision's name only into the erased label.

-- A running erasure reaches this row: the whole workshop's, or its customer's own records.
CREATE FUNCTION gdpr_erasure_reaches(org uuid, customer uuid, repair_order uuid) RETURNS boolean
LANGUAGE sql STABLE AS $$
  SELECT EXISTS (
    SELECT 1 FROM "PrivacyRequest" r
    WHERE r."organizationId" = org AND r.kind = 'ERASURE' AND r.status = 'RUNNING'
      AND (r.scope = 'ORGANIZATION'
           OR r."customerId" = customer
           OR EXISTS (
             SELECT 1 FROM "RepairOrder" o
             WHERE o."organizationId" = org AND o.id = repair_order
               AND (o."customerId" = r."customerId"
                    OR o."vehicleId" IN (SELECT v.id FROM "Vehicle" v WHERE v."organizationId" = org AND v."customerId" = r."customerId")))))
$$;

CREATE OR REPLACE FUNCTION invoice_reject_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE'
     AND (to_jsonb(NEW) - 'customerId') = (to_jsonb(OLD) - 'customerId') THEN
    RETURN NEW;
  END IF;
  IF TG_OP = 'UPDATE'
     AND (to_jsonb(NEW) - 'snapshot') = (to_jsonb(OLD) - 'snapshot')
     AND gdpr_erasure_reaches(OLD."organizationId", OLD."customerId", OLD."repairOrderId")
     AND (NEW.snapshot = gdpr_anonymized_invoice_snapshot(OLD.snapshot, NULL)
          OR NEW.snapshot = gdpr_anonymized_invoice_snapshot(OLD.snapshot, 'Erased customer ' || right(OLD."customerId"::text, 8))) THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'an issued invoice cannot change (%): issue a credit note', TG_OP
    USING ERRCODE = 'insufficient_privilege';
END
$$;

CREATE OR REPLACE FUNCTION job_decision_reject_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE'
     AND gdpr_erasure_reaches(OLD."organizationId", NULL, OLD."repairOrderId")
     AND NEW.ip IS NULL AND NEW."userAgent" IS NULL
     AND NEW."approverName" ~ '^Erased customer [0-9a-f]{8}$'
     AND (to_jsonb(NEW) - 'approverName' - 'ip' - 'userAgent') = (to_jsonb(OLD) - 'approverName' - 'ip' - 'userAgent') THEN
    RETURN NEW;
  END IF;
  IF TG_OP = 'DELETE' AND EXISTS (
       SELECT 1 FROM "PrivacyRequest" r
       WHERE r."organizationId" = OLD."organizationId" AND r.kind = 'ERASURE' AND r.scope = 'ORGANIZATION' AND r.status = 'RUNNING') THEN
    RETURN OLD;
  END IF;
  RAISE EXCEPTION 'a customer''s decision cannot change (%)', TG_OP
    USING ERRCODE = 'insufficient_privilege';
END
$$;
