import { z } from "zod";
import { audit } from "@/lib/audit/audit";
import { db, withTenant } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { JobLineKind, Prisma } from "@/lib/generated/prisma/client";
import { actorOf, type OrgContext } from "@/lib/org/context";
import { authorize } from "@/lib/rbac";
import { EDITABLE } from "./status";
import { isUuid } from "@/lib/ids";

export const ZCannedJob = z.object({
  title: z.string().trim().min(1, "Name the job.").max(200),
  lines: z
    .array(
      z.object({
        kind: z.enum(JobLineKind),
        description: z.string().trim().min(1).max(300),
        quantityMilli: z.number().int().positive().max(1_000_000_000),
        // Labour without a price takes the workshop's rate when the job is added.
        unitPriceMinor: z.number().int().min(0).max(1_000_000_000).optional(),
        unitCostMinor: z.number().int().min(0).max(1_000_000_000).optional(),
      }).refine((line) => line.kind === "LABOUR" || line.unitPriceMinor !== undefined, { message: "Parts, fees and discounts need a price." }),
    )
    .min(1, "Add at least one line."),
});

export async function createCannedJob(ctx: OrgContext, raw: z.input<typeof ZCannedJob>) {
  await authorize(ctx, "invoice.create");
  const input = ZCannedJob.parse(raw);
  try {
    return await withTenant(ctx.orgId, async (tx) => {
      const canned = await tx.cannedJob.create({ data: { organizationId: ctx.orgId, title: input.title } });
      await tx.cannedJobLine.createMany({
        data: input.lines.map((line, index) => ({
          organizationId: ctx.orgId, cannedJobId: canned.id, position: index + 1, kind: line.kind, description: line.description,
          quantityMilli: line.quantityMilli, unitPriceMinor: line.unitPriceMinor ?? null, unitCostMinor: line.unitCostMinor ?? null,
        })),
      });
      await audit(tx, actorOf(ctx), "cannedJob.create", { type: "CannedJob", id: canned.id }, { title: canned.title, lines: input.lines.length });
      return canned;
    });
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      throw new AppError("CONFLICT", "A canned job with this name exists.", { fields: { title: "A canned job with this name exists." } });
    }
    throw error;
  }
}

/** Copies a canned job, lines and all, onto a repair order in one transaction. */
export async function addCannedJob(ctx: OrgContext, repairOrderId: string, cannedJobId: string) {
  await authorize(ctx, "repairOrder.update");
  await authorize(ctx, "invoice.create");
  const organization = await db().organization.findUniqueOrThrow({ where: { id: ctx.orgId } });
  return withTenant(ctx.orgId, async (tx) => {
        const order = isUuid(repairOrderId) ? await tx.repairOrder.findFirst({ where: { id: repairOrderId } }) : null;
    if (!order) throw new AppError("NOT_FOUND", "That repair order was not found.");
    const canned = isUuid(cannedJobId)
      ? await tx.cannedJob.findFirst({ where: { id: cannedJobId }, include: { lines: { orderBy: { position: "asc" } } } })
      : null;
    if (!canned) throw new AppError("NOT_FOUND", "That canned job was not found.");
    if (!EDITABLE.has(order.status)) throw new AppError("CONFLICT", `Repair order ${order.number} can no longer change.`);
    const position = (await tx.job.count({ where: { repairOrderId: order.id } })) + 1;
    const job = await tx.job.create({ data: { organizationId: ctx.orgId, repairOrderId: order.id, position, title: canned.title } });
    await tx.jobLine.createMany({
      data: canned.lines.map((line) => {
        const price = line.unitPriceMinor ?? organization.labourRateMinor;
        return {
          organizationId: ctx.orgId, jobId: job.id, kind: line.kind, description: line.description, quantityMilli: line.quantityMilli,
          unitPriceMinor: line.kind === "DISCOUNT" ? -price : price, unitCostMinor: line.unitCostMinor,
          taxRateBp: organization.defaultTaxRateBp, partStatus: line.kind === "PART" ? ("NEEDED" as const) : null,
        };
      }),
    });
    await audit(tx, actorOf(ctx), "job.create", { type: "Job", id: job.id }, { repairOrderId: order.id, cannedJobId: canned.id, title: canned.title });
    return job;
  });
}
