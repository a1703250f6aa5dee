import type { Role } from "@/lib/generated/prisma/client";

/** Every `resource.action` in the product. Warning: adding one grants it to nobody until listed below. */
export const PERMISSIONS = [
  "member.read", "member.invite", "member.updateRole", "member.remove", "ownership.transfer",
  "billing.read", "billing.manage",
  "settings.read", "settings.update",
  "customer.read", "customer.create", "customer.update", "customer.delete", "customer.merge",
  "vehicle.read", "vehicle.create", "vehicle.update", "vehicle.delete",
  "appointment.read", "appointment.create", "appointment.update", "appointment.cancel",
  "repairOrder.read", "repairOrder.create", "repairOrder.update", "repairOrder.cancel", "repairOrder.close",
  "approval.send", "approval.record",
  "inspection.read", "inspection.create", "inspection.update",
  "timeEntry.read", "timeEntry.clock", "timeEntry.manage",
  "part.read", "part.create", "part.update", "part.adjustStock", "purchaseOrder.manage",
  "invoice.read", "invoice.create", "invoice.issue", "invoice.void",
  "payment.read", "payment.record", "payment.refund",
  "report.read",
  "auditLog.read", "auditLog.export",
  "gdpr.export", "gdpr.erase", "organization.close",
  "apiKey.read", "apiKey.manage",
] as const;

export type Permission = (typeof PERMISSIONS)[number];

/** Warning: the order of this array sets role rank (index 0 is the highest). */
export const ROLES_BY_RANK = ["OWNER", "ADMIN", "SERVICE_ADVISOR", "TECHNICIAN", "VIEWER"] as const satisfies readonly Role[];

const READ_WORKSHOP: Permission[] = [
  "customer.read", "vehicle.read", "appointment.read", "repairOrder.read", "inspection.read",
  "part.read", "timeEntry.read",
];

const RUN_FRONT_DESK: Permission[] = [
  ...READ_WORKSHOP,
  "member.read", "settings.read",
  "customer.create", "customer.update", "customer.merge",
  "vehicle.create", "vehicle.update",
  "appointment.create", "appointment.update", "appointment.cancel",
  "repairOrder.create", "repairOrder.update", "repairOrder.cancel", "repairOrder.close",
  "approval.send", "approval.record",
  "inspection.create", "inspection.update",
  "timeEntry.manage",
  "part.create", "part.update", "part.adjustStock", "purchaseOrder.manage",
  "invoice.read", "invoice.create", "invoice.issue",
  "payment.read", "payment.record",
  "report.read",
];

const OWNER_ONLY: Permission[] = ["billing.manage", "ownership.transfer", "organization.close"];

export const ROLE_PERMISSIONS = {
  OWNER: [...PERMISSIONS],
  ADMIN: PERMISSIONS.filter((permission) => !OWNER_ONLY.includes(permission)),
  SERVICE_ADVISOR: RUN_FRONT_DESK,
  TECHNICIAN: [...READ_WORKSHOP, "inspection.create", "inspection.update", "repairOrder.update", "timeEntry.clock"],
  VIEWER: [...READ_WORKSHOP, "invoice.read", "payment.read", "report.read"],
} as const satisfies Record<Role, readonly Permission[]>;

const grants: ReadonlyMap<string, ReadonlySet<string>> = new Map(
  Object.entries(ROLE_PERMISSIONS).map(([role, permissions]) => [role, new Set<string>(permissions)]),
);

/** False for anything it does not recognise: an unknown role or permission grants nothing. */
export function hasPermission(role: unknown, permission: unknown): boolean {
  if (typeof role !== "string" || typeof permission !== "string") return false;
  return grants.get(role)?.has(permission) ?? false;
}

export function roleRank(role: Role): number {
  const index = (ROLES_BY_RANK as readonly string[]).indexOf(role);
  if (index < 0) throw new Error(`unknown role ${role}`);
  return ROLES_BY_RANK.length - index;
}
