"use server";

import { addCustomerContact, removeCustomerContact, type ZCustomerContact } from "@/lib/customers/customer-contacts";
import { orgAction } from "@/lib/actions/org-action";
import { createCustomer } from "@/lib/customers/create-customer";
import { ZCustomer } from "@/lib/customers/customer-input";
import { mergeCustomers } from "@/lib/customers/merge-customers";
import { updateCustomer } from "@/lib/customers/update-customer";
import { mergeVehicles } from "@/lib/vehicles/merge-vehicles";
import { addVehicle, ZVehicle } from "@/lib/vehicles/save-vehicle";
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";

const ZCustomerId = z.object({ customerId: z.string().uuid() });

export const createCustomerAction = orgAction(ZCustomer, async (ctx, input) => {
  const customer = await createCustomer(ctx, input);
  return { ok: true, data: { redirectTo: `/${ctx.orgSlug}/customers/${customer.id}` } };
});

export const updateCustomerAction = orgAction(z.intersection(ZCustomerId, ZCustomer), async (ctx, { customerId, ...input }) => {
  await updateCustomer(ctx, customerId, ZCustomer.parse(input));
  return { ok: true, message: "Customer saved." };
});

export const addVehicleAction = orgAction(z.intersection(ZCustomerId, ZVehicle), async (ctx, { customerId, ...input }) => {
  const vehicle = await addVehicle(ctx, customerId, input);
  return { ok: true, message: `${vehicle.registration ?? vehicle.vin} added.` };
});

const ZMerge = z.object({
  keepId: z.string().uuid(),
  mergeId: z.string({ message: "Choose the duplicate to merge." }).uuid("Choose the duplicate to merge."),
});

// A merge deletes the record whose page (or confirm step) the form is on: answer with a
// redirect to the record kept, which also works without JavaScript.
export const mergeCustomersAction = orgAction(ZMerge, async (ctx, input) => {
  await mergeCustomers(ctx, input);
  revalidatePath(`/${ctx.orgSlug}`, "layout");
  redirect(`/${ctx.orgSlug}/customers/${input.keepId}?merged=customer`);
});

export const mergeVehiclesAction = orgAction(ZMerge, async (ctx, input) => {
  const { vehicle } = await mergeVehicles(ctx, input);
  revalidatePath(`/${ctx.orgSlug}`, "layout");
  redirect(`/${ctx.orgSlug}/customers/${vehicle.customerId}?merged=vehicle`);
});

export const addCustomerContactAction = orgAction(z.object({}).loose(), async (ctx, input) => {
  await addCustomerContact(ctx, input as z.input<typeof ZCustomerContact>);
  return { ok: true, message: "Contact added." };
});

export const removeCustomerContactAction = orgAction(z.object({ contactId: z.string().uuid() }), async (ctx, input) => {
  await removeCustomerContact(ctx, input.contactId);
  return { ok: true, message: "Contact removed." };
});
