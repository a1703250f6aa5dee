import { z } from "zod";
import { withTenant } from "@/lib/db";
import type { OrgContext } from "@/lib/org/context";
import { authorize } from "@/lib/rbac";

export const ZSearch = z.string().trim().min(2, "Type at least 2 characters.").max(100);

export interface SearchHit {
  kind: "customer" | "vehicle";
  id: string;
  customerId: string;
  title: string;
  detail: string;
  score: number;
}

/**
 * One box for everything a front desk types: a name with a typo, part of an
 * email or phone number, a plate with or without its space, a full VIN or its
 * last six characters. Trigram indexes (pg_trgm) keep it fast; RLS keeps it to
 * this workshop.
 */
export async function searchWorkshop(ctx: OrgContext, raw: string): Promise<SearchHit[]> {
  await authorize(ctx, "customer.read");
  const q = ZSearch.parse(raw);
  const like = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const compact = q.replace(/\s+/g, "").toUpperCase();
  const compactLike = `%${compact.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return withTenant(ctx.orgId, (tx) =>
    tx.$queryRaw<SearchHit[]>`
      SELECT * FROM (
        SELECT 'customer' AS kind, c.id, c.id AS "customerId", c."displayName" AS title,
               concat_ws(' · ', c.email, c.phone) AS detail,
               greatest(similarity(c."displayName", ${q}), similarity(coalesce(c.email, ''), ${q}), similarity(coalesce(c.phone, ''), ${q}))::float8 AS score
          FROM "Customer" c
         WHERE c."displayName" % ${q} OR c."displayName" ILIKE ${like} OR c.email ILIKE ${like} OR c.phone ILIKE ${like}
        UNION ALL
        SELECT 'vehicle', v.id, v."customerId", coalesce(v.registration, v.vin),
               concat_ws(' ', v.make, v.model, v.year::text, v.vin),
               greatest(similarity(coalesce(v.registration, ''), ${q}), CASE WHEN v.vin LIKE ${compactLike} THEN 1 ELSE 0 END)::float8
          FROM "Vehicle" v
         WHERE v.registration % ${q} OR v.registration ILIKE ${like} OR replace(v.registration, ' ', '') ILIKE ${compactLike}
            OR v.vin LIKE ${compactLike}
      ) hits
      ORDER BY score DESC, title ASC
      LIMIT 20`,
  );
}
