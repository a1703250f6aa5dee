// Reads the database catalog, so a table added later is checked without
// anyone remembering to add it here.
import pg from "pg";
import { TENANT_MODELS } from "@/lib/db";
import { createTestDatabase, type TestDatabase } from "../support/test-database";

let database: TestDatabase;
let app: pg.Client;

beforeAll(async () => {
  database = await createTestDatabase();
  app = new pg.Client({ connectionString: database.appUrl });
  await app.connect();
});

afterAll(async () => {
  await app.end();
  await database.drop();
});

async function ownerQuery<T extends pg.QueryResultRow>(sql: string, params: unknown[] = []) {
  return (await database.owner.query<T>(sql, params)).rows;
}

async function tenantTables(): Promise<string[]> {
  const rows = await ownerQuery<{ table_name: string }>(
    `SELECT table_name FROM information_schema.columns
      WHERE table_schema = 'public' AND column_name = 'organizationId' ORDER BY table_name`,
  );
  return rows.map((row) => row.table_name);
}

test("the tenant model list in lib/db matches every table that carries organizationId", async () => {
  expect(await tenantTables()).toEqual([...TENANT_MODELS].sort());
});

test("every tenant table has row-level security enabled and forced, with a policy on app.org_id", async () => {
  const tables = await tenantTables();
  expect(tables.length).toBeGreaterThanOrEqual(5);
  for (const table of tables) {
    const [flags] = await ownerQuery<{ relrowsecurity: boolean; relforcerowsecurity: boolean }>(
      `SELECT relrowsecurity, relforcerowsecurity FROM pg_class WHERE oid = $1::regclass`,
      [`"${table}"`],
    );
    expect({ table, ...flags }).toEqual({ table, relrowsecurity: true, relforcerowsecurity: true });
    const policies = await ownerQuery<{ cmd: string; qual: string; with_check: string | null }>(
      `SELECT cmd, qual, with_check FROM pg_policies WHERE schemaname = 'public' AND tablename = $1`,
      [table],
    );
    const isolation = policies.filter((p) => p.cmd === "ALL");
    expect({ table, isolation: isolation.length }).toEqual({ table, isolation: 1 });
    expect(isolation[0]!.qual).toContain("current_setting('app.org_id'");
    expect(isolation[0]!.qual).toContain('"organizationId"');
    expect(isolation[0]!.with_check).toContain("current_setting('app.org_id'");
  }
});

test("every tenant table's primary key starts with organizationId", async () => {
  for (const table of await tenantTables()) {
    const [pk] = await ownerQuery<{ columns: string[] }>(
      `SELECT array_agg(a.attname ORDER BY k.ord)::text[] AS columns
         FROM pg_constraint c
         CROSS JOIN LATERAL unnest(c.conkey) WITH ORDINALITY AS k(attnum, ord)
         JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum
        WHERE c.conrelid = $1::regclass AND c.contype = 'p'`,
      [`"${table}"`],
    );
    expect({ table, first: pk?.columns[0] }).toEqual({ table, first: "organizationId" });
  }
});

