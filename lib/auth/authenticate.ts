// Signing in with email, password and (when enrolled) a two-factor code.
// Used by the next-auth Credentials provider; kept free of next-auth so it is
// tested directly against Postgres.
import { z } from "zod";
import { auditUserEvent, type RequestOrigin } from "@/lib/audit/audit-user-event";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { verifyPassword } from "./password";
import { hashRecoveryCode } from "./recovery-codes";
import { open } from "./secret-box";
import { assertNotThrottled, clearAttempts, recordAttempt } from "./throttle";
import { verifyTotp } from "./totp";

export const ZSignIn = z.object({
  email: z.string().trim().toLowerCase().email().max(254),
  password: z.string().min(1).max(200),
  code: z.string().trim().max(32).optional(),
});

export type SignInFailure = "INVALID_CREDENTIALS" | "MFA_REQUIRED" | "INVALID_CODE" | "RATE_LIMITED" | "UNAVAILABLE";

export type SignInResult =
  | { ok: true; user: { id: string; email: string; name: string; sessionVersion: number } }
  | { ok: false; failure: SignInFailure; message: string };

const fail = (failure: SignInFailure, message: string): SignInResult => ({ ok: false, failure, message });

function fromAppError(error: unknown): SignInResult {
  if (error instanceof AppError && error.code === "RATE_LIMITED") return fail("RATE_LIMITED", error.message);
  if (error instanceof AppError && error.code === "SERVICE_UNAVAILABLE") return fail("UNAVAILABLE", error.message);
  throw error;
}

async function verifySecondFactor(user: { id: string; mfaSecret: string | null; mfaLastStep: number | null }, code: string) {
  if (user.mfaSecret && /^\d{6}$/.test(code)) {
    const step = verifyTotp(open(user.mfaSecret), code, Date.now(), user.mfaLastStep);
    if (step === null) return null;
    // Conditional update: two requests racing with one code cannot both win.
    const claimed = await db().user.updateMany({
      where: { id: user.id, OR: [{ mfaLastStep: null }, { mfaLastStep: { lt: step } }] },
      data: { mfaLastStep: step },
    });
    return claimed.count === 1 ? "totp" : null;
  }
  const used = await db().mfaRecoveryCode.updateMany({
    where: { userId: user.id, codeHash: hashRecoveryCode(code), usedAt: null },
    data: { usedAt: new Date() },
  });
  return used.count === 1 ? "recovery-code" : null;
}

export async function authenticate(raw: unknown, origin: RequestOrigin): Promise<SignInResult> {
  const parsed = ZSignIn.safeParse(raw);
  if (!parsed.success) return fail("INVALID_CREDENTIALS", "Enter your email and password.");
  const { email, password, code } = parsed.data;
  const ip = origin.ip ?? null;

  try {
    await assertNotThrottled({ signInAccount: email, signInIp: ip });
  } catch (error) {
    return fromAppError(error);
  }

  const user = await db().user.findUnique({ where: { email } });
  const passwordOk = await verifyPassword(user?.passwordHash, password);
  if (!user || !passwordOk || user.disabledAt) {
    try {
      await recordAttempt({ signInAccount: email, signInIp: ip });
    } catch (error) {
      return fromAppError(error);
    }
    if (user) await auditUserEvent(user.id, "LOGIN_FAILED", origin, { reason: user.disabledAt ? "disabled" : "password" });
    return fail("INVALID_CREDENTIALS", "That email and password do not match.");
  }

  if (user.mfaEnabledAt) {
    if (!code) return fail("MFA_REQUIRED", "Enter the code from your authenticator app.");
    try {
      await assertNotThrottled({ mfaAccount: user.id });
    } catch (error) {
      return fromAppError(error);
    }
    const method = await verifySecondFactor(user, code);
    if (!method) {
      try {
        await recordAttempt({ mfaAccount: user.id, signInIp: ip });
      } catch (error) {
        return fromAppError(error);
      }
      await auditUserEvent(user.id, "MFA_FAILED", origin);
      return fail("INVALID_CODE", "That code is not valid. Codes change every 30 seconds and work once.");
    }
    if (method === "recovery-code") await auditUserEvent(user.id, "MFA_RECOVERY_CODE_USED", origin);
    await clearAttempts("mfaAccount", user.id);
  }

  await clearAttempts("signInAccount", email);
  await auditUserEvent(user.id, "LOGIN_SUCCEEDED", origin, { mfa: Boolean(user.mfaEnabledAt) });
  return { ok: true, user: { id: user.id, email: user.email, name: user.name, sessionVersion: user.sessionVersion } };
}
