import Redis from "ioredis";
import { authenticate } from "@/lib/auth/authenticate";
import { confirmMfaEnrolment, changePassword, startMfaEnrolment } from "@/lib/auth/account-security";
import { requestPasswordReset, resetPassword } from "@/lib/auth/password-reset";
import { setUserDisabled } from "@/lib/auth/disable-user";
import { signUpWorkshop } from "@/lib/auth/sign-up";
import { stepAt, totpAt } from "@/lib/auth/totp";
import { db, withTenant } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { createTestDatabase, type TestDatabase } from "../support/test-database";
import { PASSWORD, freshIp, lastMailTo, linkIn, origin, resetLimiters, signUp, uniqueEmail } from "../support/accounts";

let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
});

afterAll(async () => {
  await resetLimiters();
  await database.drop();
});

async function auditActions(orgSlug: string) {
  const org = await db().organization.findUniqueOrThrow({ where: { slug: orgSlug } });
  return withTenant(org.id, async (tx) => (await tx.auditLog.findMany({ orderBy: { seq: "asc" } })).map((e) => e.action));
}

describe("sign-up", () => {
  test("creates the owner, the workshop, its first location and the OWNER membership", async () => {
    const { userId, orgSlug } = await signUp("garage");
    const org = await db().organization.findUniqueOrThrow({ where: { slug: orgSlug } });
    const inside = await withTenant(org.id, async (tx) => ({
      memberships: await tx.membership.findMany({ select: { userId: true, role: true } }),
      locations: await tx.location.count(),
    }));
    expect(org).toMatchObject({ country: "GB", currency: "GBP", timezone: "Europe/London" });
    expect(inside).toEqual({ memberships: [{ userId, role: "OWNER" }], locations: 1 });
    expect(await auditActions(orgSlug)).toEqual(["ORGANIZATION_CREATED"]);
  });

  test("a taken email is a field error, and two racing sign-ups create exactly one workshop", async () => {
    const email = uniqueEmail("race");
    const input = { name: "R", email, password: PASSWORD, workshopName: `Race ${email}`, country: "GB" as const, currency: "GBP" as const, timezone: "Europe/London" };
    const results = await Promise.allSettled([signUpWorkshop(input, origin(freshIp())), signUpWorkshop(input, origin(freshIp()))]);
    const rejected = results.filter((r) => r.status === "rejected") as PromiseRejectedResult[];
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(rejected[0]!.reason).toBeInstanceOf(AppError);
    expect((rejected[0]!.reason as AppError).fields).toEqual({ email: expect.stringContaining("already exists") });
    expect(await db().organization.count({ where: { name: `Race ${email}` } })).toBe(1);
    await expect(signUpWorkshop(input, origin(freshIp()))).rejects.toMatchObject({ code: "CONFLICT" });
  });

  test("a workshop named like one of the app's own pages gets an address that page cannot shadow", async () => {
    const slugs: string[] = [];
    for (const workshopName of ["Book", "API", "Sign-in"]) {
      const input = { name: "R", email: uniqueEmail("reserved"), password: PASSWORD, workshopName, country: "GB" as const, currency: "GBP" as const, timezone: "Europe/London" };
      slugs.push((await signUpWorkshop(input, origin(freshIp()))).orgSlug);
    }
    expect(slugs).toEqual(["book-2", "api-2", "sign-in-2"]);
  });
});

