// A signed-in user's own security settings: password and two-factor.
import QRCode from "qrcode";
import { z } from "zod";
import { auditUserEvent, type RequestOrigin } from "@/lib/audit/audit-user-event";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { hashPassword, verifyPassword, ZPassword } from "./password";
import { hashRecoveryCode, newRecoveryCodes } from "./recovery-codes";
import { open, seal } from "./secret-box";
import { newTotpSecret, otpauthUrl, verifyTotp } from "./totp";

export const ZChangePassword = z
  .object({ currentPassword: z.string().min(1, "Enter your current password."), password: ZPassword, confirm: z.string() })
  .refine((v) => v.password === v.confirm, { path: ["confirm"], message: "The passwords do not match." });

const wrongPassword = () =>
  new AppError("VALIDATION_FAILED", "Check the highlighted field.", { fields: { currentPassword: "That is not your current password." } });

/** Changes the password and ends every session, this one included. */
export async function changePassword(userId: string, current: string, next: string, origin: RequestOrigin) {
  const user = await db().user.findUniqueOrThrow({ where: { id: userId } });
  if (!(await verifyPassword(user.passwordHash, current))) throw wrongPassword();
  await db().user.update({ where: { id: userId }, data: { passwordHash: await hashPassword(next), sessionVersion: { increment: 1 } } });
  await auditUserEvent(userId, "PASSWORD_CHANGED", origin, { via: "settings" });
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
  await db().$transaction([
    db().mfaRecoveryCode.deleteMany({ where: { userId } }),
    db().mfaRecoveryCode.createMany({ data: codes.map((c) => ({ userId, codeHash: hashRecoveryCode(c) })) }),
    db().user.update({ where: { id: userId }, data: { mfaEnabledAt: new Date(), mfaLastStep: step } }),
  ]);
  await auditUserEvent(userId, "MFA_ENABLED", origin);
  return codes;
}

export async function disableMfa(userId: string, password: string, origin: RequestOrigin) {
  const user = await db().user.findUniqueOrThrow({ where: { id: userId } });
  if (!(await verifyPassword(user.passwordHash, password))) throw wrongPassword();
  await db().$transaction([
    db().mfaRecoveryCode.deleteMany({ where: { userId } }),
    db().user.update({ where: { id: userId }, data: { mfaEnabledAt: null, mfaSecret: null, mfaLastStep: null } }),
  ]);
  await auditUserEvent(userId, "MFA_DISABLED", origin);
}
