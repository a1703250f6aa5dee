import type { Role } from "@/lib/generated/prisma/client";

const LABELS: Record<Role, string> = {
  OWNER: "Owner",
  ADMIN: "Admin",
  SERVICE_ADVISOR: "Service advisor",
  TECHNICIAN: "Technician",
  VIEWER: "Viewer",
};

export const roleLabel = (role: Role) => LABELS[role];
export const ROLE_OPTIONS = (Object.keys(LABELS) as Role[]).map((role) => ({ value: role, label: LABELS[role] }));
