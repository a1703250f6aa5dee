import type { Role } from "@/lib/generated/prisma/client";
import { roleRank } from "./permissions";

/** Nobody grants a role above their own, nor changes someone who outranks them. */
export function canAssignRole(actor: Role, currentRole: Role | null, newRole: Role): boolean {
  if (roleRank(newRole) > roleRank(actor)) return false;
  if (currentRole !== null && roleRank(currentRole) > roleRank(actor)) return false;
  return true;
}

/** A member may remove someone of their own rank or below. */
export function canRemoveMember(actor: Role, target: Role): boolean {
  return roleRank(target) <= roleRank(actor);
}
