import { log } from "@/lib/log/logger";
import { withRequestContext } from "@/lib/log/request-context";
import { countError } from "./count";

export interface FailedRequest {
  path: string;
  method: string;
  headers: Record<string, string | string[] | undefined>;
}

/**
 * A page that failed to render (Next's onRequestError): route handlers and
 * Server Actions are counted by their own wrappers, pages only here. Logged
 * under the route pattern with the request id; the path may hold ids.
 */
export function reportRenderError(error: unknown, request: FailedRequest, context: { routePath: string; routeType: string }): void {
  if (context.routeType !== "render") return;
  const requestId = request.headers["x-request-id"];
  withRequestContext({ requestId: typeof requestId === "string" ? requestId : null }, () => {
    countError("INTERNAL");
    log.error({ event: "render_failed", route: context.routePath, method: request.method, err: error }, "page failed to render");
  });
}
