// The tenant attack suite for the front office's Server Actions, over HTTP against `next start`:
// a member of workshop A aims every action at workshop B's records and slug, every role without
// the permission tries it on A's own records, and callers without a valid session (none, an empty
// one past the middleware, a tampered one, one signed with another secret) try it too. Each
// attack must be refused as the row says, and no row of any table may change.
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import Redis from "ioredis";
import { encode } from "next-auth/jwt";
import { createApiKey } from "@/lib/api-keys/create-api-key";
import { sendApprovalLink } from "@/lib/approvals/send-approval-link";
import { bookFromCalendar } from "@/lib/appointments/book-from-calendar";
import { changeAppointmentStatus } from "@/lib/appointments/change-appointment-status";
import { APPOINTMENT_TRANSITIONS, appointmentPermissionFor } from "@/lib/appointments/status";
import { createBay } from "@/lib/appointments/create-bay";
import { addCustomerContact } from "@/lib/customers/customer-contacts";
import { createCustomer } from "@/lib/customers/create-customer";
import { db, withTenant } from "@/lib/db";
import { reloadServerEnv } from "@/lib/env";
import { requestErasure } from "@/lib/gdpr/erasure/request-erasure";
import type { AppointmentStatus, Role } from "@/lib/generated/prisma/client";
import { inviteMember } from "@/lib/members/invitations";
import { hasPermission, ROLES_BY_RANK } from "@/lib/rbac/permissions";
import { createCannedJob } from "@/lib/repair-orders/canned-jobs";
import { addVehicle, ZVehicle } from "@/lib/vehicles/save-vehicle";
import { contextFor, joinWorkshop, lastMailTo, linkIn, PASSWORD, signUp } from "../support/accounts";
import { startAppServer, type AppServer } from "../support/app-server";
import {
  FRONT_OFFICE_ACTIONS, FRONT_OFFICE_FILES, FRONT_OFFICE_TABLE, type AccountRow, type PublicRow, type Target, type WorkshopRow,
} from "../support/attack/actions-front-office";
import { auditLogOf, changedTables, databaseSnapshot, type DatabaseSnapshot } from "../support/database-snapshot";
import { callAction, formOf, serverActionsInBuild, signInOverHttp, tamperedSession, type ActionAnswer, type BuiltAction } from "../support/server-actions";
import { orderWithJobs } from "../support/workshop-floor";

const REDIS_URL = "redis://127.0.0.1:6379";
const prefix = `awms-attack-front-${process.pid}-${Date.now()}`;
// The server's session secret is known here only so a control can show a token signed with it
// gets in: then a token refused with OTHER_SECRET is refused for its signature, not its shape.
const SERVER_SECRET = randomBytes(32).toString("base64url");
const OTHER_SECRET = randomBytes(32).toString("base64url");

let app: AppServer;
let redis: Redis;
let built: Map<string, BuiltAction>;
let A: Target & { orgId: string; ownerId: string };
let B: Target & { orgId: string; ownerId: string };
const cookieOf: Partial<Record<Role, string>> = {};
const userOf: Partial<Record<Role, string>> = {};

const workshopRows = FRONT_OFFICE_TABLE.filter((row): row is WorkshopRow => row.kind === "form" || row.kind === "picker");
const accountRows = FRONT_OFFICE_TABLE.filter((row): row is AccountRow => row.kind === "account");
const publicRows = FRONT_OFFICE_TABLE.filter((row): row is PublicRow => row.kind === "public");
const lacking = (row: WorkshopRow) => ROLES_BY_RANK.filter((role) => !row.permissions.every((permission) => hasPermission(role, permission)));

