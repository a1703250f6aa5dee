// The tenant attack suite for the workshop floor's Server Actions, over HTTP against `next start`:
// workshop A's members aim every action at workshop B (B's ids in A's workshop, B's workshop by
// slug), A's roles without the permission try their own workshop, and callers without a valid
// session (none, tampered, minted with another secret) try too. Each attack must be refused the
// way a user would see it and change no row of any table: a superuser fingerprints the whole
// database around every call. A new action in these files without a row fails the first test.
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { randomBytes } from "node:crypto";
import os from "node:os";
import path from "node:path";
import { db } from "@/lib/db";
import { reloadServerEnv } from "@/lib/env";
import type { RepairOrderStatus, Role } from "@/lib/generated/prisma/client";
import { permissionFor, TRANSITIONS } from "@/lib/repair-orders/status";
import type { OrgContext } from "@/lib/org/context";
import { PASSWORD, contextFor, joinWorkshop, signUp } from "../support/accounts";
import { startAppServer, type AppServer } from "../support/app-server";
import { changedTables, databaseSnapshot, type DatabaseSnapshot } from "../support/database-snapshot";
import { callAction, formOf, mintedSession, serverActionsInBuild, signInOverHttp, tamperedSession, type ActionAnswer, type BuiltAction } from "../support/server-actions";
import {
  ACCEPTED_IN_ORDER, MEMBER_ATTACKS, markersOf, PUBLIC_ATTACKS, WORKSHOP_FLOOR_ACTIONS, WORKSHOP_FLOOR_FILES, bookingForm, bookingTargetOf, openOnlineBooking, readPhoto,
  rolesLacking, seedFloor,
  type BookingTarget, type FloorIds, type MemberAttack,
} from "../support/attack/actions-workshop-floor";

const SECRET = randomBytes(32).toString("base64url");
const OTHER_SECRET = randomBytes(32).toString("base64url");

let app: AppServer;
let photosDir: string;
let a: FloorIds;
let b: FloorIds;
const members = {} as Record<Role, { userId: string; cookie: string }>;
let bookingA: BookingTarget;
let bookingB: BookingTarget;
/** The database as the last attack left it: the next attack's "before" (nothing else writes in between). */
let last: DatabaseSnapshot;
let built: Map<string, BuiltAction>;
let ownerSessionVersion: number;
/** What only B's own pages show: no answer to anyone in A may carry it. */
let markersOfB: string[];
/** The last answer's body as sent. */
let lastBody = "";

beforeAll(async () => {
  photosDir = await mkdtemp(path.join(os.tmpdir(), "awms-attack-floor-"));
  // The suite mints booking-form tokens and session cookies, so it shares the server's secret.
  Object.assign(process.env, { ATTACHMENTS_DIR: photosDir, NEXTAUTH_SECRET: SECRET });
  reloadServerEnv();
  // Limits off: several hundred calls in a minute from one member would otherwise be paced,
  // and pacing is not what this suite proves (shared-rate-limits.test.ts does). Job workers off:
  // an hourly job ticking mid-run must not write a row the referee would blame on an attack.
  app = await startAppServer({ NEXTAUTH_SECRET: SECRET, ATTACHMENTS_DIR: photosDir, RATE_LIMITS: "off", JOB_WORKERS: "off" });
  built = new Map(serverActionsInBuild().map((action) => [action.name, action]));

  const [signedUpA, signedUpB] = [await signUp("floor-a"), await signUp("floor-b")];
  // PROFESSIONAL: seats for every role, and online booking.
  await db().organization.updateMany({ where: { slug: { in: [signedUpA.orgSlug, signedUpB.orgSlug] } }, data: { plan: "PROFESSIONAL" } });
  const ownerA = await contextFor(signedUpA.userId, signedUpA.orgSlug);
  const ownerB = await contextFor(signedUpB.userId, signedUpB.orgSlug);
  const photo = await readPhoto();
  a = await seedFloor(ownerA, app.database.superuser, "fla", photo);
  b = await seedFloor(ownerB, app.database.superuser, "flb", photo);
  markersOfB = markersOf("flb", ownerB.orgName);
  await openOnlineBooking(ownerA, a.locationId);
  await openOnlineBooking(ownerB, b.locationId);
  bookingA = await bookingTargetOf(a.slug, a.orgId);
  bookingB = await bookingTargetOf(b.slug, b.orgId);

  const staff: Array<[Role, OrgContext]> = [["OWNER", ownerA]];
  for (const role of ["ADMIN", "SERVICE_ADVISOR", "TECHNICIAN", "VIEWER"] as const) staff.push([role, await joinWorkshop(ownerA, role, `floor-${role.toLowerCase()}`)]);
  for (const [role, ctx] of staff) {
    const { email } = await db().user.findUniqueOrThrow({ where: { id: ctx.userId }, select: { email: true } });
    members[role] = { userId: ctx.userId, cookie: await signInOverHttp(app.url, email, PASSWORD) };
  }
  ({ sessionVersion: ownerSessionVersion } = await db().user.findUniqueOrThrow({ where: { id: members.OWNER.userId }, select: { sessionVersion: true } }));
  last = await databaseSnapshot(app.database.superuser);
}, 240_000);

