import { db, withTenant } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { isUuid } from "@/lib/ids";
import type { OrgContext } from "@/lib/org/context";

const same = (typed: string, expected: string) => typed.trim().replace(/\s+/g, " ") === expected.trim().replace(/\s+/g, " ");

/** Erasing cannot be undone once it runs: the person's name, typed as shown, confirms the right customer. */
export async function confirmCustomerName(ctx: OrgContext, customerId: string, typed: string): Promise<void> {
  const customer = isUuid(customerId)
    ? await withTenant(ctx.orgId, (tx) => tx.customer.findFirst({ where: { id: customerId }, select: { displayName: true } }))
    : null;
  if (!customer) throw new AppError("NOT_FOUND", "That customer was not found.");
  if (!same(typed, customer.displayName)) {
    throw new AppError("VALIDATION_FAILED", "Type the customer's name to confirm.", {
      fields: { confirmName: `Type the name exactly as shown: ${customer.displayName}` },
    });
  }
}

/** Closing deletes the workshop: its address (the slug), typed, confirms it. */
export async function confirmWorkshopSlug(ctx: OrgContext, typed: string): Promise<void> {
  const { slug } = await db().organization.findUniqueOrThrow({ where: { id: ctx.orgId }, select: { slug: true } });
  if (typed.trim() !== slug) {
    throw new AppError("VALIDATION_FAILED", "Type the workshop's address to confirm.", { fields: { confirmSlug: `Type ${slug} to confirm.` } });
  }
}
