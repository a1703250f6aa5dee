export { PERMISSIONS, ROLE_PERMISSIONS, ROLES_BY_RANK, hasPermission, roleRank, type Permission } from "./permissions";
export { canAssignRole, canRemoveMember } from "./role-rules";
export { authorize, can } from "./authorize";
