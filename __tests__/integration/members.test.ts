import { authenticate } from "@/lib/auth/authenticate";
import { db, withTenant } from "@/lib/db";
import { acceptInvitation } from "@/lib/members/accept-invitation";
import { inviteMember, resendInvitation, revokeInvitation } from "@/lib/members/invitations";
import { changeMemberRole, listMembers, removeMember, transferOwnership } from "@/lib/members/manage-members";
import type { OrgContext } from "@/lib/org/context";
import { createTestDatabase, type TestDatabase } from "../support/test-database";
import { PASSWORD, contextFor, lastMailTo, linkIn, origin, signUp, uniqueEmail } from "../support/accounts";

let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
});

afterAll(() => database.drop());

function tokenOf(link: URL) {
  return { org: link.searchParams.get("org")!, token: link.searchParams.get("token")! };
}

/** Invites `email` as `role` and accepts with a new account; returns the member's context. */
async function join(owner: OrgContext, role: "ADMIN" | "SERVICE_ADVISOR" | "TECHNICIAN" | "VIEWER" | "OWNER", label: string) {
  const email = uniqueEmail(label);
  await inviteMember(owner, { email, role });
  const { org, token } = tokenOf(linkIn((await lastMailTo(email))?.text));
  const { userId } = await acceptInvitation(org, token, { newAccount: { name: label, password: PASSWORD, confirm: PASSWORD } }, origin());
  return { email, userId, ctx: await contextFor(userId, owner.orgSlug) };
}

async function membershipIdOf(ctx: OrgContext, userId: string) {
  return (await listMembers(ctx)).members.find((m) => m.userId === userId)!.membershipId;
}

async function actions(ctx: OrgContext) {
  return withTenant(ctx.orgId, async (tx) => (await tx.auditLog.findMany({ orderBy: { seq: "asc" } })).map((e) => e.action));
}

