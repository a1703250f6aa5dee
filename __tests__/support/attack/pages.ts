// Every page of the app (app/**/page.tsx) and who may open it. The attack suite
// fails on a page missing here, and checks each workshop page's permission
// against the one its file asks requirePermission for.
import type { Permission } from "@/lib/rbac/permissions";

export type PageAccess =
  /** a workshop page: a member whose role holds the permission */
  | { kind: "member"; permission: Permission }
  /** the signed-in person's own account, in no workshop */
  | { kind: "account" }
  /** anyone: sign-in, sign-up, the customer's estimate, online booking… */
  | { kind: "public" };

export interface PageRow {
  /** the page's folder under app/, as Next names the route: /[orgSlug]/customers/[customerId] */
  page: string;
  access: PageAccess;
}

const member = (permission: Permission): PageAccess => ({ kind: "member", permission });

export const PAGES: PageRow[] = [
  { page: "/[orgSlug]", access: member("repairOrder.read") },
  { page: "/[orgSlug]/appointments", access: member("appointment.read") },
  { page: "/[orgSlug]/appointments/[appointmentId]", access: member("appointment.read") },
  { page: "/[orgSlug]/canned-jobs", access: member("invoice.create") },
  { page: "/[orgSlug]/customers", access: member("customer.read") },
  { page: "/[orgSlug]/customers/new", access: member("customer.create") },
  { page: "/[orgSlug]/customers/[customerId]", access: member("customer.read") },
  { page: "/[orgSlug]/invoices", access: member("invoice.read") },
  { page: "/[orgSlug]/invoices/[invoiceId]", access: member("invoice.read") },
  { page: "/[orgSlug]/my-work", access: member("timeEntry.clock") },
  { page: "/[orgSlug]/parts", access: member("part.read") },
  { page: "/[orgSlug]/parts/low-stock", access: member("part.read") },
  { page: "/[orgSlug]/parts/new", access: member("part.create") },
  { page: "/[orgSlug]/parts/[partId]", access: member("part.read") },
  { page: "/[orgSlug]/purchase-orders", access: member("purchaseOrder.manage") },
  { page: "/[orgSlug]/purchase-orders/new", access: member("purchaseOrder.manage") },
  { page: "/[orgSlug]/purchase-orders/[purchaseOrderId]", access: member("purchaseOrder.manage") },
  { page: "/[orgSlug]/reminders", access: member("customer.read") },
  { page: "/[orgSlug]/repair-orders", access: member("repairOrder.read") },
  { page: "/[orgSlug]/repair-orders/[repairOrderId]", access: member("repairOrder.read") },
  { page: "/[orgSlug]/repair-orders/[repairOrderId]/inspections/[inspectionId]", access: member("inspection.read") },
  { page: "/[orgSlug]/reports", access: member("report.read") },
  { page: "/[orgSlug]/search", access: member("customer.read") },
  { page: "/[orgSlug]/settings/api-keys", access: member("apiKey.read") },
  { page: "/[orgSlug]/settings/audit-log", access: member("auditLog.read") },
  { page: "/[orgSlug]/settings/audit-log/[seq]", access: member("auditLog.read") },
  { page: "/[orgSlug]/settings/billing", access: member("billing.manage") },
  { page: "/[orgSlug]/settings/booking", access: member("settings.read") },
  { page: "/[orgSlug]/settings/inspections", access: member("settings.update") },
  { page: "/[orgSlug]/settings/members", access: member("member.read") },
  { page: "/[orgSlug]/settings/privacy", access: member("gdpr.export") },
  { page: "/[orgSlug]/settings/workshop", access: member("settings.read") },
  { page: "/[orgSlug]/suppliers", access: member("purchaseOrder.manage") },
  { page: "/[orgSlug]/suppliers/[supplierId]", access: member("purchaseOrder.manage") },
  { page: "/[orgSlug]/time-entries", access: member("timeEntry.manage") },
  { page: "/account/profile", access: { kind: "account" } },
  { page: "/account/security", access: { kind: "account" } },
  { page: "/", access: { kind: "public" } },
  { page: "/book/[orgSlug]", access: { kind: "public" } },
  { page: "/book/[orgSlug]/received", access: { kind: "public" } },
  { page: "/dev/outbox", access: { kind: "public" } },
  { page: "/developers/api", access: { kind: "public" } },
  { page: "/estimate/[orgSlug]/[token]", access: { kind: "public" } },
  { page: "/forgot-password", access: { kind: "public" } },
  { page: "/invitations/accept", access: { kind: "public" } },
  { page: "/reset-password", access: { kind: "public" } },
  { page: "/sign-in", access: { kind: "public" } },
  { page: "/sign-up", access: { kind: "public" } },
];