afterAll(async () => {
  await app?.stop();
  await rm(photosDir, { recursive: true, force: true });
});

const UNUSED_ID = "00000000-0000-4000-8000-000000000000";

/** A page whose bundle carries the action, in the workshop named (other path ids do not matter to the action). */
function pageOf(action: BuiltAction, slug: string): string {
  return action.page.replace("[orgSlug]", encodeURIComponent(slug)).replace(/\[[^\]]+\]/g, UNUSED_ID);
}

/** What the caller saw, in a user's words; anything else is spelled out so a failure says what came back. */
function outcome(answer: ActionAnswer): string {
  if (answer.state?.ok === true) return "accepted";
  if (answer.state?.code === "NOT_FOUND" || answer.httpError === 404) return "not found";
  if (answer.state?.code === "FORBIDDEN" || answer.httpError === 403) return "forbidden";
  if (answer.redirect?.startsWith("/sign-in") || answer.status === 401 || answer.httpError === 401) return "sent to sign-in";
  if (answer.state?.code) return `${answer.state.code}: ${answer.state.message}`;
  // Issuing an invoice, or a booking request, ends in the page of what was made.
  if (answer.redirect && answer.status < 400 && !answer.state) return "accepted";
  return `HTTP ${answer.status} ${JSON.stringify(answer.state ?? answer.result)} redirect=${answer.redirect} ${answer.status >= 500 ? answer.body.slice(0, 300) : ""}`;
}

interface AuditEntry { workshop: string; action: string; actor: string | null; permission: string | null }

/** Each workshop's last audit position: entries after it are what the attack wrote. */
async function auditMark(): Promise<Record<string, number>> {
  const { rows } = await app.database.superuser.query<{ org: string; seq: number }>(`SELECT "organizationId" AS org, max(seq) AS seq FROM "AuditLog" GROUP BY 1`);
  return Object.fromEntries(rows.map((row) => [row.org, row.seq]));
}

async function auditSince(mark: Record<string, number>): Promise<AuditEntry[]> {
  const { rows } = await app.database.superuser.query<{ org: string; action: string; actor: string | null; permission: string | null }>(
    `SELECT "organizationId" AS org, action, "actorUserId" AS actor, metadata->>'permission' AS permission FROM "AuditLog"
      WHERE seq > COALESCE(($1::jsonb ->> "organizationId"::text)::int, 0) ORDER BY "organizationId", seq`,
    [JSON.stringify(mark)],
  );
  const name = (org: string) => (org === a.orgId ? "A" : org === b.orgId ? "B" : org);
  return rows.map((row) => ({ workshop: name(row.org), action: row.action, actor: row.actor, permission: row.permission }));
}

/**
 * Sends one attack and returns what the caller saw, the tables it changed (none, we expect), the
 * audit entries it wrote and any of B's words in the answer; the next attack compares against the
 * database as this one left it.
 */
async function attack(actionName: string, fields: Record<string, string>, cookie: string, pageSlug = fields.orgSlug ?? "") {
  const action = built.get(actionName);
  if (!action) throw new Error(`${actionName} is not in the build`);
  const mark = await auditMark();
  const answer = await callAction(app.url, action, [{}, formOf(fields)], cookie, pageOf(action, pageSlug));
  lastBody = answer.body;
  const after = await databaseSnapshot(app.database.superuser);
  const changed = changedTables(last, after);
  last = after;
  return { saw: outcome(answer), changed, audit: await auditSince(mark), leaked: markersOfB.filter((marker) => answer.body.includes(marker)) };
}

const formFor = (row: MemberAttack, slug: string, target: FloorIds) => ({ orgSlug: slug, ...row.form(target) });

