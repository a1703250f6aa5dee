import { getSessionUser } from "@/lib/auth/session";
import { isDatabaseUnavailable } from "@/lib/db/database-unavailable";
import { unstorableValue } from "@/lib/db/unstorable-value";
import { AppError } from "@/lib/errors";
import { identifyRequest } from "@/lib/log/request-context";
import { countRefusal } from "@/lib/observability/count";
import { loadOrgContext, requestMeta, type OrgContext } from "@/lib/org/context";
import { authorize, type Permission } from "@/lib/rbac";
import { RateLimitedError, limitMemberReads, limitMemberRequest } from "@/lib/rate-limit/request-limits";
import { tooManyRequestsHeaders } from "@/lib/rate-limit/headers";

/**
 * For route handlers (which answer JSON, not pages): the signed-in member's
 * context with the permission checked. Not a member -> 404, so ids and slugs
 * reveal nothing.
 */
export async function routeOrgContext(orgSlug: string, permission: Permission, options: { limit?: "requests" | "reads" } = {}): Promise<OrgContext> {
  const user = await getSessionUser();
  if (!user) throw new AppError("UNAUTHENTICATED", "Sign in first.");
  const ctx = await loadOrgContext(user.id, orgSlug, await requestMeta());
  if (!ctx) throw new AppError("NOT_FOUND", "Not found.");
  identifyRequest(ctx.orgId, ctx.userId);
  if (ctx.requireMfa && !user.mfaEnabled) throw new AppError("FORBIDDEN", "This workshop requires two-factor authentication.");
  // "reads": photos, which one page loads many of, count against their own larger limit.
  await (options.limit === "reads" ? limitMemberReads(ctx) : limitMemberRequest(ctx));
  await authorize(ctx, permission);
  return ctx;
}

/** An expected failure as `{ error: { code, message } }` with its status; anything else is rethrown (500). */
export function errorResponse(caught: unknown): Response {
  // A database restart or failover is expected too: 503, and the same request can be sent again shortly.
  const error = unstorableValue(caught)
    ?? (isDatabaseUnavailable(caught) ? new AppError("SERVICE_UNAVAILABLE", "AWMS cannot reach its database right now. Try again in a few seconds.", { cause: caught })
    : caught);
  countRefusal(error);
  if (error instanceof RateLimitedError) return Response.json(error.toJSON(), { status: 429, headers: tooManyRequestsHeaders(error.state) });
  if (error instanceof AppError) return Response.json(error.toJSON(), { status: error.status, headers: error.code === "SERVICE_UNAVAILABLE" ? { "Retry-After": "5" } : {} });
  throw error;
}

export function pdfResponse(pdf: Buffer, filename: string): Response {
  return new Response(new Uint8Array(pdf), {
    headers: {
      "Content-Type": "application/pdf",
      "Content-Disposition": `inline; filename="${filename.replace(/[^A-Za-z0-9._-]/g, "-")}"`,
      "Cache-Control": "private, no-store",
    },
  });
}
