import { z } from "zod";
import { createCustomer } from "@/lib/customers/create-customer";
import { ZCustomer, type CustomerInput } from "@/lib/customers/customer-input";
import { getCustomer } from "@/lib/customers/get-customer";
import { listCustomers } from "@/lib/customers/list-customers";
import { patchCustomer } from "@/lib/customers/update-customer";
import { CustomerKind, type Customer } from "@/lib/generated/prisma/client";
import { defineListOperation, defineOperation, keysetList } from "../operation";
import { customerDto, ZCustomerDto } from "./customer-dto";
import { mergePatch, optionalText, orUndefined, ZIdParams, ZSinceQuery } from "./schema-parts";

const output = { name: "Customer", schema: ZCustomerDto };
const tag = "Customers";

// JSON types and limits for the document; the workshop's own rules (email,
// phone, trimming) are applied by ZCustomer, the schema the app's forms use.
const ZCustomerBody = z
  .object({
    kind: z.enum(CustomerKind).optional().meta({ description: "Defaults to PERSON." }),
    displayName: z.string().trim().min(1, "Enter the customer's name.").max(200).meta({ description: "The person's full name or the company's name." }),
    email: optionalText(254).meta({ format: "email" }),
    phone: optionalText(30).meta({ description: "Digits, spaces, + - ( )." }),
    addressLine1: optionalText(200),
    city: optionalText(100),
    postcode: optionalText(20),
    paymentTermsDays: z.int().min(0).max(365).optional(),
    marketingConsent: z.boolean().optional(),
    smsConsent: z.boolean().optional(),
    reminderConsent: z.boolean().optional(),
    notes: optionalText(2000),
  })
  .strict();

const ZCustomerPatch = ZCustomerBody.partial().strict();
type CustomerBody = z.output<typeof ZCustomerPatch>;

const asInput = (body: CustomerBody) => ({
  ...body,
  email: orUndefined(body.email),
  phone: orUndefined(body.phone),
  addressLine1: orUndefined(body.addressLine1),
  city: orUndefined(body.city),
  postcode: orUndefined(body.postcode),
  notes: orUndefined(body.notes),
});

/** What the customer's form would hold now: a PATCH changes only what it names. */
const currentInput = (customer: Customer): CustomerInput => ({
  kind: customer.kind,
  displayName: customer.displayName,
  email: orUndefined(customer.email),
  phone: orUndefined(customer.phone),
  addressLine1: orUndefined(customer.addressLine1),
  city: orUndefined(customer.city),
  postcode: orUndefined(customer.postcode),
  paymentTermsDays: customer.paymentTermsDays,
  marketingConsent: customer.marketingConsent,
  smsConsent: customer.smsConsent,
  reminderConsent: customer.reminderConsent,
  notes: orUndefined(customer.notes),
});

export const listCustomersOperation = defineListOperation({
  operationId: "listCustomers",
  path: "/customers",
  tag,
  summary: "List customers",
  description: "Oldest first. Filter by part of the name, email or phone, or by last change.",
  scope: "READ",
  query: z
    .object({
      q: z.string().trim().min(1).max(100).optional().meta({ description: "Part of the name, email or phone number; any case." }),
      updatedSince: ZSinceQuery.optional().meta({ description: "Only customers changed at or after this time (ISO 8601)." }),
    })
    .strict(),
  output,
  handler: (ctx, { query, page }) =>
    keysetList(page, async (keyset) => {
      const { items, nextAfterId } = await listCustomers(ctx, { ...(query.q ? { q: query.q } : {}), ...(query.updatedSince ? { updatedSince: query.updatedSince } : {}) }, keyset);
      return { items: items.map(customerDto), nextAfterId };
    }),
});

export const getCustomerOperation = defineOperation({
  operationId: "getCustomer",
  method: "GET",
  path: "/customers/{id}",
  tag,
  summary: "Get a customer",
  scope: "READ",
  params: ZIdParams("customer"),
  output,
  handler: async (ctx, { params }) => customerDto(await getCustomer(ctx, params.id)),
});

export const createCustomerOperation = defineOperation({
  operationId: "createCustomer",
  method: "POST",
  path: "/customers",
  tag,
  summary: "Create a customer",
  description: "Counts against the plan's customer limit (402 QUOTA_EXCEEDED when full).",
  scope: "READ_WRITE",
  body: ZCustomerBody,
  output,
  handler: async (ctx, { body }) => customerDto(await createCustomer(ctx, { ...asInput(body), displayName: body.displayName })),
});

export const updateCustomerOperation = defineOperation({
  operationId: "updateCustomer",
  method: "PATCH",
  path: "/customers/{id}",
  tag,
  summary: "Update a customer",
  description: "Changes only the fields sent; `null` clears an optional field.",
  scope: "READ_WRITE",
  params: ZIdParams("customer"),
  body: ZCustomerPatch,
  output,
  // Merged with the row as it is under lock: a concurrent PATCH of another field is kept.
  handler: async (ctx, { params, body }) => customerDto(await patchCustomer(ctx, params.id, (before) => ZCustomer.parse(mergePatch(currentInput(before), body)))),
});