describe("sign-in", () => {
  test("the right password signs in and is audited; a wrong one is refused and audited", async () => {
    const { email, orgSlug } = await signUp("signin");
    expect(await authenticate({ email, password: "wrong password!" }, origin())).toMatchObject({ ok: false, failure: "INVALID_CREDENTIALS" });
    expect(await authenticate({ email: email.toUpperCase(), password: PASSWORD }, origin())).toMatchObject({ ok: true });
    expect(await auditActions(orgSlug)).toEqual(["ORGANIZATION_CREATED", "LOGIN_FAILED", "LOGIN_SUCCEEDED"]);
  });

  test("five failures lock the account, even against the right password", async () => {
    const { email } = await signUp("lockout");
    for (let i = 0; i < 5; i += 1) {
      expect(await authenticate({ email, password: `guess ${i}` }, origin(`203.0.113.${i}`))).toMatchObject({ failure: "INVALID_CREDENTIALS" });
    }
    expect(await authenticate({ email, password: PASSWORD }, origin("203.0.113.99"))).toMatchObject({
      ok: false, failure: "RATE_LIMITED", message: expect.stringMatching(/Try again in 1[45] minutes/),
    });
  });

  test("a burst of parallel guesses gets no more than the five attempts", async () => {
    const { email } = await signUp("burst");
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => authenticate({ email, password: `burst guess ${i}` }, origin(`203.0.113.${150 + i}`))),
    );
    const failures = results.map((r) => (r.ok ? "OK" : r.failure));
    expect(failures.filter((f) => f === "INVALID_CREDENTIALS")).toHaveLength(5);
    expect(failures.filter((f) => f === "RATE_LIMITED")).toHaveLength(15);
  });

  test("one IP guessing many accounts is stopped after 30 failures", async () => {
    const ip = "192.0.2.250";
    for (let i = 0; i < 30; i += 1) await authenticate({ email: uniqueEmail("spray"), password: "x" }, origin(ip));
    const { email } = await signUp("victim");
    expect(await authenticate({ email, password: PASSWORD }, origin(ip))).toMatchObject({ failure: "RATE_LIMITED" });
    expect(await authenticate({ email, password: PASSWORD }, origin("192.0.2.251"))).toMatchObject({ ok: true });
  });

  test("with Redis, the lockout holds across app instances (a fresh limiter sees the same count)", async () => {
    const { email } = await signUp("shared");
    const prefix = `awms-test-${process.pid}-${Date.now()}`;
    process.env.REDIS_URL = "redis://127.0.0.1:6379";
    process.env.AWMS_REDIS_PREFIX = prefix;
    await resetLimiters();
    try {
      for (let i = 0; i < 5; i += 1) {
        expect(await authenticate({ email, password: `guess ${i}` }, origin(`203.0.113.${120 + i}`))).toMatchObject({
          failure: "INVALID_CREDENTIALS",
        });
      }
      await resetLimiters(); // as if the next request reached another instance
      expect(await authenticate({ email, password: PASSWORD }, origin("203.0.113.130"))).toMatchObject({ failure: "RATE_LIMITED" });
    } finally {
      const client = new Redis("redis://127.0.0.1:6379");
      const keys = await client.keys(`${prefix}:*`);
      expect(keys.length).toBeGreaterThan(0);
      if (keys.length) await client.del(...keys);
      client.disconnect();
      delete process.env.REDIS_URL;
      delete process.env.AWMS_REDIS_PREFIX;
      await resetLimiters();
    }
  });

  test("fails closed when the limiter's Redis is unreachable", async () => {
    const { email } = await signUp("redisdown");
    process.env.REDIS_URL = "redis://127.0.0.1:1";
    await resetLimiters();
    try {
      expect(await authenticate({ email, password: PASSWORD }, origin())).toMatchObject({ ok: false, failure: "UNAVAILABLE" });
    } finally {
      delete process.env.REDIS_URL;
      await resetLimiters();
    }
  });
});

describe("disabling an account", () => {
  test("ends its sessions, refuses sign-in, and is undone by enabling", async () => {
    const { email, userId, orgSlug } = await signUp("disabled");
    await setUserDisabled(email, true, origin());
    expect((await db().user.findUniqueOrThrow({ where: { id: userId } })).sessionVersion).toBe(1);
    expect(await authenticate({ email, password: PASSWORD }, origin("198.51.100.40"))).toMatchObject({ failure: "INVALID_CREDENTIALS" });
    await setUserDisabled(email, false, origin());
    expect(await authenticate({ email, password: PASSWORD }, origin("198.51.100.41"))).toMatchObject({ ok: true });
    expect(await auditActions(orgSlug)).toEqual(expect.arrayContaining(["USER_DISABLED", "USER_ENABLED"]));
  });
});

