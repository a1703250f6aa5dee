import { audit } from "@/lib/audit/audit";
import { withTenant } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { actorOf, type OrgContext } from "@/lib/org/context";
import { hasPermission, type Permission } from "./permissions";

/** For showing or hiding UI. Only `authorize` decides. */
export function can(ctx: Pick<OrgContext, "role">, permission: Permission): boolean {
  return hasPermission(ctx.role, permission);
}

/**
 * Throws FORBIDDEN unless the member's role grants the permission; fails
 * closed on anything unexpected. Each denial is audited as PERMISSION_DENIED.
 */
export async function authorize(ctx: OrgContext, permission: Permission): Promise<void> {
  let allowed = false;
  try {
    allowed = hasPermission(ctx.role, permission);
  } catch {
    allowed = false;
  }
  if (allowed) return;
  await withTenant(ctx.orgId, (tx) =>
    audit(tx, actorOf(ctx), "PERMISSION_DENIED", null, { permission, role: ctx.role }),
  );
  throw new AppError("FORBIDDEN", "Your role does not allow this.", { internal: `${ctx.role} lacks ${permission}` });
}