test("every Server Action of the workshop floor files, in the build and in the source, has a row in the attack table", async () => {
  const inBuild = serverActionsInBuild().filter((action) => (WORKSHOP_FLOOR_FILES as readonly string[]).includes(action.file)).map((action) => action.name);
  const inSource: string[] = [];
  for (const file of WORKSHOP_FLOOR_FILES) {
    const text = await readFile(path.join(process.cwd(), file), "utf8");
    for (const match of text.matchAll(/^export\s+(?:async\s+)?(?:const|let|function)\s+(\w+)/gm)) inSource.push(match[1]!);
  }
  expect(inSource.length).toBeGreaterThanOrEqual(41);
  expect([...new Set([...inBuild, ...inSource])].filter((name) => !WORKSHOP_FLOOR_ACTIONS.includes(name)).sort()).toEqual([]);
  // …and no row names an action that is not there (a renamed action leaves no stale row behind).
  expect(WORKSHOP_FLOOR_ACTIONS.filter((name) => !inBuild.includes(name) || !inSource.includes(name))).toEqual([]);
});

const NOTHING = { changed: [], audit: [], leaked: [] };
const aimedAtRows = MEMBER_ATTACKS.filter((row) => !row.noRowIds);

describe("A's owner aims at workshop B", () => {
  test.each(aimedAtRows.map((row) => [row.action, row] as const))("%s with B's ids in A's workshop: not found, nothing changed", async (_name, row) => {
    expect(await attack(row.action, formFor(row, a.slug, b), members.OWNER.cookie)).toEqual({ saw: "not found", ...NOTHING });
  });

  test.each(MEMBER_ATTACKS.map((row) => [row.action, row] as const))("%s in B's workshop (B's slug and ids): 404, nothing changed", async (_name, row) => {
    expect(await attack(row.action, formFor(row, b.slug, b), members.OWNER.cookie)).toEqual({ saw: "not found", ...NOTHING });
  });
});

describe("A's owner slips one of B's ids into a form about A's own rows", () => {
  const cases = MEMBER_ATTACKS.flatMap((row) => (row.mixed ?? []).map((mixed) => [row.action, mixed.name, row, mixed] as const));
  test.each(cases)("%s, %s: refused, nothing changed", async (_name, _mixedName, row, mixed) => {
    const saw = mixed.refusedAs ? expect.stringMatching(`^${mixed.refusedAs}:`) : "not found";
    expect(await attack(row.action, { orgSlug: a.slug, ...mixed.form(a, b) }, members.OWNER.cookie)).toEqual({ saw, ...NOTHING });
  });
});

describe("A's roles without the permission, on A's own rows", () => {
  const cases = MEMBER_ATTACKS.flatMap((row) => rolesLacking(row.needs).map((role) => [row.action, role, row] as const));
  test.each(cases)("%s as %s: forbidden, audited as a permission denial, nothing else changed", async (_name, role, row) => {
    const result = await attack(row.action, formFor(row, a.slug, a), members[role].cookie);
    const needed = ("all" in row.needs ? row.needs.all : row.needs.any).map((permission) => permission.replace(".", "\\."));
    expect(result).toEqual({
      saw: "forbidden", changed: [], leaked: [],
      audit: [{ workshop: "A", action: "PERMISSION_DENIED", actor: members[role].userId, permission: expect.stringMatching(new RegExp(`^(${needed.join("|")})$`)) }],
    });
  });
});

describe("callers without a valid session, on A's own rows", () => {
  const sessions: Record<string, () => Promise<string>> = {
    "signed out": async () => "",
    "a tampered session cookie": async () => tamperedSession(members.OWNER.cookie),
    "a session minted with another secret": () => mintedSession({ userId: members.OWNER.userId, sessionVersion: ownerSessionVersion }, OTHER_SECRET),
  };
  const cases = MEMBER_ATTACKS.flatMap((row) => Object.keys(sessions).map((kind) => [row.action, kind, row] as const));
  test.each(cases)("%s with %s: sent to sign-in, nothing changed", async (_name, kind, row) => {
    expect(await attack(row.action, formFor(row, a.slug, a), await sessions[kind]!())).toEqual({ saw: "sent to sign-in", ...NOTHING });
  });

  test("control: the same minted claims with the deployment's own secret are a session (so the secret alone refused the forgery)", async () => {
    const row = aimedAtRows[0]!;
    const cookie = await mintedSession({ userId: members.OWNER.userId, sessionVersion: ownerSessionVersion }, SECRET);
    expect(await attack(row.action, formFor(row, a.slug, b), cookie)).toEqual({ saw: "not found", ...NOTHING });
  });
});

