// Two workshops in every suite that touches tenant data: B is the attacker's target.
import { audit } from "@/lib/audit/audit";
import { withTenant, type AppPrismaClient } from "@/lib/db";
import { withCheckDigit } from "@/lib/vehicles/vin";

export interface SeededWorkshop {
  orgId: string;
  userId: string;
  customerIds: string[];
  vehicleIds: string[];
}

export async function seedWorkshop(client: AppPrismaClient, label: string, customers = 3): Promise<SeededWorkshop> {
  const suffix = `${label}-${Math.random().toString(36).slice(2, 8)}`;
  const organization = await client.organization.create({
    data: { slug: `ws-${suffix}`, name: `Workshop ${label}`, country: "GB", currency: "GBP", timezone: "Europe/London" },
  });
  const user = await client.user.create({ data: { email: `owner-${suffix}@example.test`, name: `Owner ${label}` } });
  const organizationId = organization.id;
  return withTenant(
    organizationId,
    async (tx) => {
      await tx.membership.create({ data: { organizationId, userId: user.id, role: "OWNER" } });
      const customerIds: string[] = [];
      const vehicleIds: string[] = [];
      for (let i = 0; i < customers; i += 1) {
        const customer = await tx.customer.create({
          data: { organizationId, displayName: `${label} customer ${i}`, email: `c${i}-${suffix}@example.test` },
        });
        const serial = `${label.charCodeAt(0)}${i}`.padStart(6, "0").slice(-6);
        const vehicle = await tx.vehicle.create({
          data: { organizationId, customerId: customer.id, vin: withCheckDigit(`1HGCM82633A${serial}`), registration: `${label}${i} ABC` },
        });
        customerIds.push(customer.id);
        vehicleIds.push(vehicle.id);
        await audit(tx, { orgId: organizationId, userId: user.id }, "customer.create", { type: "Customer", id: customer.id });
      }
      return { orgId: organizationId, userId: user.id, customerIds, vehicleIds };
    },
    { client },
  );
}