describe("password reset", () => {
  test("emails a single-use link that sets the password and ends the old sessions", async () => {
    const { email, userId } = await signUp("reset");
    const before = await db().user.findUniqueOrThrow({ where: { id: userId } });
    await requestPasswordReset(email, origin());
    const link = linkIn((await lastMailTo(email))?.text);
    expect(link.pathname).toBe("/reset-password");
    const token = link.searchParams.get("token")!;
    await resetPassword(token, "a brand new password", origin());
    const after = await db().user.findUniqueOrThrow({ where: { id: userId } });
    expect(after.sessionVersion).toBe(before.sessionVersion + 1);
    expect(await authenticate({ email, password: "a brand new password" }, origin())).toMatchObject({ ok: true });
    await expect(resetPassword(token, "another new password", origin())).rejects.toThrow(/already used/);
  });

  test("an expired link is refused; an unknown email gets no mail and the same answer", async () => {
    const { email, userId } = await signUp("expired");
    await requestPasswordReset(email, origin());
    const token = linkIn((await lastMailTo(email))?.text).searchParams.get("token")!;
    await db().passwordResetToken.updateMany({ where: { userId }, data: { expiresAt: new Date(Date.now() - 1000) } });
    await expect(resetPassword(token, "a brand new password", origin())).rejects.toThrow(/expired/);

    const nobody = uniqueEmail("nobody");
    await expect(requestPasswordReset(nobody, origin())).resolves.toBeUndefined();
    expect(await lastMailTo(nobody)).toBeNull();
  });

  test("a new link replaces the old one, and requests are limited per address", async () => {
    const { email } = await signUp("twice");
    await requestPasswordReset(email, origin("198.51.100.20"));
    const first = linkIn((await lastMailTo(email))?.text).searchParams.get("token")!;
    await requestPasswordReset(email, origin("198.51.100.21"));
    await expect(resetPassword(first, "a brand new password", origin())).rejects.toThrow(/invalid, expired or already used/);
    await requestPasswordReset(email, origin("198.51.100.22"));
    await expect(requestPasswordReset(email, origin("198.51.100.23"))).rejects.toMatchObject({ code: "RATE_LIMITED" });
  });

  test("changing the password in settings needs the current one and ends sessions", async () => {
    const { userId } = await signUp("change");
    await expect(changePassword(userId, "not it at all", "another good password", origin())).rejects.toMatchObject({
      fields: { currentPassword: expect.any(String) },
    });
    await changePassword(userId, PASSWORD, "another good password", origin());
    expect((await db().user.findUniqueOrThrow({ where: { id: userId } })).sessionVersion).toBe(1);
  });
});

describe("two-factor authentication", () => {
  test("enrol with a code, then sign-in needs a fresh code or a recovery code, each once", async () => {
    const { email, userId, orgSlug } = await signUp("mfa");
    const { secret, qrDataUrl } = await startMfaEnrolment(userId);
    expect(qrDataUrl).toMatch(/^data:image\/png;base64,/);
    await expect(confirmMfaEnrolment(userId, "000000", origin())).rejects.toMatchObject({ fields: { code: expect.any(String) } });
    const step = stepAt(Date.now());
    const codes = await confirmMfaEnrolment(userId, totpAt(secret, step), origin());
    expect(codes).toHaveLength(10);
    expect((await db().user.findUniqueOrThrow({ where: { id: userId } })).mfaSecret).not.toContain(secret);

    expect(await authenticate({ email, password: PASSWORD }, origin())).toMatchObject({ failure: "MFA_REQUIRED" });
    // The enrolment code was used for its step; the next step's code signs in, once.
    const next = totpAt(secret, step + 1);
    expect(await authenticate({ email, password: PASSWORD, code: next }, origin())).toMatchObject({ ok: true });
    expect(await authenticate({ email, password: PASSWORD, code: next }, origin())).toMatchObject({ failure: "INVALID_CODE" });
    expect(await authenticate({ email, password: PASSWORD, code: codes[0]! }, origin())).toMatchObject({ ok: true });
    expect(await authenticate({ email, password: PASSWORD, code: codes[0]! }, origin())).toMatchObject({ failure: "INVALID_CODE" });
    expect(await auditActions(orgSlug)).toEqual(expect.arrayContaining(["MFA_ENABLED", "MFA_FAILED", "MFA_RECOVERY_CODE_USED"]));
  });

  test("five wrong codes lock two-factor attempts", async () => {
    const { email, userId } = await signUp("mfalock");
    const { secret } = await startMfaEnrolment(userId);
    await confirmMfaEnrolment(userId, totpAt(secret, stepAt(Date.now())), origin());
    for (let i = 0; i < 5; i += 1) await authenticate({ email, password: PASSWORD, code: `00000${i}` }, origin(`203.0.113.${40 + i}`));
    const good = totpAt(secret, stepAt(Date.now()) + 1);
    expect(await authenticate({ email, password: PASSWORD, code: good }, origin("203.0.113.60"))).toMatchObject({ failure: "RATE_LIMITED" });
  });
});
