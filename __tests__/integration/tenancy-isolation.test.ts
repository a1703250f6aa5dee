// Workshop A's staff attack workshop B's rows through every path the app has:
// the scoped client, interactive transactions, raw SQL and nested writes.
import pg from "pg";
import { audit } from "@/lib/audit/audit";
import { CrossTenantAccessError, tenantDb, withTenant } from "@/lib/db";
import { createTestDatabase, type TestDatabase } from "../support/test-database";
import { seedWorkshop, type SeededWorkshop } from "../support/workshops";

let database: TestDatabase;
let a: SeededWorkshop;
let b: SeededWorkshop;

beforeAll(async () => {
  database = await createTestDatabase({ poolSize: 1 });
  a = await seedWorkshop(database.app, "A");
  b = await seedWorkshop(database.app, "B");
});

afterAll(() => database.drop());

/** Counted by a superuser, whom RLS does not bind: the referee. */
async function snapshotB() {
  const { rows } = await database.superuser.query<{ customers: string; vehicles: string; names: string }>(
    `SELECT (SELECT count(*) FROM "Customer" WHERE "organizationId" = $1) AS customers,
            (SELECT count(*) FROM "Vehicle" WHERE "organizationId" = $1) AS vehicles,
            (SELECT string_agg("displayName", ',' ORDER BY id) FROM "Customer" WHERE "organizationId" = $1) AS names`,
    [b.orgId],
  );
  return rows[0];
}

test("the referee sees both workshops' rows (the snapshot is real)", async () => {
  expect(await snapshotB()).toEqual({ customers: "3", vehicles: "3", names: expect.stringContaining("B customer 0") });
});

describe("through tenantDb", () => {
  test("lists only its own workshop's customers and vehicles", async () => {
    const customers = await tenantDb(a.orgId).customer.findMany({ include: { vehicles: true } });
    expect(customers.map((c) => c.id).sort()).toEqual([...a.customerIds].sort());
    expect(customers.flatMap((c) => c.vehicles).every((v) => v.organizationId === a.orgId)).toBe(true);
    expect(await tenantDb(a.orgId).vehicle.count()).toBe(3);
  });

  test("another workshop's id reads as not found", async () => {
    const scoped = tenantDb(a.orgId);
    expect(await scoped.customer.findFirst({ where: { id: b.customerIds[0]! } })).toBeNull();
    await expect(
      scoped.customer.findUniqueOrThrow({ where: { organizationId_id: { organizationId: a.orgId, id: b.customerIds[0]! } } }),
    ).rejects.toThrow();
  });

  test("naming another workshop in a query is refused before it reaches the database", async () => {
    const scoped = tenantDb(a.orgId);
    await expect(
      scoped.customer.findUnique({ where: { organizationId_id: { organizationId: b.orgId, id: b.customerIds[0]! } } }),
    ).rejects.toThrow(CrossTenantAccessError);
    await expect(
      scoped.customer.create({ data: { organizationId: b.orgId, displayName: "Planted" } }),
    ).rejects.toThrow(CrossTenantAccessError);
    await expect(
      scoped.customer.update({
        where: { organizationId_id: { organizationId: a.orgId, id: a.customerIds[0]! } },
        data: { organizationId: b.orgId },
      }),
    ).rejects.toThrow(CrossTenantAccessError);
  });

  test("cannot update or delete another workshop's rows", async () => {
    const scoped = tenantDb(a.orgId);
    const updated = await scoped.customer.updateMany({ where: { id: b.customerIds[0]! }, data: { displayName: "Hijacked" } });
    const deletedVehicles = await scoped.vehicle.deleteMany({ where: { id: { in: b.vehicleIds } } });
    const deleted = await scoped.customer.deleteMany({ where: { id: b.customerIds[1]! } });
    expect([updated.count, deletedVehicles.count, deleted.count]).toEqual([0, 0, 0]);
    await expect(
      scoped.customer.update({
        where: { organizationId_id: { organizationId: a.orgId, id: b.customerIds[0]! } },
        data: { displayName: "Hijacked" },
      }),
    ).rejects.toThrow(/not found|No record/i);
    expect(await snapshotB()).toEqual({ customers: "3", vehicles: "3", names: expect.not.stringContaining("Hijacked") });
  });

  test("refuses global tables, which it cannot scope", async () => {
    await expect(tenantDb(a.orgId).organization.findMany()).rejects.toThrow(CrossTenantAccessError);
    await expect(tenantDb(a.orgId).user.findMany()).rejects.toThrow(CrossTenantAccessError);
  });

  test("rejects an organization id that is not a UUID", () => {
    expect(() => tenantDb("' OR 1=1 --")).toThrow(CrossTenantAccessError);
  });
});

