import { z } from "zod";
import { blankToUndefined } from "@/lib/forms/blank";
import { CustomerKind } from "@/lib/generated/prisma/client";

const optionalText = (max: number) => z.preprocess(blankToUndefined, z.string().trim().max(max, `Use at most ${max} characters.`).optional());
const checkbox = z.preprocess((value) => value === "on" || value === true || value === "true", z.boolean());

export const ZCustomer = z.object({
  kind: z.enum(CustomerKind, { message: "Choose person, business or fleet." }).default("PERSON"),
  displayName: z.string().trim().min(1, "Enter the customer's name.").max(200, "Use at most 200 characters."),
  email: z.preprocess(blankToUndefined, z.string().trim().toLowerCase().email("Enter a valid email address.").max(254).optional()),
  phone: z.preprocess(blankToUndefined, z.string().trim().regex(/^[+0-9 ()-]{5,30}$/, "Enter a phone number (digits, spaces, + - ( )).").optional()),
  addressLine1: optionalText(200),
  city: optionalText(100),
  postcode: optionalText(20),
  paymentTermsDays: z.preprocess(blankToUndefined, z.coerce.number({ message: "Enter days as a whole number." }).int("Enter days as a whole number.").min(0, "Between 0 and 365 days.").max(365, "Between 0 and 365 days.").default(0)),
  marketingConsent: checkbox.default(false),
  smsConsent: checkbox.default(false),
  reminderConsent: checkbox.default(false),
  notes: optionalText(2000),
});

export type CustomerInput = z.infer<typeof ZCustomer>;

export const customerData = (input: CustomerInput) => ({
  kind: input.kind,
  displayName: input.displayName,
  email: input.email ?? null,
  phone: input.phone ?? null,
  addressLine1: input.addressLine1 ?? null,
  city: input.city ?? null,
  postcode: input.postcode ?? null,
  paymentTermsDays: input.paymentTermsDays,
  marketingConsent: input.marketingConsent,
  smsConsent: input.smsConsent,
  reminderConsent: input.reminderConsent,
  notes: input.notes ?? null,
});
