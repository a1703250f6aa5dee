// Every route handler (app/**/route.ts, each exported method) and every REST
// API v1 operation, with who may call it and a body that would succeed for
// its own workshop, so only authorization stands between an attack and a write.
// The attack suite fails on a route or method missing here.
import type { Permission } from "@/lib/rbac/permissions";
import type { WorkshopTargets } from "./route-targets";

export type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

/** A request body built from one workshop's ids: the attacker's own for the role rows, the target's for the cross-tenant rows. */
export type Body = (ids: WorkshopTargets) => unknown;

export type RouteAccess =
  /** a signed-in member of the workshop in the path whose role holds the permission (refusals in words for a link a person opens) */
  | { kind: "member"; permission: Permission; body?: "photo"; refusals?: "text" }
  /** anyone; the hostile rows for it are written out in the suite */
  | { kind: "public" }
  /** REST API v1: a Bearer key of at least this scope */
  | { kind: "api" };

export interface RouteRow {
  /** the route's folder under app/: /[orgSlug]/attachments/[attachmentId] */
  route: string;
  method: Method;
  access: RouteAccess;
}

const member = (permission: Permission, options: { body?: "photo"; refusals?: "text" } = {}): RouteAccess => ({ kind: "member", permission, ...options });
const api: RouteAccess = { kind: "api" };
const open: RouteAccess = { kind: "public" };

export const ROUTES: RouteRow[] = [
  { route: "/[orgSlug]/attachments", method: "POST", access: member("inspection.update", { body: "photo" }) },
  { route: "/[orgSlug]/attachments/[attachmentId]", method: "GET", access: member("inspection.read") },
  { route: "/[orgSlug]/invoices/[invoiceId]/pdf", method: "GET", access: member("invoice.read") },
  { route: "/[orgSlug]/repair-orders/[repairOrderId]/estimate", method: "GET", access: member("repairOrder.read") },
  { route: "/[orgSlug]/reports/csv/[table]", method: "GET", access: member("report.read") },
  { route: "/[orgSlug]/settings/audit-log/export/[format]", method: "GET", access: member("auditLog.export") },
  { route: "/[orgSlug]/settings/privacy/exports/[requestId]/download", method: "GET", access: member("gdpr.export", { refusals: "text" }) },
  { route: "/[orgSlug]/settings/privacy/exports/[requestId]/progress", method: "GET", access: member("gdpr.export") },
  { route: "/api/auth/[...nextauth]", method: "GET", access: open },
  { route: "/api/auth/[...nextauth]", method: "POST", access: open },
  { route: "/api/health", method: "GET", access: open },
  { route: "/api/metrics", method: "GET", access: open },
  { route: "/api/ready", method: "GET", access: open },
  { route: "/api/stripe/webhook", method: "POST", access: open },
  { route: "/estimate/[orgSlug]/[token]/photos/[attachmentId]", method: "GET", access: open },
  { route: "/api/v1/appointments", method: "GET", access: api },
  { route: "/api/v1/appointments", method: "POST", access: api },
  { route: "/api/v1/appointments/[id]", method: "GET", access: api },
  { route: "/api/v1/appointments/[id]", method: "PATCH", access: api },
  { route: "/api/v1/customers", method: "GET", access: api },
  { route: "/api/v1/customers", method: "POST", access: api },
  { route: "/api/v1/customers/[id]", method: "GET", access: api },
  { route: "/api/v1/customers/[id]", method: "PATCH", access: api },
  { route: "/api/v1/me", method: "GET", access: api },
  { route: "/api/v1/openapi.json", method: "GET", access: api },
  { route: "/api/v1/privacy/exports", method: "POST", access: api },
  { route: "/api/v1/privacy/exports/[id]", method: "GET", access: api },
  { route: "/api/v1/privacy/exports/[id]/download", method: "GET", access: api },
  { route: "/api/v1/repair-orders", method: "GET", access: api },
  { route: "/api/v1/repair-orders", method: "POST", access: api },
  { route: "/api/v1/repair-orders/[id]", method: "GET", access: api },
  { route: "/api/v1/repair-orders/[id]", method: "PATCH", access: api },
  { route: "/api/v1/vehicles", method: "GET", access: api },
  { route: "/api/v1/vehicles", method: "POST", access: api },
  { route: "/api/v1/vehicles/[id]", method: "GET", access: api },
  { route: "/api/v1/vehicles/[id]", method: "PATCH", access: api },
];

export type ApiScope = "public" | "READ" | "READ_WRITE" | "ADMIN";

