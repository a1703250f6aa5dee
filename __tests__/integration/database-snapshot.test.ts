// The attack and fuzz suites' referee (support/database-snapshot.ts) against a real database: it
// must see a changed row in any workshop's table and an export job a request queued, and must not
// blame a refusal for the audit entry it writes or a cron tick for the job it queues.
import { audit } from "@/lib/audit/audit";
import { withTenant } from "@/lib/db";
import { sendJob, stopJobProducer } from "@/lib/jobs/send-job";
import { changedTables, databaseSnapshot } from "../support/database-snapshot";
import { createTestDatabase, type TestDatabase } from "../support/test-database";
import { seedWorkshop, type SeededWorkshop } from "../support/workshops";

let database: TestDatabase;
let workshop: SeededWorkshop;

beforeAll(async () => {
  database = await createTestDatabase();
  workshop = await seedWorkshop(database.app, "referee", 2);
});

afterAll(async () => {
  await stopJobProducer();
  await database.drop();
});

test("one changed field of one row in one workshop is seen, in that table only", async () => {
  const before = await databaseSnapshot(database.superuser);
  expect(Object.keys(before)).toEqual(expect.arrayContaining(["Customer", "RepairOrder", "Organization"]));
  await database.superuser.query(`UPDATE "Customer" SET "displayName" = "displayName" || '.' WHERE id = (SELECT id FROM "Customer" WHERE "organizationId" = $1 LIMIT 1)`, [workshop.orgId]);
  expect(changedTables(before, await databaseSnapshot(database.superuser))).toEqual(["Customer"]);
});

test("an audit entry is not counted as a change (refusals are audited; the suites check those entries themselves)", async () => {
  const before = await databaseSnapshot(database.superuser);
  await withTenant(workshop.orgId, (tx) => audit(tx, { orgId: workshop.orgId, userId: workshop.userId }, "customer.update", { type: "Customer", id: workshop.customerIds[0]! }));
  expect(changedTables(before, await databaseSnapshot(database.superuser))).toEqual([]);
});

test("an export job queued by a request is a change; a job a cron tick queues is not", async () => {
  const before = await databaseSnapshot(database.superuser);
  await sendJob("appointment-emails");
  const afterCron = await databaseSnapshot(database.superuser);
  expect(changedTables(before, afterCron)).toEqual([]);
  await sendJob("privacy-export", { organizationId: workshop.orgId });
  expect(changedTables(afterCron, await databaseSnapshot(database.superuser))).toEqual(["pgboss.job (privacy-export)"]);
});
