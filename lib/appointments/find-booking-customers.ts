import { customerPickerWhere, PICKER_ORDER, PICKER_SIZE } from "@/lib/customers/customer-picker";
import { withTenant } from "@/lib/db";
import type { OrgContext } from "@/lib/org/context";
import { authorize } from "@/lib/rbac";

/**
 * The booking form's customer picker: a few customers by part of their name,
 * email, phone or a car's plate, each with their cars to choose from.
 */
export async function findBookingCustomers(ctx: OrgContext, q: string) {
  await authorize(ctx, "appointment.create");
  await authorize(ctx, "customer.read");
  const where = customerPickerWhere(q);
  if (!where) return [];
  return withTenant(ctx.orgId, (tx) =>
    tx.customer.findMany({
      where,
      orderBy: [...PICKER_ORDER],
      take: PICKER_SIZE,
      select: {
        id: true, displayName: true, email: true, phone: true,
        vehicles: { orderBy: { createdAt: "asc" }, select: { id: true, registration: true, make: true, model: true } },
      },
    }),
  );
}

export type BookingCustomer = Awaited<ReturnType<typeof findBookingCustomers>>[number];
