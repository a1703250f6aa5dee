import { resolveApiKey } from "@/lib/api-keys/resolve-api-key";
import { bearerToken } from "@/lib/api-keys/api-key-format";
import { billingAccess } from "@/lib/billing/billing-access";
import { PLANS } from "@/lib/billing/plans";
import { AppError } from "@/lib/errors";
import type { ApiKeyScope, Role } from "@/lib/generated/prisma/client";
import { log } from "@/lib/log/logger";
import { actorOf, type OrgContext, type RequestMeta } from "@/lib/org/context";
import { limitApiRequest, refuseSpentApiRequest, type LimitState } from "@/lib/rate-limit/request-limits";
import { countFailedAuthentication, refuseBlockedAddress } from "./auth-throttle";
import { forgetKey, recentlyResolved, rememberKey } from "./recent-keys";

/**
 * An API request's context: an OrgContext acting as the key's creator, with the
 * role its scope stands for, so every lib operation authorizes it unchanged.
 */
export interface ApiContext extends OrgContext {
  apiKeyId: string;
  scope: ApiKeyScope;
}

/** Warning: a scope maps to the role whose permissions it lends; changing a row here changes what every key may do. */
const ROLE_OF_SCOPE = { READ: "VIEWER", READ_WRITE: "SERVICE_ADVISOR", ADMIN: "ADMIN" } as const satisfies Record<ApiKeyScope, Role>;

/** What the answer needs to know whatever happens: the limit it was counted against. */
export interface ApiExchange {
  meta: RequestMeta;
  limit: LimitState | null;
}

export interface AuthenticatedApi {
  ctx: ApiContext;
  /** the workshop is read-only for non-payment: reads only */
  readOnly: boolean;
}

/**
 * `Authorization: Bearer <key>` -> the API context, counted against the
 * workshop's per-minute plan limit and its 10-second burst limit. 401 for a missing, malformed, unknown or
 * revoked key (each counted against the address, see auth-throttle), 403
 * PLAN_FEATURE when the plan has no API access (counted the same way), 429
 * over a limit.
 */
export async function authenticateApiRequest(request: Request, exchange: ApiExchange): Promise<AuthenticatedApi> {
  const ip = exchange.meta.ip ?? "unidentified";
  const key = bearerToken(request.headers.get("authorization"));
  const known = key ? recentlyResolved(key) : null;
  // Over the limit already: refused before the key lookup, so a flood of refused calls stays cheap.
  if (known) await refuseSpentApiRequest({ orgId: known.orgId, userId: known.userId, ...exchange.meta, plan: known.plan, apiKeyId: known.apiKeyId });
  const resolution = key ? await resolveApiKey(key) : ({ ok: false, reason: "missing" } as const);
  if (!resolution.ok) {
    if (key) forgetKey(key);
    // Only failures are throttled by address: a good key is never refused for what others sent
    // from the same address (without a trusted proxy every client shares "unidentified", and 30
    // bad keys would otherwise switch the API off for everyone).
    refuseBlockedAddress(ip);
    exchange.limit = await countFailedAuthentication(ip);
    log.info({ event: "api_auth_failed", reason: resolution.reason, ip, requestId: exchange.meta.requestId }, "API request without a valid key");
    throw new AppError(
      "UNAUTHENTICATED",
      key ? "This API key is not valid: it is unknown, revoked, or its creator no longer manages this workshop." : "Send an API key: Authorization: Bearer <key>.",
    );
  }
  const { principal } = resolution;
  const ctx: ApiContext = {
    orgId: principal.orgId,
    orgSlug: principal.orgSlug,
    orgName: principal.orgName,
    userId: principal.userId,
    role: ROLE_OF_SCOPE[principal.scope],
    requireMfa: principal.requireMfa,
    plan: principal.plan,
    ...exchange.meta,
    apiKeyId: principal.apiKeyId,
    scope: principal.scope,
  };
  if (!PLANS[principal.plan].features.apiAccess) {
    forgetKey(key!);
    // A key that can never be answered is counted like a bad one: otherwise it could call at any
    // rate, each call costing a key lookup, with no limit ever spent.
    refuseBlockedAddress(ip);
    exchange.limit = await countFailedAuthentication(ip);
    throw new AppError("PLAN_FEATURE", `The ${PLANS[principal.plan].label} plan does not include API access. An owner can upgrade on the billing page.`);
  }
  rememberKey(key!, principal);
  exchange.limit = await limitApiRequest({ ...actorOf(ctx), plan: principal.plan, apiKeyId: principal.apiKeyId });
  return { ctx, readOnly: billingAccess(principal.billing).readOnly };
}