const emailStart = (target: QueryIds) => encodeURIComponent(target.customerEmail.split("@")[0]!);

/** The ids a query string can carry: the other workshop's (target) and, for a page about one record, the member's own. */
export interface QueryIds { customerId: string; customerEmail: string; vehicleId: string; locationId: string; userId: string }

/**
 * Pages whose query string names another workshop's record: the page (the
 * member's own, with their own ids in the path) shows nothing of it, or
 * answers 404 where the id picks what the page is about. Searches look for the
 * start of the target's email, which the page echoes; its name or whole email
 * can only appear if a record leaked.
 */
export const PAGE_QUERIES: Array<{ page: string; label: string; status: 200 | 404; query: (target: QueryIds, own: QueryIds) => string }> = [
  { page: "/[orgSlug]/settings/privacy", label: "export preselects B's customer", status: 200, query: (target) => `customerId=${target.customerId}` },
  { page: "/[orgSlug]/customers", label: "customer search for B's email", status: 200, query: (target) => `q=${emailStart(target)}` },
  { page: "/[orgSlug]/search", label: "global search for B's email", status: 200, query: (target) => `q=${emailStart(target)}` },
  { page: "/[orgSlug]/customers/[customerId]", label: "merge preview with B's customer", status: 200, query: (target) => `mergeId=${target.customerId}` },
  { page: "/[orgSlug]/customers/[customerId]", label: "merge finder for B's email", status: 200, query: (target) => `mergeQ=${emailStart(target)}` },
  {
    page: "/[orgSlug]/customers/[customerId]", label: "vehicle merge with B's vehicle", status: 200,
    query: (target, own) => `keepVehicle=${own.vehicleId}&mergeVehicle=${target.vehicleId}`,
  },
  { page: "/[orgSlug]/repair-orders", label: "job board filtered by B's owner", status: 200, query: (target) => `technician=${target.userId}` },
  { page: "/[orgSlug]/appointments", label: "calendar of B's location", status: 404, query: (target) => `location=${target.locationId}&view=week` },
];

/**
 * The public pages' hostile visits: each public page above has at least one,
 * with made-up or another workshop's tokens. The dev outbox (which holds every
 * email, estimate links among them) must not exist in production.
 */
export const PUBLIC_PAGE_PROBES: Array<{ page: string; url: (target: { orgSlug: string }) => string; status: 200 | 404 }> = [
  { page: "/", url: () => "/", status: 200 },
  { page: "/sign-in", url: () => "/sign-in?callbackUrl=%2F", status: 200 },
  { page: "/sign-up", url: () => "/sign-up", status: 200 },
  { page: "/forgot-password", url: () => "/forgot-password", status: 200 },
  { page: "/reset-password", url: () => "/reset-password?token=forged-reset-token", status: 200 },
  { page: "/invitations/accept", url: (target) => `/invitations/accept?org=${target.orgSlug}&token=forged-invitation-token`, status: 200 },
  { page: "/dev/outbox", url: () => "/dev/outbox", status: 404 },
  { page: "/developers/api", url: () => "/developers/api", status: 200 },
  { page: "/book/[orgSlug]", url: () => "/book/no-such-workshop", status: 404 },
  { page: "/book/[orgSlug]/received", url: () => "/book/no-such-workshop/received", status: 404 },
  { page: "/estimate/[orgSlug]/[token]", url: (target) => `/estimate/${target.orgSlug}/forged-estimate-token`, status: 200 },
];
