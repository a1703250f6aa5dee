import { auditUserEventIn, type RequestOrigin } from "@/lib/audit/audit-user-event";
import { db } from "@/lib/db";

/** The signed-in user's own name; recorded in each of their workshops' logs. */
export async function updateProfile(userId: string, name: string, origin: RequestOrigin): Promise<void> {
  await db().$transaction(async (tx) => {
    await tx.user.update({ where: { id: userId }, data: { name } });
    await auditUserEventIn(tx, userId, "PROFILE_UPDATED", origin, { name });
  });
}
