"use server";

import { z } from "zod";
import { orgAction } from "@/lib/actions/org-action";
import { createSupplier, updateSupplier } from "@/lib/suppliers/save-supplier";
import { ZSupplier } from "@/lib/suppliers/supplier-input";

export const createSupplierAction = orgAction(ZSupplier, async (ctx, input) => {
  const supplier = await createSupplier(ctx, input);
  return { ok: true, message: `Supplier “${supplier.name}” added.` };
});

export const updateSupplierAction = orgAction(z.intersection(z.object({ supplierId: z.string() }), ZSupplier), async (ctx, { supplierId, ...input }) => {
  await updateSupplier(ctx, supplierId, input);
  return { ok: true, message: "Supplier saved." };
});
