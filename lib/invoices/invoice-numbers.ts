import type { Prisma } from "@/lib/generated/prisma/client";
import type { InvoiceKind } from "@/lib/generated/prisma/client";

/**
 * Takes the next number of a series from the workshop's row, inside the
 * caller's transaction: the row lock serializes issuers, so numbers never
 * collide, and a rolled-back issue gives its number back (no gaps).
 */
export async function takeInvoiceNumber(global: Prisma.TransactionClient, orgId: string, kind: InvoiceKind): Promise<number> {
  const rows =
    kind === "INVOICE"
      ? await global.$queryRaw<Array<{ number: number }>>`
          UPDATE "Organization" SET "nextInvoiceNumber" = "nextInvoiceNumber" + 1
           WHERE id = ${orgId}::uuid RETURNING "nextInvoiceNumber" - 1 AS number`
      : await global.$queryRaw<Array<{ number: number }>>`
          UPDATE "Organization" SET "nextCreditNoteNumber" = "nextCreditNoteNumber" + 1
           WHERE id = ${orgId}::uuid RETURNING "nextCreditNoteNumber" - 1 AS number`;
  return rows[0]!.number;
}

export const documentLabel = (kind: InvoiceKind, number: number) => (kind === "INVOICE" ? `Invoice ${number}` : `Credit note ${number}`);
