// Every plan's limit for every counted resource, at the boundary, and races at the last free slot.
import { PLAN_ORDER, PLANS, planThatLifts } from "@/lib/billing/plans";
import { QuotaExceededError } from "@/lib/billing/quota";
import { createCustomer } from "@/lib/customers/create-customer";
import { db, withTenant } from "@/lib/db";
import type { Plan } from "@/lib/generated/prisma/client";
import { createLocation } from "@/lib/locations/create-location";
import { inviteMember } from "@/lib/members/invitations";
import type { OrgContext } from "@/lib/org/context";
import { createTestDatabase, type TestDatabase } from "../support/test-database";
import { contextFor, signUp, uniqueEmail } from "../support/accounts";

let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase({ poolSize: 10 });
});

afterAll(() => database.drop());

async function workshopOn(plan: Plan, label: string) {
  const { userId, orgSlug } = await signUp(label);
  const ctx = await contextFor(userId, orgSlug);
  await db().organization.update({ where: { id: ctx.orgId }, data: { plan } });
  return ctx;
}

/** Fills a resource to `total` rows with plain SQL as the table owner (inside the workshop's RLS context). */
async function fill(ctx: OrgContext, resource: "customers" | "locations" | "seats", total: number) {
  const client = await database.owner.connect();
  try {
    await client.query("BEGIN");
    await client.query("SELECT set_config('app.org_id', $1, true)", [ctx.orgId]);
    if (resource === "customers") {
      await client.query(
        `INSERT INTO "Customer" ("organizationId", id, "displayName", "updatedAt")
         SELECT $1, gen_random_uuid(), 'Filler ' || i, now() FROM generate_series(1, $2 - (SELECT count(*) FROM "Customer")) i`,
        [ctx.orgId, total],
      );
    } else if (resource === "locations") {
      await client.query(
        `INSERT INTO "Location" ("organizationId", id, name, timezone, "updatedAt")
         SELECT $1, gen_random_uuid(), 'Site ' || i, 'Europe/London', now() FROM generate_series(1, $2 - (SELECT count(*) FROM "Location")) i`,
        [ctx.orgId, total],
      );
    } else {
      await client.query(
        `WITH staff AS (
           INSERT INTO "User" (id, email, name, "updatedAt")
           SELECT gen_random_uuid(), 'filler-' || gen_random_uuid() || '@example.test', 'Filler', now()
             FROM generate_series(1, $2 - (SELECT count(*) FROM "Membership")) RETURNING id)
         INSERT INTO "Membership" ("organizationId", id, "userId", role, "updatedAt")
         SELECT $1, gen_random_uuid(), id, 'VIEWER', now() FROM staff`,
        [ctx.orgId, total],
      );
    }
    await client.query("COMMIT");
  } finally {
    client.release();
  }
}

const CREATE = {
  customers: (ctx: OrgContext) => createCustomer(ctx, { kind: "PERSON", displayName: "One more" }),
  locations: (ctx: OrgContext) => createLocation(ctx, { name: "One more site", timezone: "Europe/London" }),
  seats: (ctx: OrgContext) => inviteMember(ctx, { email: uniqueEmail("one-more"), role: "VIEWER" }),
} as const;

describe.each(PLAN_ORDER)("on %s", (plan) => {
  test.each(Object.keys(CREATE) as Array<keyof typeof CREATE>)("%s stop at the plan's limit, and the next plan lifts it", async (resource) => {
    const ctx = await workshopOn(plan, `${plan}-${resource}`.toLowerCase());
    const limit = PLANS[plan][resource];
    await fill(ctx, resource, limit - 1);
    // A new workshop already has one location, so a one-location plan has no free slot left.
    if (!(resource === "locations" && limit === 1)) await expect(CREATE[resource](ctx)).resolves.toBeTruthy(); // the last free slot
    const refusal = CREATE[resource](ctx);
    await expect(refusal).rejects.toBeInstanceOf(QuotaExceededError);
    await expect(refusal).rejects.toMatchObject({ limit, message: expect.stringContaining(`allows ${limit.toLocaleString("en-US").replace(/,/g, "")}`) });
    const lifting = planThatLifts(resource, limit + 1);
    await expect(refusal).rejects.toMatchObject({ message: lifting ? expect.stringContaining(`Upgrade to ${PLANS[lifting].label}`) : expect.not.stringContaining("Upgrade") });
    if (lifting) {
      await db().organization.update({ where: { id: ctx.orgId }, data: { plan: lifting } });
      await expect(CREATE[resource](ctx)).resolves.toBeTruthy();
    }
  }, 120_000);
});

test("ten concurrent creates at the limit leave exactly the limit", async () => {
  const ctx = await workshopOn("FREE", "race");
  await fill(ctx, "customers", PLANS.FREE.customers - 3);
  const results = await Promise.allSettled(Array.from({ length: 10 }, (_, i) => createCustomer(ctx, { kind: "PERSON", displayName: `Racer ${i}` })));
  expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(3);
  expect(results.filter((r) => r.status === "rejected" && r.reason instanceof QuotaExceededError)).toHaveLength(7);
  expect(await withTenant(ctx.orgId, (tx) => tx.customer.count())).toBe(PLANS.FREE.customers);
  const audited = await withTenant(ctx.orgId, (tx) => tx.auditLog.count({ where: { action: "QUOTA_EXCEEDED" } }));
  expect(audited).toBe(7);
});

test("downgrading below usage keeps everything and blocks only new creates", async () => {
  const ctx = await workshopOn("PROFESSIONAL", "downgrade");
  await fill(ctx, "locations", 3);
  await db().organization.update({ where: { id: ctx.orgId }, data: { plan: "STARTER" } });
  expect(await withTenant(ctx.orgId, (tx) => tx.location.count())).toBe(3);
  await expect(CREATE.locations(ctx)).rejects.toMatchObject({
    code: "QUOTA_EXCEEDED",
    message: "Your Starter plan allows 1 location. Upgrade to Enterprise for more.",
  });
});
