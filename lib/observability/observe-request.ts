import { randomUUID } from "node:crypto";
import { recordAnswer } from "@/lib/alerts/error-rate";
import { log } from "@/lib/log/logger";
import { withRequestContext } from "@/lib/log/request-context";
import { countError } from "./count";
import { metrics, statusClass } from "./metrics";

const REQUEST_ID = /^[A-Za-z0-9-]{8,64}$/;

/** The request id middleware set (or the client sent, when valid); a new one otherwise. */
export function requestIdOf(request: Request): string {
  const id = request.headers.get("x-request-id");
  return id && REQUEST_ID.test(id) ? id : randomUUID();
}

export interface RouteLabel {
  /** the route pattern ("/api/v1/customers/{id}"), never the path with its ids */
  route: string;
  method: string;
  requestId: string;
}

/**
 * Serves one request inside its log context and records it: one log line,
 * the request counter and latency by route pattern, and the error rate the
 * alerts watch. A thrown error is a 500 (the framework answers it).
 */
export async function observeRequest(label: RouteLabel, handle: () => Promise<Response>): Promise<Response> {
  return withRequestContext({ requestId: label.requestId }, async () => {
    const started = performance.now();
    let status = 500;
    try {
      const response = await handle();
      status = response.status;
      return response;
    } catch (error) {
      countError("INTERNAL");
      log.error({ event: "request_failed", route: label.route, err: error }, "request failed");
      throw error;
    } finally {
      const seconds = (performance.now() - started) / 1000;
      const labels = { route: label.route, method: label.method, status_class: statusClass(status) };
      metrics().httpRequests.inc(labels);
      metrics().httpDuration.observe(labels, seconds);
      recordAnswer(status >= 500);
      log.info({ event: "request", method: label.method, route: label.route, status, ms: Math.round(seconds * 1000) }, `${label.method} ${label.route} ${status}`);
    }
  });
}

/** A route handler observed under its route pattern (as in the app/ folder: "/[orgSlug]/invoices/[invoiceId]/pdf"). */
export function observedRoute<Rest extends unknown[]>(route: string, handler: (request: Request, ...rest: Rest) => Promise<Response>) {
  return (request: Request, ...rest: Rest): Promise<Response> =>
    observeRequest({ route, method: request.method, requestId: requestIdOf(request) }, () => handler(request, ...rest));
}
