import { z } from "zod";
import { blankToUndefined } from "@/lib/forms/blank";

const optionalText = (max: number) => z.preprocess(blankToUndefined, z.string().trim().max(max, `Use at most ${max} characters.`).optional());

export const ZSupplier = z.object({
  name: z.string().trim().min(1, "Enter the supplier's name.").max(120, "Use at most 120 characters."),
  email: z.preprocess(blankToUndefined, z.string().trim().toLowerCase().email("Enter a valid email address.").max(254).optional()),
  phone: z.preprocess(blankToUndefined, z.string().trim().regex(/^[+0-9 ()-]{5,30}$/, "Enter a phone number (digits, spaces, + - ( )).").optional()),
  accountNumber: optionalText(60),
});

export type SupplierInput = z.infer<typeof ZSupplier>;

export const supplierData = (input: SupplierInput) => ({
  name: input.name,
  email: input.email ?? null,
  phone: input.phone ?? null,
  accountNumber: input.accountNumber ?? null,
});
