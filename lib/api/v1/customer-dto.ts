import { z } from "zod";
import { CustomerKind, type Customer } from "@/lib/generated/prisma/client";
import { iso, ZTimestamp } from "./schema-parts";

export const ZCustomerDto = z
  .object({
    id: z.uuid(),
    kind: z.enum(CustomerKind),
    displayName: z.string(),
    email: z.string().nullable(),
    phone: z.string().nullable(),
    addressLine1: z.string().nullable(),
    city: z.string().nullable(),
    postcode: z.string().nullable(),
    paymentTermsDays: z.int().meta({ description: "Days to pay an invoice; 0 means on collection." }),
    marketingConsent: z.boolean(),
    smsConsent: z.boolean(),
    reminderConsent: z.boolean().meta({ description: "Agreed to service and MOT reminders by email." }),
    notes: z.string().nullable(),
    createdAt: ZTimestamp,
    updatedAt: ZTimestamp,
  })
  .strict();

export const customerDto = (customer: Customer): z.input<typeof ZCustomerDto> => ({
  id: customer.id,
  kind: customer.kind,
  displayName: customer.displayName,
  email: customer.email,
  phone: customer.phone,
  addressLine1: customer.addressLine1,
  city: customer.city,
  postcode: customer.postcode,
  paymentTermsDays: customer.paymentTermsDays,
  marketingConsent: customer.marketingConsent,
  smsConsent: customer.smsConsent,
  reminderConsent: customer.reminderConsent,
  notes: customer.notes,
  createdAt: iso(customer.createdAt),
  updatedAt: iso(customer.updatedAt),
});
