// The demo's work in progress: canned jobs and a few repair orders across the
// board, so every page has something to show on first sign-in.
import type { TenantTx } from "@/lib/db";
import type { JobLineKind, RepairOrderStatus } from "@/lib/generated/prisma/client";

type Line = { kind: JobLineKind; description: string; quantityMilli: number; unitPriceMinor: number; unitCostMinor?: number };

const CANNED: ReadonlyArray<{ title: string; lines: Line[] }> = [
  { title: "Annual service", lines: [
    { kind: "LABOUR", description: "Service labour", quantityMilli: 1500, unitPriceMinor: 8500 },
    { kind: "PART", description: "Oil filter", quantityMilli: 1000, unitPriceMinor: 1295, unitCostMinor: 640 },
    { kind: "PART", description: "Engine oil 5W-30 (litre)", quantityMilli: 4500, unitPriceMinor: 1150, unitCostMinor: 520 },
  ] },
  { title: "Front brake pads", lines: [
    { kind: "LABOUR", description: "Fit front pads", quantityMilli: 1000, unitPriceMinor: 8500 },
    { kind: "PART", description: "Front pad set", quantityMilli: 1000, unitPriceMinor: 4999, unitCostMinor: 2600 },
  ] },
  { title: "Wiper blades", lines: [{ kind: "PART", description: "Wiper blade pair", quantityMilli: 1000, unitPriceMinor: 2400, unitCostMinor: 1100 }] },
];

const ORDERS: ReadonlyArray<{ status: RepairOrderStatus; concerns: string; jobs: string[]; technician?: number; promisedInHours: number }> = [
  { status: "AWAITING_APPROVAL", concerns: "Squeal when braking", jobs: ["Front brake pads", "Wiper blades"], promisedInHours: 6 },
  { status: "IN_PROGRESS", concerns: "Due for its service", jobs: ["Annual service"], technician: 4, promisedInHours: 3 },
  { status: "READY", concerns: "Service and wipers", jobs: ["Annual service", "Wiper blades"], technician: 5, promisedInHours: 1 },
];

export async function seedDemoWork(tx: TenantTx, organizationId: string, userIds: string[]) {
  for (const canned of CANNED) {
    const job = await tx.cannedJob.create({ data: { organizationId, title: canned.title } });
    await tx.cannedJobLine.createMany({
      data: canned.lines.map((line, index) => ({ organizationId, cannedJobId: job.id, position: index + 1, ...line, unitCostMinor: line.unitCostMinor ?? null })),
    });
  }
  const vehicles = await tx.vehicle.findMany({ orderBy: { registration: "asc" }, take: ORDERS.length });
  for (const [index, spec] of ORDERS.entries()) {
    const vehicle = vehicles[index]!;
    const order = await tx.repairOrder.create({
      data: {
        organizationId, number: index + 1, status: spec.status, customerId: vehicle.customerId, billToCustomerId: vehicle.customerId, vehicleId: vehicle.id,
        advisorUserId: userIds[2] ?? null, technicianUserId: spec.technician !== undefined ? (userIds[spec.technician] ?? null) : null,
        concerns: spec.concerns, promisedAt: new Date(Date.now() + spec.promisedInHours * 3_600_000),
      },
    });
    for (const [position, title] of spec.jobs.entries()) {
      const canned = CANNED.find((c) => c.title === title)!;
      const job = await tx.job.create({
        data: { organizationId, repairOrderId: order.id, position: position + 1, title, approval: spec.status === "AWAITING_APPROVAL" ? "PENDING" : "APPROVED" },
      });
      await tx.jobLine.createMany({
        data: canned.lines.map((line) => ({
          organizationId, jobId: job.id, ...line, unitCostMinor: line.unitCostMinor ?? null, taxRateBp: 2000,
          partStatus: line.kind === "PART" ? ("NEEDED" as const) : null,
          technicianUserId: line.kind === "LABOUR" && spec.technician !== undefined ? (userIds[spec.technician] ?? null) : null,
        })),
      });
      // An hour already on the service, so My work and the repair order show logged against billed time.
      const technicianUserId = spec.technician !== undefined ? userIds[spec.technician] : undefined;
      if (spec.status === "IN_PROGRESS" && technicianUserId) {
        await tx.timeEntry.create({
          data: { organizationId, technicianUserId, repairOrderId: order.id, jobId: job.id, startedAt: new Date(Date.now() - 90 * 60_000), endedAt: new Date(Date.now() - 30 * 60_000) },
        });
      }
    }
  }
  await tx.$executeRaw`UPDATE "Organization" SET "nextRepairOrderNumber" = ${ORDERS.length + 1} WHERE id = ${organizationId}::uuid`;
}
