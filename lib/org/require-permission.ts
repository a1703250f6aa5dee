import { forbidden } from "next/navigation";
import { AppError } from "@/lib/errors";
import { authorize, type Permission } from "@/lib/rbac";
import { requireOrgContext, type OrgContext } from "./context";

/** For pages: the member's context, or the 403 page (the denial is audited by authorize). */
export async function requirePermission(orgSlug: string, permission: Permission): Promise<OrgContext> {
  const ctx = await requireOrgContext(orgSlug);
  try {
    await authorize(ctx, permission);
  } catch (error) {
    if (error instanceof AppError && error.code === "FORBIDDEN") forbidden();
    throw error;
  }
  return ctx;
}