async function seedTarget(label: string, roles: Role[]) {
  const signedUp = await signUp(`attack-${label}`);
  // Enough seats for every role, and API access so a key exists to aim at.
  await db().organization.update({ where: { slug: signedUp.orgSlug }, data: { plan: "PROFESSIONAL" } });
  const owner = await contextFor(signedUp.userId, signedUp.orgSlug);
  const customerName = `Alice ${label}`;
  const customer = await createCustomer(owner, { kind: "PERSON", displayName: customerName, email: `alice-${label}-${Date.now()}@example.test` });
  const duplicate = await createCustomer(owner, { kind: "PERSON", displayName: `${customerName} (duplicate)` });
  const vehicle = await addVehicle(owner, customer.id, ZVehicle.parse({ registration: `AT${label}1 ACK`, make: "Ford", model: "Focus" }));
  const duplicateVehicle = await addVehicle(owner, customer.id, ZVehicle.parse({ registration: `AT${label}2 ACK`, make: "Ford", model: "Focus" }));
  const contact = await addCustomerContact(owner, { customerId: customer.id, name: "Bob the fleet manager", phone: "+44 20 7946 0000" });
  const location = await withTenant(owner.orgId, (tx) => tx.location.findFirstOrThrow());
  const bay = await createBay(owner, { locationId: location.id, name: "Bay 1" });
  const appointment = await bookFromCalendar(owner, {
    locationId: location.id, customerId: customer.id, vehicleId: vehicle.id, bayId: bay.id, startsAt: "2027-03-02T10:00", durationMinutes: 60,
  });
  const arrival = await bookFromCalendar(owner, {
    locationId: location.id, customerId: customer.id, vehicleId: vehicle.id, startsAt: "2027-03-04T10:00", durationMinutes: 60, status: "CONFIRMED",
  });
  await changeAppointmentStatus(owner, arrival.id, "ARRIVED");
  const labour = { kind: "LABOUR" as const, description: "Labour", quantity: "1", unitPrice: "60" };
  const estimate = await orderWithJobs(owner, [{ title: "Brakes", lines: [labour] }], "ESTIMATE");
  const declined = await orderWithJobs(owner, [{ title: "Service", lines: [labour] }, { title: "Tyres", lines: [labour], decision: "DECLINED" }], "APPROVED");
  const recommendation = await withTenant(owner.orgId, (tx) => tx.recommendation.findFirstOrThrow({ where: { sourceRepairOrderId: declined.order.id } }));
  const canned = await createCannedJob(owner, { title: "Oil change", lines: [{ kind: "LABOUR", description: "Change oil", quantityMilli: 1000, unitPriceMinor: 5000 }] });
  const { apiKey } = await createApiKey(await contextFor(signedUp.userId, signedUp.orgSlug), { name: "Parts sync", scope: "READ" });
  const erasure = await requestErasure(owner, duplicate.id, "Asked to be forgotten");
  const members: Partial<Record<Role, { userId: string; email: string }>> = {};
  for (const role of new Set<Role>(["SERVICE_ADVISOR", ...roles])) {
    const member = await joinWorkshop(owner, role, `attack-${label}-${role.toLowerCase()}`);
    const user = await db().user.findUniqueOrThrow({ where: { id: member.userId } });
    members[role] = { userId: member.userId, email: user.email };
  }
  const advisor = await withTenant(owner.orgId, (tx) => tx.membership.findFirstOrThrow({ where: { userId: members.SERVICE_ADVISOR!.userId } }));
  const invitedEmail = `invited-${label}-${Date.now()}@example.test`;
  await inviteMember(owner, { email: invitedEmail, role: "TECHNICIAN" });
  const invitationLink = linkIn((await lastMailTo(invitedEmail))?.text);
  const invitation = await withTenant(owner.orgId, (tx) => tx.invitation.findFirstOrThrow({ where: { email: invitedEmail } }));
  const estimateEmail = `estimate-${label}-${Date.now()}@example.test`;
  await sendApprovalLink(owner, { repairOrderId: estimate.order.id, email: estimateEmail });
  const approvalLink = linkIn((await lastMailTo(estimateEmail))?.text);
  const target: Target & { orgId: string; ownerId: string } = {
    orgId: owner.orgId, ownerId: owner.userId, slug: owner.orgSlug, ownerEmail: signedUp.email,
    customerId: customer.id, customerName, duplicateCustomerId: duplicate.id, vehicleId: vehicle.id, duplicateVehicleId: duplicateVehicle.id,
    contactId: contact.id, locationId: location.id, bayId: bay.id, appointmentId: appointment.id,
    arrivedAppointmentId: arrival.id, technicianUserId: members.SERVICE_ADVISOR!.userId,
    estimateId: estimate.order.id, pendingJobId: estimate.jobs[0]!.id, orderId: declined.order.id, recommendationId: recommendation.id,
    cannedJobId: canned.id, apiKeyId: apiKey.id, erasureRequestId: erasure.id, membershipId: advisor.id,
    invitationId: invitation.id, invitationToken: invitationLink.searchParams.get("token")!, approvalToken: approvalLink.pathname.split("/").pop()!,
  };
  return { target, members };
}

