// The demo workshop a new user signs in to. Idempotent: does nothing when
// "Demo Motors" exists. Writes through the app role and tenant scope, like the app.
import { hash } from "@node-rs/argon2";
import { audit } from "@/lib/audit/audit";
import { withTenant, type AppPrismaClient } from "@/lib/db";
import type { CustomerKind, Role } from "@/lib/generated/prisma/client";
import { withCheckDigit } from "@/lib/vehicles/vin";
import { seedDemoWork } from "./seed-work";
import { writeTemplate } from "@/lib/inspections/create-template";
import { STANDARD_CHECKLIST, STANDARD_CHECKLIST_NAME } from "@/lib/inspections/standard-checklist";

export const DEMO_SLUG = "demo-motors";
export const DEMO_PASSWORD = "demo-motors-2026";

export const DEMO_STAFF: ReadonlyArray<{ email: string; name: string; role: Role }> = [
  { email: "owner@demo-motors.test", name: "Olivia Owner", role: "OWNER" },
  { email: "admin@demo-motors.test", name: "Adam Admin", role: "ADMIN" },
  { email: "advisor@demo-motors.test", name: "Sam Advisor", role: "SERVICE_ADVISOR" },
  { email: "advisor2@demo-motors.test", name: "Priya Advisor", role: "SERVICE_ADVISOR" },
  { email: "tech@demo-motors.test", name: "Tom Technician", role: "TECHNICIAN" },
  { email: "tech2@demo-motors.test", name: "Tara Technician", role: "TECHNICIAN" },
  { email: "viewer@demo-motors.test", name: "Vic Viewer", role: "VIEWER" },
];

const DEMO_CUSTOMERS: ReadonlyArray<{
  kind: CustomerKind;
  displayName: string;
  email: string;
  phone: string;
  vehicles: ReadonlyArray<{ vin: string; registration: string; make: string; model: string; year: number }>;
}> = [
  { kind: "PERSON", displayName: "Jane Miller", email: "jane.miller@example.com", phone: "+44 7700 900101",
    vehicles: [{ vin: "WVWZZZ1KZ8W000001", registration: "AB12 CDE", make: "Volkswagen", model: "Golf", year: 2008 }] },
  { kind: "PERSON", displayName: "Raj Patel", email: "raj.patel@example.com", phone: "+44 7700 900102",
    vehicles: [{ vin: "SAJAA01A0XR000002", registration: "RP19 XYZ", make: "Jaguar", model: "XF", year: 2019 }] },
  { kind: "BUSINESS", displayName: "Greenleaf Florists Ltd", email: "accounts@greenleaf.example.com", phone: "+44 20 7946 0103",
    vehicles: [{ vin: "WF0XXXTTGX0000003", registration: "GF21 VAN", make: "Ford", model: "Transit", year: 2021 }] },
  { kind: "FLEET", displayName: "Swift Couriers Fleet", email: "fleet@swift.example.com", phone: "+44 20 7946 0104",
    vehicles: [
      { vin: "VF1MA000X00000004", registration: "SC70 AAA", make: "Renault", model: "Master", year: 2020 },
      { vin: "VF1MA000X00000005", registration: "SC70 AAB", make: "Renault", model: "Master", year: 2020 },
    ] },
  { kind: "PERSON", displayName: "Emily Chen", email: "emily.chen@example.com", phone: "+44 7700 900106",
    vehicles: [{ vin: "JTDKB20U000000006", registration: "EC15 HYB", make: "Toyota", model: "Prius", year: 2015 }] },
];

export async function seedDemoWorkshop(client: AppPrismaClient): Promise<{ created: boolean; orgId: string }> {
  const existing = await client.organization.findUnique({ where: { slug: DEMO_SLUG } });
  if (existing) return { created: false, orgId: existing.id };

  const passwordHash = await hash(DEMO_PASSWORD);
  const organization = await client.organization.create({
    // A complimentary Professional plan: the demo has more staff than the free trial's seats.
    data: {
      slug: DEMO_SLUG, name: "Demo Motors", country: "GB", currency: "GBP", timezone: "Europe/London", plan: "PROFESSIONAL",
      addressLine1: "1 Main Street", city: "Bristol", postcode: "BS1 4DJ", phone: "+44 117 496 0000", email: "desk@demo-motors.test", taxNumber: "GB 123 4567 89",
      onlineBookingEnabled: true,
    },
  });
  const users: Array<{ id: string }> = [];
  for (const staff of DEMO_STAFF) {
    users.push(
      await client.user.upsert({
        where: { email: staff.email },
        update: {},
        create: { email: staff.email, name: staff.name, passwordHash },
      }),
    );
  }

  await withTenant(
    organization.id,
    async (tx) => {
      const organizationId = organization.id;
      const actor = { orgId: organization.id, userId: users[0]!.id, requestId: "seed" };
      await tx.membership.createMany({
        data: DEMO_STAFF.map((staff, index) => ({ organizationId, userId: users[index]!.id, role: staff.role })),
      });
      const location = await tx.location.create({
        data: { organizationId, name: "Demo Motors Main Street", timezone: "Europe/London", addressLine1: "1 Main Street", city: "Bristol", postcode: "BS1 4DJ", phone: "+44 117 496 0000" },
      });
      // The appointment calendar's columns, and what the booking page (/book/demo-motors) offers.
      await tx.bay.createMany({ data: ["Bay 1", "Bay 2", "MOT lane"].map((name, position) => ({ organizationId, locationId: location.id, name, position })) });
      for (const customer of DEMO_CUSTOMERS) {
        const { vehicles, ...fields } = customer;
        const created = await tx.customer.create({
          data: { organizationId, ...fields, marketingConsent: customer.kind === "PERSON", smsConsent: true },
        });
        await tx.vehicle.createMany({
          data: vehicles.map((vehicle) => ({ organizationId, ...vehicle, vin: withCheckDigit(vehicle.vin), customerId: created.id })),
        });
        await audit(tx, actor, "customer.create", { type: "Customer", id: created.id }, { displayName: created.displayName });
      }
      await seedDemoWork(tx, organizationId, users.map((user) => user.id));
      // The checklist a technician starts a demo inspection from.
      await writeTemplate(tx, organizationId, STANDARD_CHECKLIST_NAME, STANDARD_CHECKLIST);
      await audit(tx, actor, "organization.seed", { type: "Organization", id: organization.id }, {
        staff: DEMO_STAFF.length,
        customers: DEMO_CUSTOMERS.length,
      });
    },
    { client, timeoutMs: 30_000 },
  );
  return { created: true, orgId: organization.id };
}
