import { randomUUID } from "node:crypto";
import { clientIp } from "@/lib/http/client-ip";
import type { RequestMeta } from "@/lib/org/context";

const REQUEST_ID = /^[A-Za-z0-9-]{8,64}$/;

/**
 * Address, user agent and request id from the Request itself, not from
 * next/headers: the API path then works the same when a test (or another
 * runtime) calls a route handler directly.
 */
export function requestMetaOf(request: Request): RequestMeta {
  const requestId = request.headers.get("x-request-id");
  return {
    ip: clientIp(request.headers.get("x-forwarded-for")),
    userAgent: request.headers.get("user-agent")?.slice(0, 500) ?? null,
    requestId: requestId && REQUEST_ID.test(requestId) ? requestId : randomUUID(),
  };
}