/** What came back, in one word a failing test shows plainly. */
function verdict(answer: ActionAnswer): string {
  if (answer.status >= 500) return `HTTP ${answer.status}`;
  if (answer.httpError === 404) return "404";
  if (answer.httpError === 403) return "FORBIDDEN";
  if (answer.httpError === 401 || answer.status === 401) return "sign-in";
  if (answer.redirect) {
    const to = new URL(answer.redirect, app.url);
    // The middleware adds where to come back to; the action's own check (requireUser) does not.
    if (to.pathname === "/sign-in") return to.searchParams.has("callbackUrl") ? "sign-in (middleware)" : "sign-in";
    return `redirect ${answer.redirect}`;
  }
  if (Array.isArray(answer.result)) return `list of ${answer.result.length}`;
  if (answer.state?.ok === false) return answer.state.code ?? `refused: ${Object.keys(answer.state.fieldErrors ?? {}).join(",") || answer.state.message}`;
  if (answer.state?.ok) return "ok";
  return `HTTP ${answer.status}: ${answer.body.slice(0, 200)}`;
}

/** The page the form is on, as a browser would post it: under the slug the form claims, on A's own record. */
const pageOf = (action: BuiltAction, slug: string) => {
  const record: Record<string, string> = { customerId: A.customerId, appointmentId: A.appointmentId, repairOrderId: A.estimateId, token: A.approvalToken };
  return action.page.replace("[orgSlug]", slug).replace(/\[([^\]]+)\]/g, (_all, param: string) => record[param] ?? "x");
};

async function call(name: string, slug: string, fields: Record<string, string>, cookie: string, picker = false) {
  const action = built.get(name);
  if (!action) throw new Error(`${name} is not in the build`);
  const args = picker ? [slug, fields.q ?? ""] : [{}, formOf({ orgSlug: slug, ...fields })];
  return callAction(app.url, action, args, cookie, pageOf(action, slug));
}

const auditOf = (orgId: string) => auditLogOf(app.database.superuser, orgId);

let last: DatabaseSnapshot | null = null;
let asSeeded: { database: DatabaseSnapshot; auditOfB: unknown };

/** Runs one attack between two snapshots: its verdict, the tables it changed, and whether B's audit log moved. */
async function attack(run: () => Promise<ActionAnswer>) {
  const before = last ?? (await databaseSnapshot(app.database.superuser));
  last = null;
  const auditOfB = await auditOf(B.orgId);
  const answer = await run();
  const after = await databaseSnapshot(app.database.superuser);
  last = after;
  return { verdict: verdict(answer), changed: changedTables(before, after), auditOfBMoved: (await auditOf(B.orgId)) !== auditOfB, answer };
}

const untouched = (verdict: string) => ({ verdict, changed: [], auditOfBMoved: false });
const notFound = (result: { verdict: string }) => ({ ...result, verdict: result.verdict === "404" ? "NOT_FOUND" : result.verdict });