export interface ApiRow {
  method: Method;
  /** as the OpenAPI document writes it: /customers/{id} */
  path: string;
  /** the least key scope that may call it */
  scope: ApiScope;
  /** the record {id} names, in WorkshopTargets */
  id?: keyof WorkshopTargets;
  body?: Body;
  /** the body names records (ids) of a workshop: with the target's ids it must answer 404 */
  bodyNamesRecords?: boolean;
  /** the attacker's own record, or own ids in the body, with one of the target's slipped in: 404 */
  mixed?: (own: WorkshopTargets, target: WorkshopTargets) => unknown;
  /** a query naming the target's records: the answer must show none of them */
  query?: (ids: WorkshopTargets) => string;
}

const nextWeek = () => new Date(Date.now() + 8 * 86_400_000).toISOString().slice(0, 10);

export const API: ApiRow[] = [
  { method: "GET", path: "/openapi.json", scope: "public" },
  { method: "GET", path: "/me", scope: "READ" },
  { method: "GET", path: "/customers", scope: "READ", query: (ids) => `q=${encodeURIComponent(ids.customerName)}` },
  { method: "POST", path: "/customers", scope: "READ_WRITE", body: () => ({ displayName: "Intruder Holdings", email: "intruder@example.test" }) },
  { method: "GET", path: "/customers/{id}", scope: "READ", id: "customerId" },
  { method: "PATCH", path: "/customers/{id}", scope: "READ_WRITE", id: "customerId", body: () => ({ displayName: "Hijacked customer" }) },
  { method: "GET", path: "/vehicles", scope: "READ", query: (ids) => `customerId=${ids.customerId}` },
  { method: "POST", path: "/vehicles", scope: "READ_WRITE", body: (ids) => ({ customerId: ids.customerId, registration: "HJ12 ACK" }), bodyNamesRecords: true },
  { method: "GET", path: "/vehicles/{id}", scope: "READ", id: "vehicleId" },
  { method: "PATCH", path: "/vehicles/{id}", scope: "READ_WRITE", id: "vehicleId", body: () => ({ model: "Hijacked" }) },
  { method: "GET", path: "/repair-orders", scope: "READ", query: (ids) => `customerId=${ids.customerId}` },
  {
    method: "POST", path: "/repair-orders", scope: "READ_WRITE", bodyNamesRecords: true,
    body: (ids) => ({ customerId: ids.customerId, vehicleId: ids.vehicleId, concerns: "Hijack" }),
    mixed: (own, target) => ({ customerId: own.customerId, vehicleId: target.vehicleId, billToCustomerId: own.customerId }),
  },
  { method: "GET", path: "/repair-orders/{id}", scope: "READ", id: "repairOrderId" },
  { method: "PATCH", path: "/repair-orders/{id}", scope: "READ_WRITE", id: "repairOrderId", body: () => ({ concerns: "Hijacked" }) },
  { method: "GET", path: "/appointments", scope: "READ", query: (ids) => `customerId=${ids.customerId}` },
  {
    method: "POST", path: "/appointments", scope: "READ_WRITE", bodyNamesRecords: true,
    body: (ids) => ({ locationId: ids.locationId, customerId: ids.customerId, vehicleId: ids.vehicleId, startsAt: `${nextWeek()}T14:00`, endsAt: `${nextWeek()}T15:00` }),
    mixed: (own, target) => ({ locationId: target.locationId, customerId: own.customerId, vehicleId: own.vehicleId, startsAt: `${nextWeek()}T14:00`, endsAt: `${nextWeek()}T15:00` }),
  },
  { method: "GET", path: "/appointments/{id}", scope: "READ", id: "appointmentId" },
  {
    method: "PATCH", path: "/appointments/{id}", scope: "READ_WRITE", id: "appointmentId", body: () => ({ concerns: "Hijacked" }),
    mixed: (_own, target) => ({ vehicleId: target.vehicleId }),
  },
  { method: "POST", path: "/privacy/exports", scope: "ADMIN", body: (ids) => ({ scope: "CUSTOMER", customerId: ids.customerId }), bodyNamesRecords: true },
  { method: "GET", path: "/privacy/exports/{id}", scope: "ADMIN", id: "exportId" },
  { method: "GET", path: "/privacy/exports/{id}/download", scope: "ADMIN", id: "exportId" },
];

/** The app route a v1 path is served by: /customers/{id} -> /api/v1/customers/[id]. */
export const apiRoute = (path: string) => `/api/v1${path.replace(/\{(\w+)\}/g, "[$1]")}`;
