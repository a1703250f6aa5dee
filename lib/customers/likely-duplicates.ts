import { withTenant } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { Prisma } from "@/lib/generated/prisma/client";
import { isUuid } from "@/lib/ids";
import type { OrgContext } from "@/lib/org/context";
import { authorize } from "@/lib/rbac";
import { phoneKey } from "./phone-key";

export interface DuplicateCandidate {
  id: string;
  displayName: string;
  email: string | null;
  phone: string | null;
  vehicles: number;
  sameEmail: boolean;
  samePhone: boolean;
  nameScore: number;
}

/**
 * Other customers who are probably the same person or business: the same email, the same
 * phone (last nine digits) or a similar name (pg_trgm similarity), best first. Under RLS the
 * trigram indexes cannot serve `%` (see lib/search/search-workshop.ts), so this scans the
 * workshop's customers once: the customer page runs it only when asked.
 */
export async function likelyDuplicates(ctx: OrgContext, customerId: string, limit = 10): Promise<DuplicateCandidate[]> {
  await authorize(ctx, "customer.merge");
  return withTenant(ctx.orgId, async (tx) => {
    const customer = isUuid(customerId) ? await tx.customer.findFirst({ where: { id: customerId } }) : null;
    if (!customer) throw new AppError("NOT_FOUND", "That customer was not found.");
    const phone = phoneKey(customer.phone);
    const samePhone = phone ? Prisma.sql`right(regexp_replace(coalesce(c.phone, ''), '[^0-9]', '', 'g'), 9) = ${phone}` : Prisma.sql`false`;
    const sameEmail = customer.email ? Prisma.sql`coalesce(c.email = ${customer.email}, false)` : Prisma.sql`false`;
    return tx.$queryRaw<DuplicateCandidate[]>`
      SELECT c.id, c."displayName", c.email, c.phone,
             (SELECT count(*)::int FROM "Vehicle" v WHERE v."organizationId" = c."organizationId" AND v."customerId" = c.id) AS vehicles,
             (${sameEmail}) AS "sameEmail", (${samePhone}) AS "samePhone",
             similarity(c."displayName", ${customer.displayName})::float8 AS "nameScore"
        FROM "Customer" c
       WHERE c.id <> ${customer.id}::uuid
         AND ((${sameEmail}) OR (${samePhone}) OR c."displayName" % ${customer.displayName})
       ORDER BY "sameEmail" DESC, "samePhone" DESC, "nameScore" DESC, c."displayName" ASC
       LIMIT ${limit}`;
  });
}
