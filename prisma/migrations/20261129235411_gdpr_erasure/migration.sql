-- GDPR erasure (Art. 17) of a customer and closing of a whole workshop (lib/gdpr/erasure).
-- No model changes: grants for exactly what erasure changes, and guards so that what the app
-- may now change it may change only while an erasure request is RUNNING, and only into the
-- anonymized form.

-- An erasure is running in this workshop (for any customer, or the whole workshop).
CREATE FUNCTION gdpr_erasure_running(org uuid) RETURNS boolean
LANGUAGE sql STABLE AS $$
  SELECT EXISTS (
    SELECT 1 FROM "PrivacyRequest" r
    WHERE r."organizationId" = org AND r.kind = 'ERASURE' AND r.status = 'RUNNING')
$$;

-- What a retained invoice keeps once its customer is erased: amounts, tax, numbers, dates,
-- the work done and the workshop's details. The bill-to name becomes the label (when the erased
-- customer is the one billed) and the address and email go; the plate, VIN and the concerns
-- (free text about the person's car) go from every invoice the customer's visits produced.
CREATE FUNCTION gdpr_anonymized_invoice_snapshot(snapshot jsonb, bill_to_label text) RETURNS jsonb
LANGUAGE sql IMMUTABLE AS $$
  SELECT snapshot
    || CASE WHEN bill_to_label IS NULL THEN '{}'::jsonb ELSE jsonb_build_object('billTo',
         coalesce(snapshot->'billTo', '{}'::jsonb)
         || jsonb_build_object('name', bill_to_label, 'addressLine1', NULL, 'city', NULL, 'postcode', NULL, 'email', NULL)) END
    || jsonb_build_object('vehicle', coalesce(snapshot->'vehicle', '{}'::jsonb) || jsonb_build_object('registration', NULL, 'vin', NULL))
    || jsonb_build_object('repairOrder', coalesce(snapshot->'repairOrder', '{}'::jsonb) || jsonb_build_object('concerns', NULL))
$$;

-- An issued invoice still never changes, with two exceptions: re-pointing a merged customer
-- (as before), and, while an erasure runs in its workshop, its snapshot becoming exactly the
-- anonymized form above (label "Erased customer" + the last 8 characters of its customer's id).
CREATE OR REPLACE FUNCTION invoice_reject_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE'
     AND (to_jsonb(NEW) - 'customerId') = (to_jsonb(OLD) - 'customerId') THEN
    RETURN NEW;
  END IF;
  IF TG_OP = 'UPDATE'
     AND (to_jsonb(NEW) - 'snapshot') = (to_jsonb(OLD) - 'snapshot')
     AND gdpr_erasure_running(OLD."organizationId")
     AND (NEW.snapshot = gdpr_anonymized_invoice_snapshot(OLD.snapshot, NULL)
          OR NEW.snapshot = gdpr_anonymized_invoice_snapshot(OLD.snapshot, 'Erased customer ' || right(OLD."customerId"::text, 8))) THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'an issued invoice cannot change (%): issue a credit note', TG_OP
    USING ERRCODE = 'insufficient_privilege';
END
$$;
GRANT UPDATE ("snapshot") ON "Invoice" TO awms_app;

-- A customer's decision stays a record of what was decided; erasure removes who signed and from
-- where (name, IP, user agent), and closing a workshop removes the decisions with the rest.
CREATE FUNCTION job_decision_reject_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE'
     AND gdpr_erasure_running(OLD."organizationId")
     AND NEW.ip IS NULL AND NEW."userAgent" IS NULL
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
CREATE TRIGGER job_decision_immutable
  BEFORE UPDATE OR DELETE ON "JobDecision"
  FOR EACH ROW EXECUTE FUNCTION job_decision_reject_change();
GRANT UPDATE ("approverName", "ip", "userAgent") ON "JobDecision" TO awms_app;

-- Erasure deletes the customer's reminders, and the developer outbox's copies of mail to them.
GRANT DELETE ON "ServiceReminder" TO awms_app;
GRANT DELETE ON "OutboxEmail" TO awms_app;

-- Closing a workshop: everything but the retained invoices, their payments and the rows they
-- point at (repair order, vehicle, customers: anonymized by the app in the same transaction),
-- the privacy requests and the audit log. Runs as the owner because the app may not delete
-- the stock ledger, decisions, bookings, inspections and catalogue in normal operation; it
-- refuses unless the caller's transaction is in this workshop and its closure is RUNNING.
CREATE FUNCTION gdpr_close_workshop_purge(org uuid) RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
  removed integer := 0;
  n integer;
BEGIN
  IF org IS DISTINCT FROM NULLIF(current_setting('app.org_id', true), '')::uuid THEN
    RAISE EXCEPTION 'closing a workshop runs only in that workshop''s transaction' USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF NOT EXISTS (
       SELECT 1 FROM "PrivacyRequest" r
       WHERE r."organizationId" = org AND r.kind = 'ERASURE' AND r.scope = 'ORGANIZATION' AND r.status = 'RUNNING') THEN
    RAISE EXCEPTION 'the workshop has no running closure request' USING ERRCODE = 'insufficient_privilege';
  END IF;

  DELETE FROM "JobDecision" WHERE "organizationId" = org; GET DIAGNOSTICS n = ROW_COUNT; removed := removed + n;
  DELETE FROM "ApprovalLink" WHERE "organizationId" = org; GET DIAGNOSTICS n = ROW_COUNT; removed := removed + n;
  DELETE FROM "TimeEntry" WHERE "organizationId" = org; GET DIAGNOSTICS n = ROW_COUNT; removed := removed + n;
  DELETE FROM "Attachment" WHERE "organizationId" = org; GET DIAGNOSTICS n = ROW_COUNT; removed := removed + n;
  DELETE FROM "InspectionItem" WHERE "organizationId" = org; GET DIAGNOSTICS n = ROW_COUNT; removed := removed + n;
  DELETE FROM "Inspection" WHERE "organizationId" = org; GET DIAGNOSTICS n = ROW_COUNT; removed := removed + n;
  DELETE FROM "InspectionTemplateItem" WHERE "organizationId" = org; GET DIAGNOSTICS n = ROW_COUNT; removed := removed + n;
  DELETE FROM "InspectionTemplate" WHERE "organizationId" = org; GET DIAGNOSTICS n = ROW_COUNT; removed := removed + n;
  DELETE FROM "Recommendation" WHERE "organizationId" = org; GET DIAGNOSTICS n = ROW_COUNT; removed := removed + n;
  DELETE FROM "ServiceReminder" WHERE "organizationId" = org; GET DIAGNOSTICS n = ROW_COUNT; removed := removed + n;
  DELETE FROM "Appointment" WHERE "organizationId" = org; GET DIAGNOSTICS n = ROW_COUNT; removed := removed + n;
  DELETE FROM "Bay" WHERE "organizationId" = org; GET DIAGNOSTICS n = ROW_COUNT; removed := removed + n;
  DELETE FROM "StockMovement" WHERE "organizationId" = org; GET DIAGNOSTICS n = ROW_COUNT; removed := removed + n;
  DELETE FROM "PurchaseOrderLine" WHERE "organizationId" = org; GET DIAGNOSTICS n = ROW_COUNT; removed := removed + n;
  DELETE FROM "PurchaseOrder" WHERE "organizationId" = org; GET DIAGNOSTICS n = ROW_COUNT; removed := removed + n;
  DELETE FROM "StockLevel" WHERE "organizationId" = org; GET DIAGNOSTICS n = ROW_COUNT; removed := removed + n;
  DELETE FROM "JobLine" WHERE "organizationId" = org; GET DIAGNOSTICS n = ROW_COUNT; removed := removed + n;
  DELETE FROM "Job" WHERE "organizationId" = org; GET DIAGNOSTICS n = ROW_COUNT; removed := removed + n;
  DELETE FROM "Part" WHERE "organizationId" = org; GET DIAGNOSTICS n = ROW_COUNT; removed := removed + n;
  DELETE FROM "Supplier" WHERE "organizationId" = org; GET DIAGNOSTICS n = ROW_COUNT; removed := removed + n;
  DELETE FROM "CannedJobLine" WHERE "organizationId" = org; GET DIAGNOSTICS n = ROW_COUNT; removed := removed + n;
  DELETE FROM "CannedJob" WHERE "organizationId" = org; GET DIAGNOSTICS n = ROW_COUNT; removed := removed + n;
  DELETE FROM "ApiKey" WHERE "organizationId" = org; GET DIAGNOSTICS n = ROW_COUNT; removed := removed + n;
  DELETE FROM "Invitation" WHERE "organizationId" = org; GET DIAGNOSTICS n = ROW_COUNT; removed := removed + n;
  DELETE FROM "Membership" WHERE "organizationId" = org; GET DIAGNOSTICS n = ROW_COUNT; removed := removed + n;
  DELETE FROM "CustomerContact" WHERE "organizationId" = org; GET DIAGNOSTICS n = ROW_COUNT; removed := removed + n;
  DELETE FROM "DataSubjectKey" WHERE "organizationId" = org; GET DIAGNOSTICS n = ROW_COUNT; removed := removed + n;
  DELETE FROM "RepairOrder" ro WHERE ro."organizationId" = org
    AND NOT EXISTS (SELECT 1 FROM "Invoice" i WHERE i."organizationId" = org AND i."repairOrderId" = ro.id);
  GET DIAGNOSTICS n = ROW_COUNT; removed := removed + n;
  DELETE FROM "Vehicle" v WHERE v."organizationId" = org
    AND NOT EXISTS (SELECT 1 FROM "RepairOrder" ro WHERE ro."organizationId" = org AND ro."vehicleId" = v.id);
  GET DIAGNOSTICS n = ROW_COUNT; removed := removed + n;
  DELETE FROM "Customer" c WHERE c."organizationId" = org
    AND NOT EXISTS (SELECT 1 FROM "RepairOrder" ro WHERE ro."organizationId" = org AND (ro."customerId" = c.id OR ro."billToCustomerId" = c.id))
    AND NOT EXISTS (SELECT 1 FROM "Invoice" i WHERE i."organizationId" = org AND i."customerId" = c.id)
    AND NOT EXISTS (SELECT 1 FROM "Vehicle" v WHERE v."organizationId" = org AND v."customerId" = c.id)
    AND NOT EXISTS (SELECT 1 FROM "PrivacyRequest" r WHERE r."organizationId" = org AND r."customerId" = c.id);
  GET DIAGNOSTICS n = ROW_COUNT; removed := removed + n;
  DELETE FROM "Location" WHERE "organizationId" = org; GET DIAGNOSTICS n = ROW_COUNT; removed := removed + n;
  RETURN removed;
END
$$;
REVOKE ALL ON FUNCTION gdpr_close_workshop_purge(uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION gdpr_close_workshop_purge(uuid) TO awms_app;