beforeAll(async () => {
  // Seeding here seals customers' personal data with a key from this secret: the server must hold the same one.
  process.env.NEXTAUTH_SECRET = SERVER_SECRET;
  reloadServerEnv();
  app = await startAppServer({ REDIS_URL, AWMS_REDIS_PREFIX: prefix, NEXTAUTH_SECRET: SERVER_SECRET });
  redis = new Redis(REDIS_URL);
  built = new Map(serverActionsInBuild().map((action) => [action.name, action]));
  const lackingRoles = new Set(workshopRows.flatMap(lacking));
  const seededA = await seedTarget("a", [...lackingRoles]);
  const seededB = await seedTarget("b", []);
  A = seededA.target;
  B = seededB.target;
  cookieOf.OWNER = await signInOverHttp(app.url, A.ownerEmail, PASSWORD);
  userOf.OWNER = A.ownerId;
  for (const role of lackingRoles) {
    cookieOf[role] = await signInOverHttp(app.url, seededA.members[role]!.email, PASSWORD);
    userOf[role] = seededA.members[role]!.userId;
  }
  asSeeded = { database: await databaseSnapshot(app.database.superuser), auditOfB: await auditOf(B.orgId) };
}, 120_000);

// Each test starts a fresh rate-limit window: hundreds of attacks from one member in a minute
// would otherwise trip the per-member limit (120/min), which is a refusal for the wrong reason.
beforeEach(async () => {
  const keys = await redis.keys(`${prefix}:*`);
  if (keys.length) await redis.del(...keys);
});

afterAll(async () => {
  await app?.stop();
  delete process.env.NEXTAUTH_SECRET;
  reloadServerEnv();
  const keys = (await redis?.keys(`${prefix}*`)) ?? [];
  if (keys.length) await redis.del(...keys);
  redis?.disconnect();
});