describe("invitations", () => {
  test("an emailed, single-use link adds a technician who can then sign in", async () => {
    const { userId, orgSlug } = await signUp("inv");
    const owner = await contextFor(userId, orgSlug);
    const tech = await join(owner, "TECHNICIAN", "tech");
    expect(tech.ctx.role).toBe("TECHNICIAN");
    expect(await authenticate({ email: tech.email, password: PASSWORD }, origin())).toMatchObject({ ok: true });
    const { org, token } = tokenOf(linkIn((await lastMailTo(tech.email))?.text));
    await expect(
      acceptInvitation(org, token, { newAccount: { name: "again", password: PASSWORD, confirm: PASSWORD } }, origin()),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await actions(owner)).toEqual(expect.arrayContaining(["MEMBER_INVITED", "INVITATION_ACCEPTED"]));
  });

  test("revoked, resent (old link) and expired invitations no longer work", async () => {
    const { userId, orgSlug } = await signUp("inv2");
    const owner = await contextFor(userId, orgSlug);
    const newAccount = { newAccount: { name: "N", password: PASSWORD, confirm: PASSWORD } };

    const revokedEmail = uniqueEmail("revoked");
    const { invitationId: revokedId } = await inviteMember(owner, { email: revokedEmail, role: "VIEWER" });
    await revokeInvitation(owner, revokedId);
    const revoked = tokenOf(linkIn((await lastMailTo(revokedEmail))?.text));
    await expect(acceptInvitation(revoked.org, revoked.token, newAccount, origin())).rejects.toMatchObject({ code: "NOT_FOUND" });

    const resentEmail = uniqueEmail("resent");
    const { invitationId } = await inviteMember(owner, { email: resentEmail, role: "VIEWER" });
    const old = tokenOf(linkIn((await lastMailTo(resentEmail))?.text));
    await resendInvitation(owner, invitationId);
    const fresh = tokenOf(linkIn((await lastMailTo(resentEmail))?.text));
    expect(fresh.token).not.toBe(old.token);
    await expect(acceptInvitation(old.org, old.token, newAccount, origin())).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(acceptInvitation(fresh.org, fresh.token, newAccount, origin())).resolves.toMatchObject({ email: resentEmail });

    const lateEmail = uniqueEmail("late");
    await inviteMember(owner, { email: lateEmail, role: "VIEWER" });
    await withTenant(owner.orgId, (tx) => tx.invitation.updateMany({ where: { email: lateEmail }, data: { expiresAt: new Date(Date.now() - 1) } }));
    const late = tokenOf(linkIn((await lastMailTo(lateEmail))?.text));
    await expect(acceptInvitation(late.org, late.token, newAccount, origin())).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  test("clear refusals: existing member, pending invitation, a role above the inviter, another account's link", async () => {
    const { userId, orgSlug, email: ownerEmail } = await signUp("inv3");
    const owner = await contextFor(userId, orgSlug);
    await expect(inviteMember(owner, { email: ownerEmail, role: "VIEWER" })).rejects.toMatchObject({
      code: "CONFLICT", fields: { email: expect.stringContaining("already a member") },
    });
    const admin = await join(owner, "ADMIN", "admin");
    await expect(inviteMember(admin.ctx, { email: uniqueEmail("boss"), role: "OWNER" })).rejects.toMatchObject({ code: "FORBIDDEN" });

    const pending = uniqueEmail("pending");
    await inviteMember(owner, { email: pending, role: "VIEWER" });
    await expect(inviteMember(admin.ctx, { email: pending, role: "VIEWER" })).rejects.toMatchObject({
      fields: { email: expect.stringContaining("resend") },
    });
    const link = tokenOf(linkIn((await lastMailTo(pending))?.text));
    await expect(acceptInvitation(link.org, link.token, { userId: admin.userId }, origin())).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  test("an invitation stops working when its sender is removed", async () => {
    const { userId, orgSlug } = await signUp("sender");
    const owner = await contextFor(userId, orgSlug);
    const admin = await join(owner, "ADMIN", "leaving");
    const planted = uniqueEmail("planted");
    await inviteMember(admin.ctx, { email: planted, role: "ADMIN" });
    await removeMember(owner, await membershipIdOf(owner, admin.userId));
    const link = tokenOf(linkIn((await lastMailTo(planted))?.text));
    await expect(
      acceptInvitation(link.org, link.token, { newAccount: { name: "P", password: PASSWORD, confirm: PASSWORD } }, origin()),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  test("a technician cannot invite, and the denial is audited", async () => {
    const { userId, orgSlug } = await signUp("inv4");
    const owner = await contextFor(userId, orgSlug);
    const tech = await join(owner, "TECHNICIAN", "tech4");
    await expect(inviteMember(tech.ctx, { email: uniqueEmail("x"), role: "VIEWER" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    const denied = await withTenant(owner.orgId, (tx) => tx.auditLog.findFirst({ where: { action: "PERMISSION_DENIED" } }));
    expect(denied).toMatchObject({ actorUserId: tech.userId, metadata: { permission: "member.invite", role: "TECHNICIAN" } });
  });
});

describe("roles and the last owner", () => {
  test("hierarchy: an admin promotes a technician but cannot make owners or touch the owner", async () => {
    const { userId, orgSlug } = await signUp("roles");
    const owner = await contextFor(userId, orgSlug);
    const admin = await join(owner, "ADMIN", "radmin");
    const tech = await join(owner, "TECHNICIAN", "rtech");
    const techMembership = await membershipIdOf(owner, tech.userId);
    await changeMemberRole(admin.ctx, techMembership, "SERVICE_ADVISOR");
    expect((await contextFor(tech.userId, orgSlug)).role).toBe("SERVICE_ADVISOR");
    await expect(changeMemberRole(admin.ctx, techMembership, "OWNER")).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(changeMemberRole(admin.ctx, await membershipIdOf(owner, userId), "VIEWER")).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(removeMember(admin.ctx, await membershipIdOf(owner, userId))).rejects.toMatchObject({ code: "FORBIDDEN" });
    const advisor = await contextFor(tech.userId, orgSlug);
    await expect(changeMemberRole(advisor, await membershipIdOf(owner, admin.userId), "VIEWER")).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  test("the last owner can be neither demoted nor removed; ownership can be transferred", async () => {
    const { userId, orgSlug } = await signUp("owner");
    const owner = await contextFor(userId, orgSlug);
    const ownMembership = await membershipIdOf(owner, userId);
    await expect(changeMemberRole(owner, ownMembership, "ADMIN")).rejects.toMatchObject({ code: "CONFLICT" });
    await expect(removeMember(owner, ownMembership)).rejects.toMatchObject({ code: "CONFLICT" });

    const admin = await join(owner, "ADMIN", "heir");
    await transferOwnership(owner, await membershipIdOf(owner, admin.userId));
    expect((await contextFor(admin.userId, orgSlug)).role).toBe("OWNER");
    const former = await contextFor(userId, orgSlug);
    expect(former.role).toBe("ADMIN");
    await expect(transferOwnership(former, await membershipIdOf(former, admin.userId))).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect(await actions(former)).toContain("OWNERSHIP_TRANSFERRED");
  });

  test("two owners demoting each other at once leaves exactly one owner", async () => {
    const { userId, orgSlug } = await signUp("duel");
    const first = await contextFor(userId, orgSlug);
    const second = await join(first, "OWNER", "second");
    const results = await Promise.allSettled([
      changeMemberRole(first, await membershipIdOf(first, second.userId), "ADMIN"),
      changeMemberRole(second.ctx, await membershipIdOf(first, userId), "ADMIN"),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);
    const owners = (await listMembers(first.role === "OWNER" ? first : second.ctx)).members.filter((m) => m.role === "OWNER");
    expect(owners).toHaveLength(1);
  });

  test("removing a member ends their sessions and their access at once", async () => {
    const { userId, orgSlug } = await signUp("remove");
    const owner = await contextFor(userId, orgSlug);
    const tech = await join(owner, "TECHNICIAN", "gone");
    const before = await db().user.findUniqueOrThrow({ where: { id: tech.userId } });
    await removeMember(owner, await membershipIdOf(owner, tech.userId));
    expect((await db().user.findUniqueOrThrow({ where: { id: tech.userId } })).sessionVersion).toBe(before.sessionVersion + 1);
    await expect(contextFor(tech.userId, orgSlug)).rejects.toThrow(/not a member/);
    expect(await actions(owner)).toContain("MEMBER_REMOVED");
  });
});

describe("another workshop's ids", () => {
  test("a member of A gets 404 for B's members and invitations", async () => {
    const a = await signUp("wa");
    const b = await signUp("wb");
    const ownerA = await contextFor(a.userId, a.orgSlug);
    const ownerB = await contextFor(b.userId, b.orgSlug);
    const bMembership = await membershipIdOf(ownerB, b.userId);
    const { invitationId } = await inviteMember(ownerB, { email: uniqueEmail("bi"), role: "VIEWER" });
    await expect(changeMemberRole(ownerA, bMembership, "VIEWER")).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(removeMember(ownerA, bMembership)).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(transferOwnership(ownerA, bMembership)).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(revokeInvitation(ownerA, invitationId)).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(resendInvitation(ownerA, invitationId)).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect((await contextFor(b.userId, b.orgSlug)).role).toBe("OWNER");
    expect((await listMembers(ownerA)).members.map((m) => m.userId)).toEqual([a.userId]);
  });
});