test("foreign keys between tenant tables are composite through organizationId, and indexed", async () => {
  const tables = new Set(await tenantTables());
  const foreignKeys = await ownerQuery<{ source: string; target: string; columns: string[]; name: string }>(
    `SELECT c.conname AS name, c.conrelid::regclass::text AS source, c.confrelid::regclass::text AS target,
            array_agg(a.attname ORDER BY k.ord)::text[] AS columns
       FROM pg_constraint c
       CROSS JOIN LATERAL unnest(c.conkey) WITH ORDINALITY AS k(attnum, ord)
       JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum
      WHERE c.contype = 'f' AND c.connamespace = 'public'::regnamespace
      GROUP BY c.conname, c.conrelid, c.confrelid`,
  );
  const unquote = (name: string) => name.replace(/"/g, "");
  const betweenTenants = foreignKeys.filter((fk) => tables.has(unquote(fk.source)) && tables.has(unquote(fk.target)));
  expect(betweenTenants.length).toBeGreaterThan(0);
  for (const fk of betweenTenants) {
    expect({ fk: fk.name, first: fk.columns[0], width: fk.columns.length > 1 }).toEqual({
      fk: fk.name, first: "organizationId", width: true,
    });
  }
  // Prisma loads a relation by its id column alone; without an index on it Postgres scans the table.
  for (const fk of foreignKeys) {
    const idColumn = fk.columns.find((column) => column !== "organizationId");
    if (!idColumn) continue;
    const indexes = await ownerQuery<{ indexdef: string }>(
      `SELECT indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename = $1`,
      [unquote(fk.source)],
    );
    const leading = indexes.some((index) => new RegExp(`\\("?${idColumn}"?[,)]`).test(index.indexdef));
    expect({ fk: fk.name, indexedBy: idColumn, leading }).toEqual({ fk: fk.name, indexedBy: idColumn, leading: true });
  }
});

test("the app role is not a superuser, cannot bypass RLS and owns nothing", async () => {
  const { rows } = await app.query<{ rolsuper: boolean; rolbypassrls: boolean; owned: string; role: string }>(
    `SELECT current_user AS role, r.rolsuper, r.rolbypassrls,
            (SELECT count(*) FROM pg_class c WHERE c.relowner = r.oid) +
            (SELECT count(*) FROM pg_namespace n WHERE n.nspowner = r.oid) +
            (SELECT count(*) FROM pg_proc p WHERE p.proowner = r.oid) AS owned
       FROM pg_roles r WHERE r.rolname = current_user`,
  );
  expect(rows[0]).toEqual({ role: "awms_app", rolsuper: false, rolbypassrls: false, owned: "0" });
});

test("the app role may only read and append to the audit log", async () => {
  const { rows } = await app.query<Record<string, boolean>>(
    `SELECT has_table_privilege('"AuditLog"', 'SELECT') AS select,
            has_table_privilege('"AuditLog"', 'INSERT') AS insert,
            has_table_privilege('"AuditLog"', 'UPDATE') AS update,
            has_table_privilege('"AuditLog"', 'DELETE') AS delete,
            has_table_privilege('"AuditLog"', 'TRUNCATE') AS truncate`,
  );
  expect(rows[0]).toEqual({ select: true, insert: true, update: false, delete: false, truncate: false });
});

test("search runs as awms_search only through its two functions, which see nothing without a workshop", async () => {
  const [membership] = await ownerQuery<{ owner: boolean; app: boolean }>(
    `SELECT pg_has_role('awms_owner', 'awms_search', 'MEMBER') AS owner, pg_has_role('awms_app', 'awms_search', 'MEMBER') AS app`,
  );
  // A member would fall under awms_search's read-everything policy: the owner is one only while migrating.
  expect(membership).toEqual({ owner: false, app: false });
  const [role] = await ownerQuery<{ rolcanlogin: boolean; rolbypassrls: boolean; rolsuper: boolean }>(
    `SELECT rolcanlogin, rolbypassrls, rolsuper FROM pg_roles WHERE rolname = 'awms_search'`,
  );
  expect(role).toEqual({ rolcanlogin: false, rolbypassrls: false, rolsuper: false });
  const functions = await ownerQuery<{ proname: string; owner: string }>(
    `SELECT p.proname, pg_get_userbyid(p.proowner) AS owner FROM pg_proc p WHERE pg_get_userbyid(p.proowner) = 'awms_search' ORDER BY 1`,
  );
  expect(functions).toEqual([{ proname: "workshop_search_customers", owner: "awms_search" }, { proname: "workshop_search_vehicles", owner: "awms_search" }]);
  // Owner and app role stay bound by RLS: with no workshop set they see no customers.
  await database.superuser.query(`INSERT INTO "Organization" (id, slug, name, country, currency, timezone, "updatedAt") VALUES (gen_random_uuid(), 'cat-search', 'Cat', 'GB', 'GBP', 'Europe/London', now())`);
  await database.superuser.query(`INSERT INTO "Customer" ("organizationId", id, "displayName", "updatedAt") SELECT id, gen_random_uuid(), 'Catalog Customer', now() FROM "Organization" WHERE slug = 'cat-search'`);
  expect((await ownerQuery(`SELECT 1 FROM "Customer"`)).length).toBe(0);
  expect((await app.query(`SELECT * FROM workshop_search_customers('Catalog', '%Catalog%', true, 20)`)).rows).toEqual([]);
  await expect(app.query(`SET ROLE awms_search`)).rejects.toThrow(/permission denied/);
});
