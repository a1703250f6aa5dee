import { z } from "zod";
import { audit } from "@/lib/audit/audit";
import { changedFields } from "@/lib/audit/changed-fields";
import { withTenant } from "@/lib/db";
import { blankToUndefined } from "@/lib/forms/blank";
import { parseInput } from "@/lib/forms/parse-input";
import { authorize } from "@/lib/rbac";
import { money, rate } from "@/lib/repair-orders/edit-jobs";
import { actorOf, type OrgContext } from "./context";

const optionalText = (max: number) => z.preprocess(blankToUndefined, z.string().trim().max(max).optional());

/** What estimates and invoices print about the workshop, and how it prices work. */
export const ZWorkshopDetails = z.object({
  addressLine1: optionalText(200),
  city: optionalText(100),
  postcode: optionalText(20),
  phone: optionalText(40),
  email: z.preprocess(blankToUndefined, z.string().trim().toLowerCase().email("Enter a valid email address.").max(254).optional()),
  taxNumber: optionalText(40),
  pricesIncludeTax: z.enum(["yes", "no"], { message: "Choose how prices are entered." }),
  defaultTaxRate: rate,
  labourRate: money.refine((minor) => minor > 0, "Enter the hourly labour rate."),
});

/** Applies to work priced from now on; issued invoices keep their snapshot. */
export async function updateWorkshopDetails(ctx: OrgContext, raw: z.input<typeof ZWorkshopDetails>) {
  await authorize(ctx, "settings.update");
  const input = parseInput(ZWorkshopDetails, raw);
  const data = {
    addressLine1: input.addressLine1 ?? null, city: input.city ?? null, postcode: input.postcode ?? null, phone: input.phone ?? null,
    email: input.email ?? null, taxNumber: input.taxNumber ?? null, pricesIncludeTax: input.pricesIncludeTax === "yes",
    defaultTaxRateBp: input.defaultTaxRate, labourRateMinor: input.labourRate,
  };
  await withTenant(ctx.orgId, async (tx, global) => {
    const before = await global.organization.findUniqueOrThrow({ where: { id: ctx.orgId } });
    await global.organization.update({ where: { id: ctx.orgId }, data });
    await audit(tx, actorOf(ctx), "SETTINGS_UPDATED", { type: "Organization", id: ctx.orgId }, changedFields(before, data));
  });
}
