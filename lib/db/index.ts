export { db, createAppClient, type AppPrismaClient } from "./client";
export { tenantDb, withTenant, setTenant, setUser, scopeTransaction, tenantOf, type TenantTx, type TenantClient } from "./tenant";
export { CrossTenantAccessError } from "./tenant-scope";
export { TENANT_MODELS, isTenantModel, type TenantModel } from "./tenant-models";
export { listUserMemberships, type UserMembership } from "./user-memberships";
