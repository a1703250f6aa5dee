import { withTenant } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { isUuid } from "@/lib/ids";
import type { OrgContext } from "@/lib/org/context";
import { authorize } from "@/lib/rbac";
import { invoiceBalance } from "./balance";
import type { DocumentSnapshot } from "./snapshot";

/** An invoice or credit note with its payments, credit notes and what is still owed. */
export async function invoiceView(ctx: OrgContext, invoiceId: string) {
  await authorize(ctx, "invoice.read");
  return withTenant(ctx.orgId, async (tx) => {
    const invoice = isUuid(invoiceId)
      ? await tx.invoice.findFirst({
          where: { id: invoiceId },
          include: {
            payments: { orderBy: { receivedAt: "asc" } },
            creditNotes: { select: { id: true, number: true, grossMinor: true, issuedAt: true } },
            creditedInvoice: { select: { id: true, number: true } },
          },
        })
      : null;
    if (!invoice) throw new AppError("NOT_FOUND", "That invoice was not found.");
    const money = invoice.kind === "INVOICE" ? await invoiceBalance(tx, invoice.id, invoice.grossMinor) : null;
    return { invoice, snapshot: invoice.snapshot as unknown as DocumentSnapshot, money };
  });
}

/** The newest invoices first, with what is still owed on each. */
export async function listInvoices(ctx: OrgContext, options: { unpaidOnly?: boolean } = {}) {
  await authorize(ctx, "invoice.read");
  return withTenant(ctx.orgId, async (tx) => {
    const rows = await tx.$queryRaw<Array<{ id: string; kind: "INVOICE" | "CREDIT_NOTE"; number: number; customerName: string; repairOrderNumber: number; issuedAt: Date; dueAt: Date; grossMinor: number; balanceMinor: number; credited: boolean }>>`
      SELECT * FROM (
      SELECT i.id, i.kind, i.number, c."displayName" AS "customerName", ro.number AS "repairOrderNumber", i."issuedAt", i."dueAt", i."grossMinor",
             (CASE WHEN i.kind = 'INVOICE'
                   THEN i."grossMinor"
                        + coalesce((SELECT sum(cn."grossMinor") FROM "Invoice" cn WHERE cn."organizationId" = i."organizationId" AND cn."creditedInvoiceId" = i.id), 0)
                        - coalesce((SELECT sum(p."amountMinor") FROM "Payment" p WHERE p."organizationId" = i."organizationId" AND p."invoiceId" = i.id), 0)
                   ELSE 0 END)::int AS "balanceMinor",
             EXISTS (SELECT 1 FROM "Invoice" cn WHERE cn."organizationId" = i."organizationId" AND cn."creditedInvoiceId" = i.id) AS credited
        FROM "Invoice" i
        JOIN "Customer" c ON c."organizationId" = i."organizationId" AND c.id = i."customerId"
        JOIN "RepairOrder" ro ON ro."organizationId" = i."organizationId" AND ro.id = i."repairOrderId"
      ) listed
       WHERE ${options.unpaidOnly ?? false} = false OR listed."balanceMinor" > 0
       ORDER BY listed."issuedAt" DESC
       LIMIT 200`;
    return rows;
  });
}
