import { audit } from "@/lib/audit/audit";
import { readOnlyError } from "@/lib/billing/billing-access";
import { withTenant } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { readCappedBody } from "@/lib/http/read-capped-body";
import { identifyRequest } from "@/lib/log/request-context";
import { observeRequest } from "@/lib/observability/observe-request";
import { actorOf } from "@/lib/org/context";
import { rateLimitHeaders } from "@/lib/rate-limit/headers";
import { authenticateApiRequest, type ApiContext, type ApiExchange } from "./api-context";
import { apiErrorResponse } from "./api-error";
import type { ApiOperation } from "./operation";
import { requestMetaOf } from "./request-meta";

type RouteParams = Record<string, string | string[] | undefined>;

/** A route handler as Next calls it, carrying the operation it serves (read by the OpenAPI drift test). */
export type ApiRouteHandler = ((request: Request, context: { params: Promise<RouteParams | undefined> }) => Promise<Response>) & { operation: ApiOperation };

const MAX_BODY_BYTES = 100_000;

const bodyTooLarge = () => new AppError("VALIDATION_FAILED", "The body is too large.", { fields: { body: `Send at most ${MAX_BODY_BYTES} bytes.` } });

async function readJsonBody(request: Request): Promise<unknown> {
  const text = (await readCappedBody(request, MAX_BODY_BYTES, bodyTooLarge)).toString("utf8");
  try {
    return JSON.parse(text);
  } catch {
    throw new AppError("VALIDATION_FAILED", "The body is not valid JSON.", { fields: { body: "Send a JSON object." } });
  }
}

async function requireWriteScope(ctx: ApiContext, operation: ApiOperation) {
  if (ctx.scope === "READ_WRITE" || ctx.scope === "ADMIN") return;
  await withTenant(ctx.orgId, (tx) => audit(tx, actorOf(ctx), "PERMISSION_DENIED", null, { scope: ctx.scope, operation: operation.operationId }));
  throw new AppError("FORBIDDEN", "This API key is read-only: create a read and write key to change data.");
}

async function requireAdminScope(ctx: ApiContext, operation: ApiOperation) {
  if (ctx.scope === "ADMIN") return;
  await withTenant(ctx.orgId, (tx) => audit(tx, actorOf(ctx), "PERMISSION_DENIED", null, { scope: ctx.scope, operation: operation.operationId }));
  throw new AppError("FORBIDDEN", "This needs an admin API key: GDPR exports are for keys created with the Admin access.");
}

/**
 * The route handler for one operation: authenticate and count the request,
 * check the key's scope, validate params, query and body, run the operation,
 * and answer JSON that matches the documented schema. Every answer carries the
 * RateLimit fields of the limit it was counted against.
 */
export function apiRoute(operation: ApiOperation): ApiRouteHandler {
  const route = `/api/v1${operation.path}`;
  const handler = async (request: Request, context: { params: Promise<RouteParams | undefined> }): Promise<Response> => {
    const exchange: ApiExchange = { meta: requestMetaOf(request), limit: null };
    return observeRequest({ route, method: operation.method, requestId: exchange.meta.requestId ?? "unknown" }, () => serve(request, context, exchange));
  };
  const serve = async (request: Request, context: { params: Promise<RouteParams | undefined> }, exchange: ApiExchange): Promise<Response> => {
    try {
      let ctx: ApiContext | null = null;
      if (operation.access !== "public") {
        const authenticated = await authenticateApiRequest(request, exchange);
        ctx = authenticated.ctx;
        identifyRequest(ctx.orgId, ctx.userId);
        if (operation.access === "READ_WRITE") {
          await requireWriteScope(ctx, operation);
          if (authenticated.readOnly) throw readOnlyError();
        }
        // A workshop read-only for non-payment still answers its customers' data requests.
        if (operation.access === "ADMIN") await requireAdminScope(ctx, operation);
      }
      const raw = {
        // Next passes no params for a route without dynamic segments.
        params: (await context?.params) ?? {},
        query: Object.fromEntries(new URL(request.url).searchParams),
        body: operation.body ? await readJsonBody(request) : undefined,
      };
      const result = await operation.run(ctx, raw);
      if (operation.file && result instanceof Response) {
        // A file goes out as the handler streams it, with the same headers as any answer.
        result.headers.set("Cache-Control", "private, no-store");
        if (exchange.limit) for (const [name, value] of Object.entries(rateLimitHeaders(exchange.limit))) result.headers.set(name, value);
        return result;
      }
      const checked = operation.response.safeParse(result);
      // The document promises this shape; an answer that breaks it is our bug, not the client's input.
      if (!checked.success) throw new Error(`${operation.operationId} answered outside its schema: ${checked.error.message}`);
      const headers: Record<string, string> = { "Cache-Control": "no-store" };
      if (exchange.limit) Object.assign(headers, rateLimitHeaders(exchange.limit));
      return Response.json(checked.data, { status: operation.status, headers });
    } catch (error) {
      return apiErrorResponse(error, exchange.limit, exchange.meta.requestId);
    }
  };
  return Object.assign(handler, { operation });
}
