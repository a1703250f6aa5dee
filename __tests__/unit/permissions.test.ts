import { PERMISSIONS, ROLES_BY_RANK, hasPermission } from "@/lib/rbac/permissions";
import { canAssignRole, canRemoveMember } from "@/lib/rbac/role-rules";

// The whole permission table, as a reviewer reads it: x = granted.
const MATRIX = `
permission            OWNER ADMIN ADVISOR TECH VIEWER
member.read             x     x     x      .     .
member.invite           x     x     .      .     .
member.updateRole       x     x     .      .     .
member.remove           x     x     .      .     .
ownership.transfer      x     .     .      .     .
billing.read            x     x     .      .     .
billing.manage          x     .     .      .     .
settings.read           x     x     x      .     .
settings.update         x     x     .      .     .
customer.read           x     x     x      x     x
customer.create         x     x     x      .     .
customer.update         x     x     x      .     .
customer.delete         x     x     .      .     .
customer.merge          x     x     x      .     .
vehicle.read            x     x     x      x     x
vehicle.create          x     x     x      .     .
vehicle.update          x     x     x      .     .
vehicle.delete          x     x     .      .     .
appointment.read        x     x     x      x     x
appointment.create      x     x     x      .     .
appointment.update      x     x     x      .     .
appointment.cancel      x     x     x      .     .
repairOrder.read        x     x     x      x     x
repairOrder.create      x     x     x      .     .
repairOrder.update      x     x     x      x     .
repairOrder.cancel      x     x     x      .     .
repairOrder.close       x     x     x      .     .
approval.send           x     x     x      .     .
approval.record         x     x     x      .     .
inspection.read         x     x     x      x     x
inspection.create       x     x     x      x     .
inspection.update       x     x     x      x     .
timeEntry.read          x     x     x      x     x
timeEntry.clock         x     x     .      x     .
timeEntry.manage        x     x     x      .     .
part.read               x     x     x      x     x
part.create             x     x     x      .     .
part.update             x     x     x      .     .
part.adjustStock        x     x     x      .     .
purchaseOrder.manage    x     x     x      .     .
invoice.read            x     x     x      .     x
invoice.create          x     x     x      .     .
invoice.issue           x     x     x      .     .
invoice.void            x     x     .      .     .
payment.read            x     x     x      .     x
payment.record          x     x     x      .     .
payment.refund          x     x     .      .     .
report.read             x     x     x      .     x
auditLog.read           x     x     .      .     .
auditLog.export         x     x     .      .     .
gdpr.export             x     x     .      .     .
gdpr.erase              x     x     .      .     .
organization.close      x     .     .      .     .
apiKey.read             x     x     .      .     .
apiKey.manage           x     x     .      .     .
`;

const rows = MATRIX.trim().split("\n").slice(1).map((line) => line.trim().split(/\s+/));

test("the matrix lists every permission exactly once", () => {
  expect(rows.map(([permission]) => permission).sort()).toEqual([...PERMISSIONS].sort());
});

test.each(rows)("%s is granted exactly as the matrix says", (permission, ...marks) => {
  const granted = ROLES_BY_RANK.map((role) => hasPermission(role, permission));
  expect(granted).toEqual(marks.map((mark) => mark === "x"));
});

test("anything unknown grants nothing (fails closed)", () => {
  expect(hasPermission("OWNER", "customer.teleport")).toBe(false);
  expect(hasPermission("SUPERUSER", "customer.read")).toBe(false);
  expect(hasPermission(undefined, "customer.read")).toBe(false);
  expect(hasPermission("OWNER", { toString: () => "customer.read" })).toBe(false);
});

test("nobody grants a role above their own or changes someone above them", () => {
  expect(canAssignRole("ADMIN", "TECHNICIAN", "ADMIN")).toBe(true);
  expect(canAssignRole("ADMIN", "TECHNICIAN", "OWNER")).toBe(false);
  expect(canAssignRole("ADMIN", "OWNER", "ADMIN")).toBe(false);
  expect(canAssignRole("OWNER", "ADMIN", "OWNER")).toBe(true);
  expect(canAssignRole("SERVICE_ADVISOR", null, "TECHNICIAN")).toBe(true);
  expect(canRemoveMember("ADMIN", "OWNER")).toBe(false);
  expect(canRemoveMember("ADMIN", "ADMIN")).toBe(true);
});
