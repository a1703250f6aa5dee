// A signed-in user's own security settings: password and two-factor.
import QRCode from "qrcode";
import { z } from "zod";
import { auditUserEventIn, type RequestOrigin } from "@/lib/audit/audit-user-event";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { hashPassword, verifyPassword, ZPassword } from "./password";
import { hashRecoveryCode, newRecoveryCodes } from "./recovery-codes";
import { open, seal } from "./secret-box";
import { consumeAttempt, refundAttempt } from "./throttle";
import { newTotpSecret, otpauthUrl, verifyTotp } from "./totp";

export const ZChangePassword = z
  .object({ currentPassword: z.string().min(1, "Enter your current password."), password: ZPassword, confirm: z.string() })
  .refine((v) => v.password === v.confirm, { path: ["confirm"], message: "The passwords do not match." });

const wrongPassword = () =>
  new AppError("VALIDATION_FAILED", "Check the highlighted field.", { fields: { currentPassword: "That is not your current password." } });

/** Re-entering the password counts against the same limit as signing in, so a borrowed session cannot guess it. */
async function confirmPassword(user: { email: string; passwordHash: string | null }, password: string) {
  const attempt = { signInAccount: user.email };
  await consumeAttempt(attempt);
  if (!(await verifyPassword(user.passwordHash, password))) throw wrongPassword();
  await refundAttempt(attempt);
}

/** Changes the password and ends every session, this one included. */
export async function changePassword(userId: string, current: string, next: string, origin: RequestOrigin) {
  const user = await db().user.findUniqueOrThrow({ where: { id: userId } });
  await confirmPassword(user, current);
  const passwordHash = await hashPassword(next);
  await db().$transaction(async (tx) => {
    await tx.user.update({ where: { id: userId }, data: { passwordHash, sessionVersion: { increment: 1 } } });
    // Reset links asked for before the change must not undo it.
    await tx.passwordResetToken.updateMany({ where: { userId, usedAt: null }, data: { usedAt: new Date() } });
    await auditUserEventIn(tx, userId, "PASSWORD_CHANGED", origin, { via: "settings" });
  });
}

/** Step 1: a new secret, kept sealed but not active until a code from it is confirmed. */
export async function startMfaEnrolment(userId: string) {
  const user = await db().user.findUniqueOrThrow({ where: { id: userId } });
  if (user.mfaEnabledAt) throw new AppError("CONFLICT", "Two-factor authentication is already on.");
  const secret = newTotpSecret();
  await db().user.update({ where: { id: userId }, data: { mfaSecret: seal(secret), mfaLastStep: null } });
  const url = otpauthUrl(secret, user.email);
  return { secret, otpauthUrl: url, qrDataUrl: await QRCode.toDataURL(url, { margin: 1, width: 220 }) };
}

/** Step 2: a correct code turns it on and yields ten recovery codes, shown once. */
export async function confirmMfaEnrolment(userId: string, code: string, origin: RequestOrigin): Promise<string[]> {
  const user = await db().user.findUniqueOrThrow({ where: { id: userId } });
  if (user.mfaEnabledAt) throw new AppError("CONFLICT", "Two-factor authentication is already on.");
  if (!user.mfaSecret) throw new AppError("VALIDATION_FAILED", "Start again: scan a new QR code.");
  const step = verifyTotp(open(user.mfaSecret), code.trim(), Date.now(), null);
  if (step === null) {
    throw new AppError("VALIDATION_FAILED", "That code is not valid.", { fields: { code: "That code is not valid. Check your phone's clock and try the newest code." } });
  }
  const codes = newRecoveryCodes();
  await db().$transaction(async (tx) => {
    await tx.mfaRecoveryCode.deleteMany({ where: { userId } });
    await tx.mfaRecoveryCode.createMany({ data: codes.map((c) => ({ userId, codeHash: hashRecoveryCode(c) })) });
    await tx.user.update({ where: { id: userId }, data: { mfaEnabledAt: new Date(), mfaLastStep: step } });
    await auditUserEventIn(tx, userId, "MFA_ENABLED", origin);
  });
  return codes;
}

export async function disableMfa(userId: string, password: string, origin: RequestOrigin) {
  const user = await db().user.findUniqueOrThrow({ where: { id: userId } });
  await confirmPassword(user, password);
  await db().$transaction(async (tx) => {
    await tx.mfaRecoveryCode.deleteMany({ where: { userId } });
    await tx.user.update({ where: { id: userId }, data: { mfaEnabledAt: null, mfaSecret: null, mfaLastStep: null } });
    await auditUserEventIn(tx, userId, "MFA_DISABLED", origin);
  });
}
