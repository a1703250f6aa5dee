// Calls the API's route handlers in-process, as Next would: a Request and the
// route's params. Each request names its client address (X-Forwarded-For with
// one trusted proxy), so the per-address limits of one test do not pace another.
import type { ApiRouteHandler } from "@/lib/api/api-route";

type RouteModule = Partial<Record<"GET" | "POST" | "PATCH", ApiRouteHandler>>;

const ROUTES: Array<[RegExp, () => Promise<RouteModule>]> = [
  [/^\/me$/, () => import("@/app/api/v1/me/route")],
  [/^\/openapi\.json$/, () => import("@/app/api/v1/openapi.json/route")],
  [/^\/customers$/, () => import("@/app/api/v1/customers/route")],
  [/^\/customers\/(?<id>[^/]+)$/, () => import("@/app/api/v1/customers/[id]/route")],
  [/^\/vehicles$/, () => import("@/app/api/v1/vehicles/route")],
  [/^\/vehicles\/(?<id>[^/]+)$/, () => import("@/app/api/v1/vehicles/[id]/route")],
  [/^\/repair-orders$/, () => import("@/app/api/v1/repair-orders/route")],
  [/^\/repair-orders\/(?<id>[^/]+)$/, () => import("@/app/api/v1/repair-orders/[id]/route")],
  [/^\/appointments$/, () => import("@/app/api/v1/appointments/route")],
  [/^\/appointments\/(?<id>[^/]+)$/, () => import("@/app/api/v1/appointments/[id]/route")],
];

export interface ErrorBody {
  error: { code: string; message: string; fields: Record<string, string> };
}

export interface Page<T> {
  data: T[];
  next_cursor: string | null;
}

/** The answer, its body typed as the caller expects (the schemas are checked by the handler itself). */
export interface ApiAnswer<T> {
  status: number;
  headers: Headers;
  body: T;
}

export interface CallOptions {
  key?: string | null;
  body?: unknown;
  /** a raw body, sent as is */
  rawBody?: string;
  ip?: string;
  authorization?: string;
}

let counter = 0;
/** A fresh client address: 203.0.113.x is TEST-NET-3. */
export const freshApiIp = () => `203.0.${Math.floor((counter += 1) / 250) % 250}.${counter % 250}`;

export async function callApi<T = ErrorBody>(method: "GET" | "POST" | "PATCH", path: string, options: CallOptions = {}): Promise<ApiAnswer<T>> {
  process.env.TRUSTED_PROXY_HOPS = "1";
  const url = new URL(`http://awms.test/api/v1${path}`);
  const route = ROUTES.find(([pattern]) => pattern.test(url.pathname.slice("/api/v1".length)));
  if (!route) throw new Error(`no API route for ${path}`);
  // As Next does: a route without dynamic segments gets no params at all.
  const params = route[0].exec(url.pathname.slice("/api/v1".length))!.groups;
  const handler = (await route[1]())[method];
  if (!handler) throw new Error(`${path} has no ${method}`);
  const headers: Record<string, string> = { "x-forwarded-for": options.ip ?? "198.51.100.20", "user-agent": "jest-api" };
  const authorization = options.authorization ?? (options.key ? `Bearer ${options.key}` : undefined);
  if (authorization) headers.authorization = authorization;
  let body: string | undefined;
  if (options.rawBody !== undefined) body = options.rawBody;
  else if (options.body !== undefined) body = JSON.stringify(options.body);
  if (body !== undefined) headers["content-type"] = "application/json";
  const response = await handler(new Request(url, { method, headers, body }), { params: Promise.resolve(params) });
  return { status: response.status, headers: response.headers, body: (await response.json()) as T };
}
