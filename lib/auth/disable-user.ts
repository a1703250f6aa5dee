import { auditUserEventIn, type RequestOrigin } from "@/lib/audit/audit-user-event";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";

/**
 * Stops an account everywhere (support or security action): every session
 * ends at once and sign-in is refused until it is enabled again.
 */
export async function setUserDisabled(email: string, disabled: boolean, origin: RequestOrigin) {
  const user = await db().user.findUnique({ where: { email: email.trim().toLowerCase() } });
  if (!user) throw new AppError("NOT_FOUND", `No account for ${email}`);
  await db().$transaction(async (tx) => {
    await tx.user.update({
      where: { id: user.id },
      data: disabled ? { disabledAt: new Date(), sessionVersion: { increment: 1 } } : { disabledAt: null },
    });
    await auditUserEventIn(tx, user.id, disabled ? "USER_DISABLED" : "USER_ENABLED", origin);
  });
  return user.id;
}
