-- A new table with organizationId needs, below: RLS enabled + forced, the tenant_isolation policy,
-- grants to awms_app, and an entry in lib/db/tenant-models.ts (the tenancy tests enforce all of it).

-- AlterTable
ALTER TABLE "Vehicle" ADD COLUMN     "registrationKey" TEXT;

-- CreateIndex
CREATE INDEX "Vehicle_registrationKey_trgm_idx" ON "Vehicle" USING GIN ("registrationKey" gin_trgm_ops);


-- The plate as a front desk types it: upper case, no spaces. Kept by a trigger, whoever writes.
CREATE FUNCTION vehicle_registration_key() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  NEW."registrationKey" := NULLIF(upper(regexp_replace(coalesce(NEW.registration, ''), '\s+', '', 'g')), '');
  RETURN NEW;
END
$$;

CREATE TRIGGER vehicle_registration_key
  BEFORE INSERT OR UPDATE OF registration ON "Vehicle"
  FOR EACH ROW EXECUTE FUNCTION vehicle_registration_key();

DO $$
DECLARE org uuid;
BEGIN
  FOR org IN SELECT id FROM "Organization" LOOP
    PERFORM set_config('app.org_id', org::text, true);
    UPDATE "Vehicle" SET registration = registration WHERE "organizationId" = org;
  END LOOP;
END
$$;

-- Text search under row-level security.
-- pg_trgm's operators and ILIKE are not LEAKPROOF, so for awms_app Postgres
-- evaluates them only after the RLS filter and never through the trigram
-- indexes: every search scanned the whole workshop. The two functions below
-- run as awms_search, a role with no login that may read only the searchable
-- columns, and for which a SELECT policy adds no row filter; instead each
-- function filters by the workshop named in app.org_id itself (no workshop
-- set: no rows), so the planner can use the trigram indexes. pg_temp is last
-- on their search_path and the tables are qualified, so a caller's temporary
-- objects cannot stand in for them. They return only
-- what a search hit shows.
DO $$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'awms_search') THEN
    CREATE ROLE awms_search NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE;
  END IF;
END
$$;
GRANT USAGE ON SCHEMA public TO awms_search;
GRANT SELECT ("organizationId", id, "displayName", email, phone) ON "Customer" TO awms_search;
GRANT SELECT ("organizationId", id, "customerId", registration, "registrationKey", vin, make, model, year) ON "Vehicle" TO awms_search;
CREATE POLICY workshop_search ON "Customer" FOR SELECT TO awms_search USING (true);
CREATE POLICY workshop_search ON "Vehicle" FOR SELECT TO awms_search USING (true);

CREATE FUNCTION workshop_search_customers(q text, pattern text, fuzzy boolean, max_rows integer)
RETURNS TABLE (id uuid, "customerId" uuid, title text, detail text, score double precision)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
  workshop uuid := NULLIF(current_setting('app.org_id', true), '')::uuid;
BEGIN
  IF workshop IS NULL THEN RETURN; END IF;
  RETURN QUERY EXECUTE
    'SELECT c.id, c.id, c."displayName", concat_ws('' · '', c.email, c.phone),
            greatest(similarity(c."displayName", $1), similarity(coalesce(c.email, ''''), $1), similarity(coalesce(c.phone, ''''), $1))::float8 AS score
       FROM public."Customer" c
      WHERE c."organizationId" = $2
        AND (c."displayName" ILIKE $3 OR c.email ILIKE $3 OR c.phone ILIKE $3'
        || CASE WHEN fuzzy THEN ' OR c."displayName" % $1' ELSE '' END || ')
      ORDER BY score DESC, c."displayName" ASC
      LIMIT $4'
    USING q, workshop, pattern, max_rows;
END
$$;

CREATE FUNCTION workshop_search_vehicles(compact text, pattern text, fuzzy boolean, max_rows integer)
RETURNS TABLE (id uuid, "customerId" uuid, title text, detail text, score double precision)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
  workshop uuid := NULLIF(current_setting('app.org_id', true), '')::uuid;
BEGIN
  IF workshop IS NULL THEN RETURN; END IF;
  RETURN QUERY EXECUTE
    'SELECT v.id, v."customerId", coalesce(v.registration, v.vin), concat_ws('' '', v.make, v.model, v.year::text, v.vin),
            greatest(similarity(coalesce(v."registrationKey", ''''), $1),
                     CASE WHEN v."registrationKey" = $1 OR v.vin LIKE $2 THEN 1 ELSE 0 END)::float8 AS score
       FROM public."Vehicle" v
      WHERE v."organizationId" = $3
        AND (v."registrationKey" LIKE $2 OR v.vin LIKE $2'
        || CASE WHEN fuzzy THEN ' OR v."registrationKey" % $1' ELSE '' END || ')
      ORDER BY score DESC, coalesce(v.registration, v.vin) ASC
      LIMIT $4'
    USING compact, pattern, workshop, max_rows;
END
$$;

-- A new owner needs CREATE on the schema at the moment of the hand-over, and never again.
GRANT CREATE ON SCHEMA public TO awms_search;
ALTER FUNCTION workshop_search_customers(text, text, boolean, integer) OWNER TO awms_search;
ALTER FUNCTION workshop_search_vehicles(text, text, boolean, integer) OWNER TO awms_search;
REVOKE CREATE ON SCHEMA public FROM awms_search;
REVOKE ALL ON FUNCTION workshop_search_customers(text, text, boolean, integer), workshop_search_vehicles(text, text, boolean, integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION workshop_search_customers(text, text, boolean, integer), workshop_search_vehicles(text, text, boolean, integer) TO awms_app;