describe("through raw SQL", () => {
  test("inside A's transaction, raw reads see only A and raw writes to B change nothing", async () => {
    const result = await withTenant(a.orgId, async (tx) => {
      const rows = await tx.$queryRaw<Array<{ organizationId: string }>>`SELECT "organizationId" FROM "Customer"`;
      const updated = await tx.$executeRaw`UPDATE "Customer" SET "displayName" = 'Hijacked' WHERE "organizationId" = ${b.orgId}::uuid`;
      const deleted = await tx.$executeRaw`DELETE FROM "Vehicle" WHERE "organizationId" = ${b.orgId}::uuid`;
      return { orgs: [...new Set(rows.map((row) => row.organizationId))], updated, deleted };
    }, { client: database.app });
    expect(result).toEqual({ orgs: [a.orgId], updated: 0, deleted: 0 });
    expect(await snapshotB()).toEqual({ customers: "3", vehicles: "3", names: expect.not.stringContaining("Hijacked") });
  });

  test("a raw insert of a row for B from A's transaction is rejected by the policy", async () => {
    await expect(
      withTenant(a.orgId, (tx) =>
        tx.$executeRaw`INSERT INTO "Customer" ("organizationId", id, "displayName", "updatedAt")
                       VALUES (${b.orgId}::uuid, gen_random_uuid(), 'Planted', now())`,
      { client: database.app }),
    ).rejects.toThrow(/row-level security/);
    expect((await snapshotB())!.customers).toBe("3");
  });

  test("with no organization set, the app role reads no tenant rows and cannot insert any", async () => {
    const client = new pg.Client({ connectionString: database.appUrl });
    await client.connect();
    try {
      const { rows: tables } = await client.query<{ table_name: string }>(
        `SELECT table_name FROM information_schema.columns WHERE table_schema = 'public' AND column_name = 'organizationId'`,
      );
      expect(tables.length).toBeGreaterThanOrEqual(5);
      for (const { table_name } of tables) {
        const { rows } = await client.query<{ count: string }>(`SELECT count(*) FROM "${table_name}"`);
        expect({ table_name, count: rows[0]!.count }).toEqual({ table_name, count: "0" });
      }
      await expect(
        client.query(`INSERT INTO "Customer" ("organizationId", id, "displayName", "updatedAt") VALUES ($1, gen_random_uuid(), 'x', now())`, [b.orgId]),
      ).rejects.toThrow(/row-level security/);
      // A session-level setting is also refused if it names nothing valid.
      await client.query(`SET app.org_id = ''`);
      const { rows } = await client.query<{ count: string }>(`SELECT count(*) FROM "Customer"`);
      expect(rows[0]!.count).toBe("0");
    } finally {
      await client.end();
    }
  });

  test("the organization setting does not outlive its transaction on a pooled connection", async () => {
    // poolSize 1: every query below runs on the same connection as the last transaction.
    await withTenant(a.orgId, (tx) => tx.customer.count(), { client: database.app });
    const [setting] = await database.app.$queryRaw<Array<{ value: string | null }>>`SELECT current_setting('app.org_id', true) AS value`;
    expect(setting!.value ?? "").toBe("");
    const [visible] = await database.app.$queryRaw<Array<{ count: bigint }>>`SELECT count(*) AS count FROM "Customer"`;
    expect(Number(visible!.count)).toBe(0);
  });
});

describe("through nested writes", () => {
  test("a nested create inherits the workshop and lands in A", async () => {
    const created = await tenantDb(a.orgId).customer.create({
      data: { organizationId: a.orgId, displayName: "Nested Owner", vehicles: { create: [{ registration: "NE57 ED" }] } },
      include: { vehicles: true },
    });
    expect(created.vehicles[0]!.organizationId).toBe(a.orgId);
  });

  test("connecting B's vehicle to A's customer fails and leaves the vehicle with B", async () => {
    await expect(
      tenantDb(a.orgId).customer.update({
        where: { organizationId_id: { organizationId: a.orgId, id: a.customerIds[0]! } },
        data: { vehicles: { connect: [{ organizationId_id: { organizationId: a.orgId, id: b.vehicleIds[0]! } }] } },
      }),
    ).rejects.toThrow();
    const { rows } = await database.superuser.query(`SELECT "organizationId", "customerId" FROM "Vehicle" WHERE id = $1`, [b.vehicleIds[0]]);
    expect(rows[0]).toEqual({ organizationId: b.orgId, customerId: b.customerIds[0] });
  });

  test("a vehicle cannot point at another workshop's customer (composite foreign key)", async () => {
    await expect(
      withTenant(a.orgId, (tx) =>
        tx.$executeRaw`INSERT INTO "Vehicle" ("organizationId", id, "customerId", "updatedAt")
                       VALUES (${a.orgId}::uuid, gen_random_uuid(), ${b.customerIds[0]!}::uuid, now())`,
      { client: database.app }),
    ).rejects.toThrow(/foreign key/);
  });
});

describe("transactions", () => {
  test("a unit of work that throws leaves neither its rows nor its audit entry behind", async () => {
    const count = () =>
      withTenant(a.orgId, async (tx) => [await tx.customer.count(), await tx.auditLog.count()], { client: database.app });
    const before = await count();
    await expect(
      withTenant(a.orgId, async (tx) => {
        const customer = await tx.customer.create({ data: { organizationId: a.orgId, displayName: "Rolled Back" } });
        await audit(tx, { orgId: a.orgId, userId: a.userId }, "customer.create", { type: "Customer", id: customer.id });
        throw new Error("payment terminal offline");
      }, { client: database.app }),
    ).rejects.toThrow("payment terminal offline");
    expect(await count()).toEqual(before);
  });

  test("a scoped transaction refuses global tables and foreign workshops", async () => {
    await expect(withTenant(a.orgId, async (tx) => tx.user.findMany(), { client: database.app })).rejects.toThrow(
      CrossTenantAccessError,
    );
    await expect(
      withTenant(a.orgId, (tx) => tx.customer.deleteMany({ where: { organizationId: b.orgId } }), { client: database.app }),
    ).resolves.toEqual({ count: 0 });
    expect((await snapshotB())!.customers).toBe("3");
  });
});
