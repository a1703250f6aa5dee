import { audit, type AuditActor } from "@/lib/audit/audit";
import { tenantOf, withTenant, type TenantTx } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { countQuotaRejection } from "@/lib/observability/count";
import { actorOf, type OrgContext } from "@/lib/org/context";
import { billingAccess, readOnlyError, type BillingState } from "./billing-access";
import { PLANS, planThatLifts, type QuotaResource } from "./plans";

/** How each counted resource is measured. */
const COUNTERS = {
  // Pending invitations hold a seat, so a workshop cannot invite past its plan.
  seats: async (tx: TenantTx) =>
    (await tx.membership.count()) + (await tx.invitation.count({ where: { acceptedAt: null, revokedAt: null, expiresAt: { gt: new Date() } } })),
  members: async (tx: TenantTx) => tx.membership.count(),
  customers: async (tx: TenantTx) => tx.customer.count(),
  locations: async (tx: TenantTx) => tx.location.count(),
  // The calendar month in the workshop's own time zone.
  repairOrdersThisMonth: async (tx: TenantTx) => {
    const [row] = await tx.$queryRaw<Array<{ count: bigint }>>`
      SELECT count(*) AS count FROM "RepairOrder" r JOIN "Organization" o ON o.id = r."organizationId"
       WHERE r."createdAt" >= (date_trunc('month', now() AT TIME ZONE o.timezone) AT TIME ZONE o.timezone)`;
    return Number(row?.count ?? 0);
  },
  // Bytes of every stored photo; the rows are deleted with their objects, so this is what is kept.
  storageBytes: async (tx: TenantTx) => (await tx.attachment.aggregate({ _sum: { byteSize: true } }))._sum.byteSize ?? 0,
} as const;

export type CountedResource = keyof typeof COUNTERS;

const LIMIT_OF: Record<CountedResource, QuotaResource> = {
  seats: "seats", members: "seats", customers: "customers", locations: "locations", repairOrdersThisMonth: "repairOrdersPerMonth",
  storageBytes: "storageBytes",
};

const UNITS: Record<QuotaResource, [string, string]> = {
  seats: ["member", "members"],
  repairOrdersPerMonth: ["repair order a month", "repair orders a month"],
  customers: ["customer", "customers"],
  locations: ["location", "locations"],
  storageBytes: ["byte of attachments", "bytes of attachments"],
};

const GB = 1024 ** 3;

/** "3 customers"; storage in GB, as the plans are sold. */
function allowance(resource: QuotaResource, limit: number): string {
  if (resource === "storageBytes" && limit >= GB) return `${Math.round(limit / GB).toLocaleString("en-GB")} GB of attachment storage`;
  const [one, many] = UNITS[resource];
  return `${limit} ${limit === 1 ? one : many}`;
}

export class QuotaExceededError extends AppError {
  constructor(readonly resource: QuotaResource, readonly limit: number, readonly plan: string, upgrade: string | null) {
    super(
      "QUOTA_EXCEEDED",
      `Your ${PLANS[plan as keyof typeof PLANS].label} plan allows ${allowance(resource, limit)}.` +
        (upgrade ? ` Upgrade to ${PLANS[upgrade as keyof typeof PLANS].label} for more.` : ""),
    );
  }
}

export async function usageOf(tx: TenantTx, resource: CountedResource): Promise<number> {
  return COUNTERS[resource](tx);
}

/**
 * Checked inside the transaction of the create it guards, under a lock per
 * workshop and resource, so two concurrent creates cannot both take the last
 * free slot. Also refuses creates while the workshop is read-only for non-payment.
 */
export async function assertQuota(tx: TenantTx, resource: CountedResource, adding = 1): Promise<void> {
  const orgId = tenantOf(tx);
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`quota:${orgId}:${LIMIT_OF[resource]}`}, 0))`;
  // Read inside this transaction: a second connection here, while others hold the pool waiting on the
  // lock above, would deadlock the pool.
  const [org] = await tx.$queryRaw<BillingState[]>`
    SELECT plan, "subscriptionStatus", "pastDueSince", "trialEndsAt" FROM "Organization" WHERE id = ${orgId}::uuid`;
  if (!org) throw new AppError("NOT_FOUND", "Workshop not found");
  if (billingAccess(org).readOnly) throw readOnlyError();
  const limit = PLANS[org.plan][LIMIT_OF[resource]];
  const used = await usageOf(tx, resource);
  if (used + adding > limit) {
    countQuotaRejection(LIMIT_OF[resource]);
    throw new QuotaExceededError(LIMIT_OF[resource], limit, org.plan, planThatLifts(LIMIT_OF[resource], used + adding));
  }
}

/**
 * Runs a create in one workshop transaction; when a quota stops it, records
 * QUOTA_EXCEEDED after the rollback (so the refusal is audited even though the
 * create left nothing behind).
 */
export async function withQuotaAudit<T>(ctx: OrgContext | AuditActor, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof QuotaExceededError || (error instanceof AppError && error.code === "READ_ONLY")) {
      const actor = "role" in ctx ? actorOf(ctx) : ctx;
      await withTenant(ctx.orgId, (tx) =>
        audit(tx, actor, "QUOTA_EXCEEDED", null, {
          resource: error instanceof QuotaExceededError ? error.resource : "readOnly",
          limit: error instanceof QuotaExceededError ? error.limit : 0,
        }),
      );
    }
    throw error;
  }
}
