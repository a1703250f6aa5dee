import { withTenant } from "@/lib/db";
import type { OrgContext } from "@/lib/org/context";
import { authorize } from "@/lib/rbac";

/** The export form's customer picker: a few customers by part of their name, email, phone or a car's plate. */
export async function findExportCustomers(ctx: OrgContext, q: string) {
  await authorize(ctx, "gdpr.export");
  const term = q.trim().slice(0, 100);
  if (term.length < 2) return [];
  const contains = { contains: term, mode: "insensitive" } as const;
  const plate = term.replace(/\s+/g, "").toUpperCase();
  return withTenant(ctx.orgId, (tx) =>
    tx.customer.findMany({
      where: { OR: [{ displayName: contains }, { email: contains }, { phone: contains }, { vehicles: { some: { registrationKey: { contains: plate } } } }] },
      orderBy: [{ displayName: "asc" }, { id: "asc" }],
      take: 8,
      select: { id: true, displayName: true, email: true, phone: true },
    }),
  );
}

export type ExportCustomer = Awaited<ReturnType<typeof findExportCustomers>>[number];