describe("the public booking page", () => {
  test.each(PUBLIC_ATTACKS.map((row) => [row.name, row] as const))("%s: refused, nothing changed", async (_name, row) => {
    expect(await attack(row.action, row.form(bookingA, bookingB), "", bookingA.slug)).toEqual({ saw: row.refusedAs === "NOT_FOUND" ? "not found" : expect.stringMatching(`^${row.refusedAs}:`), ...NOTHING });
  });

  test("control: the same form, untampered, is taken as a request", async () => {
    const result = await attack("requestOnlineBookingAction", bookingForm(bookingA), "", bookingA.slug);
    expect({ saw: result.saw, changed: result.changed }).toEqual({ saw: "accepted", changed: expect.arrayContaining(["Appointment", "Customer"]) });
  });
});

// Last, as it changes A: each form of the table, sent by A's owner to A, goes through. So every
// refusal above was the guard's (another workshop, a role, a session), never a form that could not work.
// Permissions that depend on what is asked, not only on the action: each case is sent by every
// role of A that lacks the permission that case needs (the table above sends one form per action).
describe("A's roles without the permission a particular request needs", () => {
  const orderStatus = async (id: string) =>
    (await app.database.superuser.query<{ status: RepairOrderStatus }>(`SELECT status FROM "RepairOrder" WHERE id = $1`, [id])).rows[0]!.status;

  test("moving a repair order: every move each of A's orders allows, by every role lacking what that move needs", async () => {
    const seen: unknown[] = [];
    const expected: unknown[] = [];
    for (const orderId of [a.estimateRepairOrderId, a.repairOrderId, a.readyRepairOrderId]) {
      const from = await orderStatus(orderId);
      for (const to of TRANSITIONS[from]) {
        for (const role of rolesLacking({ all: [permissionFor(to)] })) {
          const result = await attack("moveRepairOrderAction", { orgSlug: a.slug, repairOrderId: orderId, to }, members[role].cookie);
          seen.push({ from, to, role, ...result });
          expected.push({
            from, to, role, saw: "forbidden", changed: [], leaked: [],
            audit: [{ workshop: "A", action: "PERMISSION_DENIED", actor: members[role].userId, permission: permissionFor(to) }],
          });
        }
      }
    }
    expect(expected.length).toBeGreaterThanOrEqual(8);
    expect(seen).toEqual(expected);
  });

  test("clocking off: a technician may clock off only their own time; the owner's running entry is not found to them", async () => {
    const result = await attack("clockOffAction", { orgSlug: a.slug, timeEntryId: a.timeEntryId }, members.TECHNICIAN.cookie);
    expect(result).toEqual({ saw: "not found", changed: [], leaked: [], audit: [] });
  });

  test("adding a line: a technician records labour at the workshop's rate, but may not set a price, a part or a technician", async () => {
    const forms: Array<Record<string, string>> = [
      { kind: "LABOUR", description: "Labour at my own price", quantity: "1", unitPrice: "999.00" },
      { kind: "PART", partId: a.partId, quantity: "1" },
      { kind: "LABOUR", description: "Labour", quantity: "1", technicianUserId: a.ownerUserId },
    ];
    for (const form of forms) {
      const result = await attack("addLineAction", { orgSlug: a.slug, jobId: a.pendingJobId, ...form }, members.TECHNICIAN.cookie);
      expect({ form, ...result }).toEqual({ form, saw: "forbidden", changed: [], leaked: [], audit: [] });
    }
  });
});

describe("control: A's owner's own forms are accepted", () => {
  test("the order covers every member row once", () => {
    expect([...ACCEPTED_IN_ORDER].sort()).toEqual(MEMBER_ATTACKS.map((row) => row.action).sort());
  });

  test.each(ACCEPTED_IN_ORDER.map((name) => [name, MEMBER_ATTACKS.find((row) => row.action === name)!] as const))("%s", async (_name, row) => {
    const result = await attack(row.action, formFor(row, a.slug, a), members.OWNER.cookie);
    expect({ saw: result.saw, changedSomething: result.changed.length > 0 }).toEqual({ saw: "accepted", changedSomething: true });
    // The leak check reads what the browser gets: a name an answer does carry is seen.
    if (row.action === "sendVehicleReminderAction") expect(lastBody).toContain("fla reminder customer");
  });
});