test("every front-office action, in the build and in the source, has a row in the attack table", () => {
  const inBuild = serverActionsInBuild().filter((action) => (FRONT_OFFICE_FILES as readonly string[]).includes(action.file)).map((action) => action.name);
  const exported = FRONT_OFFICE_FILES.flatMap((file) => {
    const source = readFileSync(file, "utf8");
    const named = [...source.matchAll(/^export\s+(?:async\s+)?(?:const|let|function)\s+(\w+)/gm)].map((match) => match[1]!);
    // An export this scan cannot name must fail the gate rather than slip past it.
    const unnamed = [...source.matchAll(/^export\s+(?:default|\{|\*)/gm)].map(() => `unscannable export in ${file}`);
    return [...named, ...unnamed];
  });
  const covered = new Set(FRONT_OFFICE_ACTIONS);
  expect({
    withoutRow: [...new Set([...inBuild, ...exported])].filter((name) => !covered.has(name)).sort(),
    rowsForNoAction: FRONT_OFFICE_ACTIONS.filter((name) => !exported.includes(name) || !inBuild.includes(name)),
    duplicateRows: FRONT_OFFICE_ACTIONS.filter((name, index) => FRONT_OFFICE_ACTIONS.indexOf(name) !== index),
  }).toEqual({ withoutRow: [], rowsForNoAction: [], duplicateRows: [] });
  expect(FRONT_OFFICE_ACTIONS.length).toBeGreaterThanOrEqual(51);
});

describe("a member of A aims at workshop B", () => {
  const aimed = workshopRows.filter((row) => {
    const probe = { slug: "", ownerEmail: "", customerName: "", invitationToken: "", approvalToken: "" } as Record<string, string>;
    return Object.values(row.fields(new Proxy(probe, { get: (t, key: string) => t[key] ?? `id:${key}` }) as unknown as Target)).some((value) => value.startsWith("id:"));
  });

  test.each(aimed.filter((row) => row.kind === "form").map((row) => [row.name, row] as const))("%s with B's ids under A's slug: not found, nothing changed", async (_name, row) => {
    expect(notFound(await attack(() => call(row.name, A.slug, row.fields(B), cookieOf.OWNER!)))).toMatchObject(untouched("NOT_FOUND"));
  });

  test.each(workshopRows.flatMap((row) => (row.mixed ?? []).map((mix) => [row.name, mix.label, row, mix] as const)))(
    "%s mixing in B's ids (%s): not found, nothing changed",
    async (_name, _label, row, mix) => {
      expect(notFound(await attack(() => call(row.name, A.slug, mix.fields(A, B), cookieOf.OWNER!)))).toMatchObject(untouched("NOT_FOUND"));
    },
  );

  test.each(workshopRows.filter((row) => row.kind === "picker").map((row) => [row.name, row] as const))(
    "%s finds A's customer under A's slug but never B's",
    async (_name, row) => {
      const own = await attack(() => call(row.name, A.slug, row.fields(A), cookieOf.OWNER!, true));
      expect({ ...own, verdict: own.verdict.replace(/^list of [1-9]\d*$/, "a list") }).toMatchObject(untouched("a list"));
      expect(await attack(() => call(row.name, A.slug, row.fields(B), cookieOf.OWNER!, true))).toMatchObject(untouched("list of 0"));
    },
  );

  test.each(workshopRows.map((row) => [row.name, row] as const))("%s in B's own slug: 404, nothing changed", async (_name, row) => {
    expect(await attack(() => call(row.name, B.slug, row.fields(B), cookieOf.OWNER!, row.kind === "picker"))).toMatchObject(untouched("404"));
  });
});

describe("a role of A without the permission", () => {
  const cases = workshopRows.flatMap((row) => lacking(row).map((role) => [row.name, role, row] as const));

  test.each(cases)("%s as %s: forbidden on A's own records, the denial audited, nothing else changed", async (_name, role, row) => {
    const deniedBefore = await deniedFor(userOf[role]!);
    const result = await attack(() => call(row.name, A.slug, row.fields(A), cookieOf[role]!, row.kind === "picker"));
    // A picker answers an empty list rather than an error: the audit entry is the proof it was refused.
    expect(result).toMatchObject(untouched(row.kind === "picker" ? "list of 0" : "FORBIDDEN"));
    const denied = (await deniedFor(userOf[role]!)).slice(deniedBefore.length);
    expect(denied).toEqual([{ permission: expect.stringMatching(new RegExp(`^(${row.permissions.join("|").replace(/\./g, "\\.")})$`)) as unknown, role }]);
  });
});

/** A session cookie for A's owner, as next-auth would mint it, signed with the given secret. */
async function sessionSignedWith(secret: string) {
  const { sessionVersion } = await db().user.findUniqueOrThrow({ where: { id: A.ownerId } });
  return `next-auth.session-token=${await encode({ token: { sub: A.ownerId, sv: sessionVersion, authTime: Date.now() }, secret })}`;
}

async function deniedFor(userId: string) {
  const { rows } = await app.database.superuser.query<{ metadata: { permission: string; role: string } }>(
    `SELECT metadata FROM "AuditLog" WHERE "organizationId" = $1 AND "actorUserId" = $2 AND action = 'PERMISSION_DENIED' ORDER BY seq`,
    [A.orgId, userId],
  );
  return rows.map((row) => ({ permission: row.metadata.permission, role: row.metadata.role }));
}

// A permission that depends on the request, not only on the action: the table sends one status
// change (a cancellation); here every move A's booking allows goes to every role lacking its permission.
describe("a role of A without the permission a particular request needs", () => {
  test("changing a booking's status: every move it allows, by every role lacking what that move needs", async () => {
    const { rows } = await app.database.superuser.query<{ status: AppointmentStatus }>(`SELECT status FROM "Appointment" WHERE id = $1`, [A.appointmentId]);
    const seen: unknown[] = [];
    const expected: unknown[] = [];
    for (const to of APPOINTMENT_TRANSITIONS[rows[0]!.status]) {
      const permission = appointmentPermissionFor(to);
      for (const role of ROLES_BY_RANK.filter((candidate) => !hasPermission(candidate, permission) && cookieOf[candidate])) {
        const deniedBefore = await deniedFor(userOf[role]!);
        const result = await attack(() => call("changeAppointmentStatusAction", A.slug, { appointmentId: A.appointmentId, status: to }, cookieOf[role]!));
        const denied = (await deniedFor(userOf[role]!)).slice(deniedBefore.length);
        seen.push({ to, role, verdict: result.verdict, changed: result.changed, auditOfBMoved: result.auditOfBMoved, denied });
        expected.push({ to, role, verdict: "FORBIDDEN", changed: [], auditOfBMoved: false, denied: [{ permission, role }] });
      }
    }
    expect(expected.length).toBeGreaterThanOrEqual(4);
    expect(seen).toEqual(expected);
  });
});

describe("without a valid session", () => {
  // [label, cookie, what answers]: the middleware turns away a request with no session cookie at
  // all; any cookie of that name gets past it, so the action's own check is what refuses the rest.
  const sessions: Array<[string, () => Promise<string>, string]> = [
    ["signed out", async () => "", "sign-in (middleware)"],
    ["an empty session cookie", async () => "next-auth.session-token=", "sign-in"],
    ["a tampered session cookie", async () => tamperedSession(cookieOf.OWNER!), "sign-in"],
    ["a session signed with another secret", () => sessionSignedWith(OTHER_SECRET), "sign-in"],
  ];

  test("control: the same session signed with the server's secret gets in (and is refused only for B's ids)", async () => {
    const row = workshopRows.find((candidate) => candidate.name === "updateCustomerAction")!;
    expect(notFound(await attack(async () => call(row.name, A.slug, row.fields(B), await sessionSignedWith(SERVER_SECRET))))).toMatchObject(untouched("NOT_FOUND"));
  });
  const rows = [...workshopRows, ...accountRows];
  const cases = rows.flatMap((row) => sessions.map(([label, cookie, refuser]) => [row.name, label, row, cookie, refuser] as const));

  test.each(cases)("%s with %s: sent to sign in, nothing changed", async (_name, _label, row, cookie, refuser) => {
    const fields = row.kind === "account" ? row.fields : row.fields(A);
    const action = built.get(row.name)!;
    const answer = row.kind === "account"
      ? () => cookie().then((value) => callAction(app.url, action, [{}, formOf(fields)], value, pageOf(action, A.slug)))
      : () => cookie().then((value) => call(row.name, A.slug, fields, value, row.kind === "picker"));
    expect(await attack(answer)).toMatchObject(untouched(refuser));
  });
});

describe("public actions", () => {
  const cases = publicRows.flatMap((row) => row.attacks.map((attackCase) => [row.name, attackCase.label, row, attackCase] as const));

  test.each(cases)("%s with %s: answered as the row says (refused, or the same answer as for anyone), nothing changed", async (_name, _label, row, attackCase) => {
    const action = built.get(row.name)!;
    const fields = attackCase.fields(A, B);
    const result = await attack(() =>
      callAction(app.url, action, [{}, formOf(fields)], attackCase.signedIn ? cookieOf.OWNER! : "", pageOf(action, fields.orgSlug ?? fields.org ?? A.slug)),
    );
    // Refused by the operation (a code), not by the form's schema: a malformed attack proves nothing.
    if (attackCase.expect === "refused") expect(result.verdict).toMatch(/^(NOT_FOUND|FORBIDDEN|CONFLICT|VALIDATION_FAILED|GONE|UNAUTHENTICATED)$/);
    else expect(result.verdict === "404" ? "NOT_FOUND" : result.verdict).toBe(attackCase.expect);
    expect(result).toMatchObject({ changed: [], auditOfBMoved: false });
  });
});

// Last in the file (jest runs a file's tests in order): the sum of every attack above, then a
// control showing the referee sees a change when the same form is allowed to make one.
describe("in the end", () => {
  test("after every attack, every table is as seeded and B's audit log has not moved", async () => {
    expect(changedTables(asSeeded.database, await databaseSnapshot(app.database.superuser))).toEqual([]);
    expect(await auditOf(B.orgId)).toEqual(asSeeded.auditOfB);
  });

  test("control: A's owner sending the same form for A's own customer changes it, and the snapshot shows it", async () => {
    const row = workshopRows.find((candidate) => candidate.name === "updateCustomerAction")!;
    expect(await attack(() => call(row.name, A.slug, row.fields(A), cookieOf.OWNER!))).toMatchObject({ verdict: "ok", changed: ["Customer"], auditOfBMoved: false });
  });
});
