import { Prisma } from "@/lib/generated/prisma/client";
import { db, type AppPrismaClient } from "./client";
import { isTenantModel } from "./tenant-models";
import { CrossTenantAccessError, scopeArgs } from "./tenant-scope";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const TENANT = Symbol("awms.tenant");
const modelNames: ReadonlySet<string> = new Set(Object.values(Prisma.ModelName));

/** A transaction whose every tenant-model operation is scoped to one organization. */
export type TenantTx = Prisma.TransactionClient & { readonly [TENANT]: string };

function assertOrgId(orgId: string) {
  if (!UUID.test(orgId)) throw new CrossTenantAccessError("organization id is not a UUID");
}

/** The organization a scoped transaction belongs to. */
export function tenantOf(tx: TenantTx): string {
  return tx[TENANT];
}

/**
 * Names the organization for RLS until the surrounding transaction ends.
 * Transaction-local (is_local = true), so a pooled connection, pgbouncer in
 * transaction mode included, never carries it into another request.
 */
export function setTenant(tx: Prisma.TransactionClient | AppPrismaClient, orgId: string) {
  assertOrgId(orgId);
  return tx.$executeRaw`SELECT set_config('app.org_id', ${orgId}, true)`;
}

/** Lets the transaction read the user's own memberships across workshops (and nothing else). */
export function setUser(tx: Prisma.TransactionClient, userId: string) {
  if (!UUID.test(userId)) throw new CrossTenantAccessError("user id is not a UUID");
  return tx.$executeRaw`SELECT set_config('app.user_id', ${userId}, true)`;
}

function modelOf(property: string | symbol): string | undefined {
  if (typeof property !== "string" || property.startsWith("$")) return undefined;
  const model = property.charAt(0).toUpperCase() + property.slice(1);
  return modelNames.has(model) ? model : undefined;
}

/** Wraps an interactive transaction (already setTenant'ed) so tenant-model calls are scoped. */
export function scopeTransaction(tx: Prisma.TransactionClient, orgId: string): TenantTx {
  assertOrgId(orgId);
  return new Proxy(tx, {
    get(target, property, receiver) {
      if (property === TENANT) return orgId;
      const value: unknown = Reflect.get(target, property, receiver);
      const model = modelOf(property);
      if (!model) return value;
      if (!isTenantModel(model)) {
        throw new CrossTenantAccessError(`${model} is a global table: use db() outside the tenant transaction`);
      }
      const delegate = value as Record<string, unknown>;
      return new Proxy(delegate, {
        get(innerTarget, operation) {
          const method = innerTarget[operation as string];
          if (typeof method !== "function" || typeof operation !== "string") return method;
          return (args?: unknown) => method.call(innerTarget, scopeArgs(operation, args, orgId));
        },
      });
    },
  }) as TenantTx;
}

/**
 * One transaction for a unit of work in one workshop: RLS context, scoped
 * models, and the audit entry (lib/audit) all commit or roll back together.
 * `global` is the same transaction unscoped, for global tables (the workshop's
 * own Organization row, users) that must change with it.
 */
export async function withTenant<T>(
  orgId: string,
  work: (tx: TenantTx, global: Prisma.TransactionClient) => Promise<T>,
  options: { client?: AppPrismaClient; timeoutMs?: number; isolationLevel?: Prisma.TransactionIsolationLevel } = {},
): Promise<T> {
  assertOrgId(orgId);
  const client = options.client ?? db();
  return client.$transaction(
    async (tx) => {
      await setTenant(tx, orgId);
      return work(scopeTransaction(tx, orgId), tx);
    },
    // maxWait: under load a transaction may queue for a pooled connection longer than Prisma's 2 s default.
    { timeout: options.timeoutMs ?? 10_000, maxWait: 10_000, isolationLevel: options.isolationLevel },
  );
}

/**
 * A client scoped to one organization for single queries: each runs in its
 * own short transaction that first sets app.org_id. Global models are refused.
 * For several statements that must commit together, use withTenant.
 */
export function tenantDb(orgId: string, client: AppPrismaClient = db()) {
  assertOrgId(orgId);
  return client.$extends({
    name: "tenant",
    query: {
      async $allOperations({ model, operation, args, query }) {
        if (model !== undefined && !isTenantModel(model)) {
          throw new CrossTenantAccessError(`${model} is a global table: use db()`);
        }
        const scoped = model === undefined ? args : scopeArgs(operation, args, orgId);
        const [, result] = await client.$transaction([setTenant(client, orgId), query(scoped)]);
        return result;
      },
    },
  });
}

export type TenantClient = ReturnType<typeof tenantDb>;
