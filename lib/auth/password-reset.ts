import { z } from "zod";
import { auditUserEventIn, type RequestOrigin } from "@/lib/audit/audit-user-event";
import { db } from "@/lib/db";
import { appUrl } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { sendMail } from "@/lib/mail/send-mail";
import { hashPassword, ZPassword } from "./password";
import { consumeAttempt } from "./throttle";
import { hashToken, newToken } from "./tokens";

const RESET_TTL_MS = 30 * 60 * 1000;

export const ZResetRequest = z.object({ email: z.string().trim().toLowerCase().email("Enter a valid email address.").max(254) });
export const ZResetPassword = z
  .object({ token: z.string().min(20).max(200), password: ZPassword, confirm: z.string() })
  .refine((v) => v.password === v.confirm, { path: ["confirm"], message: "The passwords do not match." });

/**
 * Emails a reset link if the account exists. The answer is the same either
 * way, so the form does not reveal who has an account.
 */
export async function requestPasswordReset(email: string, origin: RequestOrigin): Promise<void> {
  await consumeAttempt({ resetAccount: email, resetIp: origin.ip ?? "unidentified" });
  const user = await db().user.findUnique({ where: { email } });
  if (!user || user.disabledAt) return;
  const { token, hash } = newToken();
  await db().$transaction(async (tx) => {
    // Only the newest link works.
    await tx.passwordResetToken.updateMany({ where: { userId: user.id, usedAt: null }, data: { usedAt: new Date() } });
    await tx.passwordResetToken.create({ data: { userId: user.id, tokenHash: hash, expiresAt: new Date(Date.now() + RESET_TTL_MS) } });
    await auditUserEventIn(tx, user.id, "PASSWORD_RESET_REQUESTED", origin);
  });
  await sendMail({
    to: user.email,
    subject: "Reset your AWMS password",
    text:
      `Hello ${user.name},\n\nSomeone (hopefully you) asked to reset your AWMS password. ` +
      `Open this link within 30 minutes to choose a new one:\n\n${appUrl()}/reset-password?token=${token}\n\n` +
      `If it was not you, ignore this email: your password stays as it is.`,
  });
}

const invalidLink = () =>
  new AppError("VALIDATION_FAILED", "This reset link is invalid, expired or already used. Ask for a new one.");

/** Sets the new password, uses up the link and ends every session of the account. */
export async function resetPassword(token: string, password: string, origin: RequestOrigin): Promise<void> {
  const record = await db().passwordResetToken.findUnique({ where: { tokenHash: hashToken(token) } });
  if (!record || record.usedAt || record.expiresAt.getTime() <= Date.now()) throw invalidLink();
  const passwordHash = await hashPassword(password);
  await db().$transaction(async (tx) => {
    const claimed = await tx.passwordResetToken.updateMany({ where: { id: record.id, usedAt: null }, data: { usedAt: new Date() } });
    if (claimed.count !== 1) throw invalidLink();
    await tx.user.update({ where: { id: record.userId }, data: { passwordHash, sessionVersion: { increment: 1 } } });
    await auditUserEventIn(tx, record.userId, "PASSWORD_CHANGED", origin, { via: "reset-link" });
  });
}
