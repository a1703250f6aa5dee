import { z } from "zod";
import { audit } from "@/lib/audit/audit";
import { withTenant } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { blankToUndefined } from "@/lib/forms/blank";
import { parseInput } from "@/lib/forms/parse-input";
import { isUuid } from "@/lib/ids";
import { actorOf, type OrgContext } from "@/lib/org/context";
import { authorize } from "@/lib/rbac";

export const ZCustomerContact = z
  .object({
    customerId: z.string().uuid(),
    name: z.string().trim().min(1, "Enter the contact's name.").max(200),
    role: z.preprocess(blankToUndefined, z.string().trim().max(100).optional()),
    email: z.preprocess(blankToUndefined, z.string().trim().toLowerCase().email("Enter a valid email address.").max(254).optional()),
    phone: z.preprocess(blankToUndefined, z.string().trim().regex(/^[+0-9 ()-]{5,30}$/, "Enter a phone number (digits, spaces, + - ( )).").optional()),
  })
  .refine((contact) => contact.email !== undefined || contact.phone !== undefined, { message: "Give an email or a phone number.", path: ["email"] });

/** A person to deal with at the customer (fleet manager, accounts, driver). Audited without the personal details. */
export async function addCustomerContact(ctx: OrgContext, raw: z.input<typeof ZCustomerContact>) {
  await authorize(ctx, "customer.update");
  const input = parseInput(ZCustomerContact, raw);
  return withTenant(ctx.orgId, async (tx) => {
    const customer = await tx.customer.findFirst({ where: { id: input.customerId }, select: { id: true } });
    if (!customer) throw new AppError("NOT_FOUND", "That customer was not found.");
    const contact = await tx.customerContact.create({
      data: { organizationId: ctx.orgId, customerId: customer.id, name: input.name, role: input.role ?? null, email: input.email ?? null, phone: input.phone ?? null },
    });
    await audit(tx, actorOf(ctx), "customerContact.create", { type: "CustomerContact", id: contact.id }, { customerId: customer.id });
    return contact;
  });
}

export async function removeCustomerContact(ctx: OrgContext, contactId: string) {
  await authorize(ctx, "customer.update");
  return withTenant(ctx.orgId, async (tx) => {
    const removed = isUuid(contactId) ? await tx.customerContact.deleteMany({ where: { id: contactId } }) : { count: 0 };
    if (removed.count !== 1) throw new AppError("NOT_FOUND", "That contact was not found.");
    await audit(tx, actorOf(ctx), "customerContact.delete", { type: "CustomerContact", id: contactId });
  });
}
