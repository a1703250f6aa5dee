"use server";

import { orgAction } from "@/lib/actions/org-action";
import { createCustomer } from "@/lib/customers/create-customer";
import { ZCustomer } from "@/lib/customers/customer-input";
import { updateCustomer } from "@/lib/customers/update-customer";
import { addVehicle, ZVehicle } from "@/lib/vehicles/save-vehicle";
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
