// Signing in with email, password and (when enrolled) a two-factor code.
// Used by the next-auth Credentials provider; kept free of next-auth so it is
// tested directly against Postgres.
import { z } from "zod";
import { auditUserEvent, auditUserEventIn, type RequestOrigin } from "@/lib/audit/audit-user-event";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { countLoginFailure } from "@/lib/observability/count";
import { verifyPassword } from "./password";
import { hashRecoveryCode } from "./recovery-codes";
import { open } from "./secret-box";
import { clearAttempts, consumeAttempt, refundAttempt } from "./throttle";
import { SIGN_IN_MESSAGES, type SignInFailure } from "./sign-in-messages";
import { verifyTotp } from "./totp";

export type { SignInFailure };

export const ZSignIn = z.object({
  email: z.string().trim().toLowerCase().email().max(254),
  password: z.string().min(1).max(200),
  code: z.string().trim().max(32).optional(),
});

export type SignInResult =
  | { ok: true; user: { id: string; email: string; name: string; sessionVersion: number } }
  | { ok: false; failure: SignInFailure; message: string };

const fail = (failure: SignInFailure, message = SIGN_IN_MESSAGES[failure]): SignInResult => ({ ok: false, failure, message });

function fromAppError(error: unknown): SignInResult {
  if (error instanceof AppError && error.code === "RATE_LIMITED") return fail("RATE_LIMITED", error.message);
  if (error instanceof AppError && error.code === "SERVICE_UNAVAILABLE") return fail("UNAVAILABLE", error.message);
  throw error;
}

type MfaUser = { id: string; mfaSecret: string | null; mfaLastStep: number | null };

/** Claims a TOTP step or a recovery code; conditional updates, so one code cannot win twice. */
async function verifySecondFactor(user: MfaUser, code: string, origin: RequestOrigin): Promise<boolean> {
  if (user.mfaSecret && /^\d{6}$/.test(code)) {
    const step = verifyTotp(open(user.mfaSecret), code, Date.now(), user.mfaLastStep);
    if (step === null) return false;
    const claimed = await db().user.updateMany({
      where: { id: user.id, OR: [{ mfaLastStep: null }, { mfaLastStep: { lt: step } }] },
      data: { mfaLastStep: step },
    });
    return claimed.count === 1;
  }
  return db().$transaction(async (tx) => {
    const used = await tx.mfaRecoveryCode.updateMany({
      where: { userId: user.id, codeHash: hashRecoveryCode(code), usedAt: null },
      data: { usedAt: new Date() },
    });
    if (used.count !== 1) return false;
    await auditUserEventIn(tx, user.id, "MFA_RECOVERY_CODE_USED", origin);
    return true;
  });
}

export async function authenticate(raw: unknown, origin: RequestOrigin): Promise<SignInResult> {
  const parsed = ZSignIn.safeParse(raw);
  if (!parsed.success) return fail("INVALID_CREDENTIALS", "Enter your email and password.");
  const { email, password, code } = parsed.data;
  const attempt = { signInAccount: email, signInIp: origin.ip ?? "unidentified" };

  try {
    await consumeAttempt(attempt);
  } catch (error) {
    return fromAppError(error);
  }

  const user = await db().user.findUnique({ where: { email } });
  const passwordOk = await verifyPassword(user?.passwordHash, password);
  if (!user || !passwordOk || user.disabledAt) {
    countLoginFailure("credentials");
    if (user) await auditUserEvent(user.id, "LOGIN_FAILED", origin, { reason: user.disabledAt ? "disabled" : "password" });
    return fail("INVALID_CREDENTIALS");
  }

  if (user.mfaEnabledAt) {
    if (!code) {
      // The password was right; asking for the code is not a failure.
      await refundAttempt(attempt);
      return fail("MFA_REQUIRED");
    }
    try {
      await consumeAttempt({ mfaAccount: user.id });
    } catch (error) {
      return fromAppError(error);
    }
    if (!(await verifySecondFactor(user, code, origin))) {
      countLoginFailure("code");
      await auditUserEvent(user.id, "MFA_FAILED", origin);
      return fail("INVALID_CODE");
    }
    await clearAttempts("mfaAccount", user.id);
  }

  await clearAttempts("signInAccount", email);
  await refundAttempt({ signInIp: attempt.signInIp });
  await auditUserEvent(user.id, "LOGIN_SUCCEEDED", origin, { mfa: Boolean(user.mfaEnabledAt) });
  return { ok: true, user: { id: user.id, email: user.email, name: user.name, sessionVersion: user.sessionVersion } };
}
