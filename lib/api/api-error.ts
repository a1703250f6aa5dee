import { z } from "zod";
import { isDatabaseUnavailable } from "@/lib/db/database-unavailable";
import { unstorableValue } from "@/lib/db/unstorable-value";
import { AppError, type AppErrorCode } from "@/lib/errors";
import { log } from "@/lib/log/logger";
import { countError } from "@/lib/observability/count";
import { RateLimitedError, type LimitState } from "@/lib/rate-limit/request-limits";
import { rateLimitHeaders, tooManyRequestsHeaders } from "@/lib/rate-limit/headers";

/** The one error shape of the API, for every status. */
export const ZApiError = z
  .object({
    error: z
      .object({
        code: z.string().meta({ description: "Stable, machine-readable: VALIDATION_FAILED, UNAUTHENTICATED, FORBIDDEN, PLAN_FEATURE, NOT_FOUND, CONFLICT, QUOTA_EXCEEDED, READ_ONLY, RATE_LIMITED, SERVICE_UNAVAILABLE, INTERNAL." }),
        message: z.string().meta({ description: "For people: safe to show, may change." }),
        fields: z.record(z.string(), z.string()).meta({ description: "Input errors by field path (e.g. `email`, `limit`); empty when the error is not about one field." }),
      })
      .strict(),
  })
  .strict();

export type ApiErrorBody = z.infer<typeof ZApiError>;

const body = (code: AppErrorCode | string, message: string, fields: Record<string, string> = {}): ApiErrorBody => ({ error: { code, message, fields } });

/** Zod issues keyed by the input path ("lines.0.quantity"); an unknown field is named by itself. */
export function issueFields(error: z.ZodError): Record<string, string> {
  // A Map, not `fields[path] ??= …`: a client's key named `__proto__` would set the object's prototype and vanish from the answer.
  const fields = new Map<string, string>();
  const name = (path: string, message: string) => void (fields.has(path) || fields.set(path, message));
  for (const issue of error.issues) {
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys) name([...issue.path, key].map(String).join("."), "Unknown field.");
      continue;
    }
    name(issue.path.map(String).join(".") || "body", issue.message);
  }
  return Object.fromEntries(fields);
}

/**
 * Any failure as the API's error answer, with the rate-limit fields of the
 * limit the request was counted against. Unexpected errors are logged and
 * answered as INTERNAL without details.
 */
export function apiErrorResponse(caught: unknown, limit: LimitState | null, requestId: string | null): Response {
  const error = unstorableValue(caught) ?? caught;
  const headers: Record<string, string> = { "Cache-Control": "no-store" };
  countError(
    error instanceof AppError ? error.code
      : error instanceof z.ZodError ? "VALIDATION_FAILED"
      : isDatabaseUnavailable(error) ? "SERVICE_UNAVAILABLE"
      : "INTERNAL",
  );
  if (error instanceof RateLimitedError) {
    return Response.json(body(error.code, error.message), { status: 429, headers: { ...headers, ...tooManyRequestsHeaders(error.state) } });
  }
  if (limit) Object.assign(headers, rateLimitHeaders(limit));
  if (error instanceof z.ZodError) {
    return Response.json(body("VALIDATION_FAILED", "Check the fields named in `fields`.", issueFields(error)), { status: 400, headers });
  }
  if (error instanceof AppError) {
    return Response.json(body(error.code, error.message, error.fields), { status: error.status, headers });
  }
  if (isDatabaseUnavailable(error)) {
    // A database restart or failover: nothing was done, and the same request can be sent again shortly.
    log.warn({ event: "api_database_unavailable", requestId }, "API request answered 503: the database is unavailable");
    return Response.json(body("SERVICE_UNAVAILABLE", "AWMS cannot reach its database right now. Try again in a few seconds; a write sent just as the database went down may have been saved, so check before sending it again."), {
      status: 503,
      headers: { ...headers, "Retry-After": "5" },
    });
  }
  log.error({ event: "api_internal_error", requestId, err: error }, "API request failed");
  return Response.json(body("INTERNAL", `Something went wrong on our side. Quote request id ${requestId ?? "unknown"} if you contact support.`), { status: 500, headers });
}
